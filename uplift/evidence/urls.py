from django.urls import path

from uplift.evidence import views

app_name = "evidence"

urlpatterns = [
    path("<int:urn>/evidence/", views.library, name="library"),
    path("<int:urn>/evidence/add/", views.add, name="add"),
    path("<int:urn>/evidence/<int:pk>/", views.detail, name="detail"),
    path("<int:urn>/evidence/<int:pk>/edit/", views.edit, name="edit"),
    path("<int:urn>/evidence/<int:pk>/delete/", views.delete, name="delete"),
    path("<int:urn>/evidence/<int:pk>/download/", views.download, name="download"),
]

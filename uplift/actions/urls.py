from django.urls import path

from uplift.actions import views

app_name = "actions"

urlpatterns = [
    path("<int:urn>/actions/", views.plan, name="plan"),
    path("<int:urn>/actions/export.csv", views.export_csv, name="export_csv"),
    path("<int:urn>/actions/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<int:urn>/actions/new/", views.create, name="create"),
    path("<int:urn>/actions/<int:pk>/edit/", views.edit, name="edit"),
    path("<int:urn>/actions/<int:pk>/status/", views.status, name="status"),
]

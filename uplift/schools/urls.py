from django.urls import path

from uplift.schools import views

app_name = "schools"

urlpatterns = [
    path("", views.search, name="search"),
    path("<int:urn>/", views.detail, name="detail"),
    path("trusts/<int:trust_id>/", views.trust, name="trust"),
]

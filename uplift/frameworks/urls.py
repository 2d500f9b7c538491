from django.urls import path

from uplift.frameworks import views

app_name = "frameworks"

urlpatterns = [
    path("", views.current, name="current"),
]

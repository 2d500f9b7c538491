from django.urls import path

from uplift.bespoke import views

app_name = "bespoke"

urlpatterns = [
    path("clusters/<int:pk>/bespoke-days/", views.cluster, name="cluster"),
    path("clusters/<int:pk>/bespoke-days/new/", views.add, name="add"),
    path("clusters/<int:pk>/bespoke-days/<int:day_pk>/edit/", views.edit, name="edit"),
    path("clusters/<int:pk>/bespoke-days/<int:day_pk>/remove/", views.delete, name="delete"),
]

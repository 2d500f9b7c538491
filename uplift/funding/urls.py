from django.urls import path

from uplift.funding import views

app_name = "funding"

urlpatterns = [
    path("clusters/<int:pk>/funding/", views.cluster, name="cluster"),
    path("clusters/<int:pk>/funding/ledger.csv", views.export_csv, name="export_csv"),
    path("clusters/<int:pk>/funding/new/", views.add, name="add"),
    path("clusters/<int:pk>/funding/budget/", views.budget, name="budget"),
    path("clusters/<int:pk>/funding/<int:entry_pk>/edit/", views.edit, name="edit"),
    path("clusters/<int:pk>/funding/<int:entry_pk>/spent/", views.mark_spent, name="mark_spent"),
    path("clusters/<int:pk>/funding/<int:entry_pk>/remove/", views.delete, name="delete"),
]

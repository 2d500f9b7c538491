from django.urls import path

from uplift.dropins import views

app_name = "dropins"

urlpatterns = [
    path("drop-ins/", views.schedule, name="list"),
    path("drop-ins/new/", views.create, name="create"),
    path("drop-ins/new-series/", views.series, name="series"),
    path("drop-ins/<int:pk>/", views.detail, name="detail"),
    path("drop-ins/<int:pk>/edit/", views.edit, name="edit"),
    path("drop-ins/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("drop-ins/<int:pk>/book/", views.book, name="book"),
    path("drop-ins/<int:pk>/cancel-my-place/", views.unbook, name="unbook"),
    path("drop-ins/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("clusters/<int:pk>/drop-ins/", views.cluster, name="cluster"),
]

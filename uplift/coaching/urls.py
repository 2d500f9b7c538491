from django.urls import path

from uplift.coaching import views

app_name = "coaching"

urlpatterns = [
    path("clusters/<int:pk>/coaching/", views.cluster, name="cluster"),
    path("clusters/<int:pk>/coaching/nominate/", views.nominate, name="nominate"),
    path("coaching/", views.mine, name="mine"),
    path("coaching/<int:pk>/", views.detail, name="detail"),
    path("coaching/<int:pk>/coach/", views.assign, name="assign"),
    path("coaching/<int:pk>/close/", views.close, name="close"),
    path("coaching/<int:pk>/notes/", views.notes, name="notes"),
    path("coaching/<int:pk>/sessions/new/", views.log, name="log"),
    path("coaching/<int:pk>/sessions/<int:session_pk>/", views.session_edit, name="session_edit"),
    path("coaching/<int:pk>/sessions/<int:session_pk>/reflection/", views.reflect, name="reflect"),
]

"""The cluster workspace: the index of your clusters, each cluster's overview (timeline, members,
support used) and the advisor's action plans with each school."""

from django.urls import path

from uplift.clusters import views_workspace as views

urlpatterns: list = [
    path("clusters/", views.index, name="index"),
    path("clusters/<int:pk>/", views.overview, name="workspace"),
    path("clusters/<int:pk>/timeline/", views.timeline_edit, name="timeline_edit"),
    path("clusters/<int:pk>/plans/", views.plans, name="plans"),
    path("clusters/<int:pk>/plans/<int:urn>/", views.school_plan, name="school_plan"),
    path("clusters/<int:pk>/plans/<int:urn>/agree/", views.agree, name="plan_agree"),
]

"""Workgroup pages: a cluster's workgroups and outputs, each workgroup, its meetings and outputs, and the
outputs published beyond their cluster."""

from django.urls import path

from uplift.workgroups import views

app_name = "workgroups"

urlpatterns: list = [
    path("clusters/<int:pk>/workgroups/", views.cluster, name="cluster"),
    path("clusters/<int:pk>/workgroups/new/", views.create, name="create"),
    path("clusters/<int:pk>/outputs/", views.cluster_outputs, name="cluster_outputs"),
    path("workgroups/outputs/", views.published, name="published"),
    path("workgroups/outputs/<int:pk>/", views.output, name="output"),
    path("workgroups/outputs/<int:pk>/visibility/", views.output_visibility, name="output_visibility"),
    path("workgroups/<int:pk>/", views.detail, name="detail"),
    path("workgroups/<int:pk>/edit/", views.edit, name="edit"),
    path("workgroups/<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("workgroups/meetings/<int:pk>/", views.meeting, name="meeting"),
    path("workgroups/meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("workgroups/meetings/<int:pk>/outputs/new/", views.output_create, name="output_create"),
]

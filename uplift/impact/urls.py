"""The end of a cluster's programme: the impact report (page, PDF), end snapshots, reminders,
finishing the cluster, and the cohort summary for programme managers."""

from django.urls import path

from uplift.impact import views

app_name = "impact"

urlpatterns = [
    path("clusters/<int:pk>/impact/", views.report, name="report"),
    path("clusters/<int:pk>/impact/report.pdf", views.report_pdf, name="report_pdf"),
    path("clusters/<int:pk>/impact/end-snapshot/<int:urn>/", views.record_end, name="record_end"),
    path("clusters/<int:pk>/impact/remind/", views.remind, name="remind"),
    path("clusters/<int:pk>/impact/finish/", views.finish, name="finish"),
    path("cohorts/<int:pk>/impact/", views.cohort, name="cohort"),
]

"""Matching and confirming (programme managers): under the cohort, and per proposed or confirmed cluster."""

from django.urls import path

from uplift.clusters import views_advisors
from uplift.clusters import views_matching as views

urlpatterns = [
    path("clusters/cohorts/<int:cohort_pk>/matching/", views.matching, name="matching"),
    path("clusters/cohorts/<int:cohort_pk>/matching/runs/<int:pk>/", views.matching_run, name="matching_run"),
    path("clusters/cohorts/<int:cohort_pk>/matching/move/<int:urn>/", views.matching_move, name="matching_move"),
    path("clusters/cohorts/<int:cohort_pk>/matching/confirm/", views.matching_confirm, name="matching_confirm"),
    path("clusters/proposals/<int:pk>/split/", views.matching_split, name="matching_split"),
    path("clusters/proposals/<int:pk>/merge/", views.matching_merge, name="matching_merge"),
    path("clusters/<int:pk>/advisor/", views.matching_advisor, name="matching_advisor"),
    path("clusters/advisors/", views_advisors.advisors, name="advisors"),
]

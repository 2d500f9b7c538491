from django.urls import path

from uplift.cohorts import views

app_name = "cohorts"

urlpatterns = [
    # Programme managers.
    path("clusters/cohorts/", views.cohort_list, name="list"),
    path("clusters/cohorts/new/", views.cohort_create, name="create"),
    path("clusters/cohorts/<int:pk>/", views.cohort_detail, name="detail"),
    path("clusters/cohorts/<int:pk>/edit/", views.cohort_edit, name="edit"),
    path("clusters/cohorts/<int:pk>/applications.csv", views.applications_csv, name="applications_csv"),
    # The school's side, under the school.
    path("schools/<int:urn>/clusters/", views.school, name="school"),
    path("schools/<int:urn>/clusters/cohorts/<int:pk>/apply/", views.apply, name="apply"),
    path("schools/<int:urn>/clusters/applications/<int:pk>/consent/", views.consent, name="consent"),
    path("schools/<int:urn>/clusters/applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]

from django.urls import path

from uplift.assessments import views, views_profile

app_name = "assessments"

urlpatterns = [
    path("<int:urn>/assessment/", views.overview, name="overview"),
    path("<int:urn>/assessment/submit/", views.submit, name="submit"),
    # Add other assessment pages (profile/, snapshots/, compare/ ...) to this list.
]

# Profile, snapshots, comparison, new cycle, exports, report and the trust view (views_profile.py).
urlpatterns += [
    path("<int:urn>/assessment/profile/", views_profile.profile, name="profile"),
    path("<int:urn>/assessment/snapshots/", views_profile.snapshots, name="snapshots"),
    path("<int:urn>/assessment/compare/", views_profile.compare, name="compare"),
    path("<int:urn>/assessment/new-cycle/", views_profile.new_cycle, name="new_cycle"),
    path("<int:urn>/assessment/judgements.csv", views_profile.export_csv, name="export_csv"),
    path("<int:urn>/assessment/judgements.xlsx", views_profile.export_xlsx, name="export_xlsx"),
    path("<int:urn>/assessment/report.pdf", views_profile.report_pdf, name="report_pdf"),
    # Mounted under schools/ like the rest: /schools/trusts/<id>/assessment/ sits under schools:trust.
    path("trusts/<int:trust_id>/assessment/", views_profile.trust, name="trust"),
    path("trusts/<int:trust_id>/assessment/export.csv", views_profile.trust_csv, name="trust_csv"),
]

# Keep this last: <aspect_slug> matches any word, so it would swallow the pages above.
urlpatterns += [
    path("<int:urn>/assessment/<slug:aspect_slug>/", views.aspect, name="aspect"),
]

from django.urls import path

from uplift.qualitymark import views

app_name = "qualitymark"

urlpatterns = [
    # The school's side, under the school.
    path("schools/<int:urn>/quality-mark/", views.school, name="school"),
    path("schools/<int:urn>/quality-mark/apply/", views.apply, name="apply"),
    path("schools/<int:urn>/quality-mark/resubmit/", views.resubmit, name="resubmit"),
    path("schools/<int:urn>/quality-mark/certificate.pdf", views.certificate, name="certificate"),
    path("schools/<int:urn>/quality-mark/credential.json", views.credential, name="credential"),
    # Assessors and programme managers.
    path("quality-mark/assessor/", views.assessor_queue, name="assessor_queue"),
    path("quality-mark/manage/", views.manager_queue, name="manager_queue"),
    path("quality-mark/applications/<int:pk>/", views.review, name="review"),
    path("quality-mark/applications/<int:pk>/aspects/<slug:slug>/", views.review_aspect, name="review_aspect"),
    path("quality-mark/applications/<int:pk>/decide/", views.decide, name="decide"),
    path("quality-mark/applications/<int:pk>/moderate/", views.moderate, name="moderate"),
    path("quality-mark/applications/<int:pk>/resolve/", views.resolve, name="resolve"),
    path("quality-mark/applications/<int:pk>/reassign/", views.reassign, name="reassign"),
    path("quality-mark/applications/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("quality-mark/applications/<int:pk>/evidence/<int:item_pk>/", views.evidence, name="evidence"),
    # Public.
    path("quality-mark/verify/", views.verify_lookup, name="verify_lookup"),
    path("quality-mark/verify/<str:number>/", views.verify, name="verify"),
    path("quality-mark/verify/<str:number>/badge.svg", views.badge, name="badge"),
    path("quality-mark/issuer.json", views.issuer, name="issuer"),
    path("quality-mark/register/", views.register, name="register"),
    path("quality-mark/register.csv", views.register_csv, name="register_csv"),
]

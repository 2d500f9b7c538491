from django.urls import path

from uplift.certificates import views

app_name = "certificates"

urlpatterns = [
    path("schools/<int:urn>/certificates/", views.school_certificates, name="school"),
    path("schools/<int:urn>/certificates/<str:kind>.pdf", views.download, name="download"),
    path("certificates/verify/", views.verify_lookup, name="verify_lookup"),
    path("certificates/verify/<str:number>/", views.verify, name="verify"),
]

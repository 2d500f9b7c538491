from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "uplift.certificates"
    verbose_name = "Certificates"

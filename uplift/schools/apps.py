from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "uplift.schools"
    verbose_name = "Schools register"

from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "uplift.pages"
    verbose_name = "Site pages"

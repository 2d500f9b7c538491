from django.apps import AppConfig


class DropinsConfig(AppConfig):
    name = "uplift.dropins"
    label = "dropins"
    verbose_name = "CPD implementation drop-ins"

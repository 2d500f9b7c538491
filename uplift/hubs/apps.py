from django.apps import AppConfig


class HubsConfig(AppConfig):
    name = "uplift.hubs"
    verbose_name = "Computing Hubs"

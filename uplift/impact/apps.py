from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "uplift.impact"
    label = "impact"
    verbose_name = "Cluster impact"

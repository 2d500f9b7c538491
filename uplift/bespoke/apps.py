from django.apps import AppConfig


class BespokeConfig(AppConfig):
    name = "uplift.bespoke"
    label = "bespoke"
    verbose_name = "Bespoke intervention days"

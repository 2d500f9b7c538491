from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "uplift.funding"
    label = "funding"
    verbose_name = "Cluster funding"

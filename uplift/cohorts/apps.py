from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "uplift.cohorts"
    label = "cohorts"
    verbose_name = "Computing Clusters cohorts"

from django.apps import AppConfig


class QualityMarkConfig(AppConfig):
    name = "uplift.qualitymark"
    label = "qualitymark"
    verbose_name = "Quality Mark"

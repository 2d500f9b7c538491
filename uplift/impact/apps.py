from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "uplift.impact"
    label = "impact"
    verbose_name = "Cluster impact"

    def ready(self) -> None:
        from uplift.clusters.workspace import Section, register

        register(Section(key="impact", label="Impact", url_name="impact:report", order=80))

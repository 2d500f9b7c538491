from django.apps import AppConfig


class BespokeConfig(AppConfig):
    name = "uplift.bespoke"
    label = "bespoke"
    verbose_name = "Bespoke intervention days"

    def ready(self) -> None:
        from uplift.bespoke.selectors import bespoke_usage
        from uplift.clusters.workspace import Section, register

        register(
            Section(key="bespoke", label="Bespoke days", url_name="bespoke:cluster", order=60, usage=bespoke_usage)
        )

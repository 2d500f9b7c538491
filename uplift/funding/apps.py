from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "uplift.funding"
    label = "funding"
    verbose_name = "Cluster funding"

    def ready(self) -> None:
        from uplift.clusters.workspace import Section, register
        from uplift.funding.selectors import funding_usage

        register(Section(key="funding", label="Funding", url_name="funding:cluster", order=70, usage=funding_usage))

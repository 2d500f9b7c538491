from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "uplift.cohorts"
    label = "cohorts"
    verbose_name = "Computing Clusters cohorts"

    def ready(self) -> None:
        # The home page's cards take links from each capability (through uplift/accounts/home.py).
        from uplift.accounts import home
        from uplift.cohorts import dashboard as links

        home.register(school=links.school_links, programme=links.programme_links)

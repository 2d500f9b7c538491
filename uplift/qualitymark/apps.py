from django.apps import AppConfig


class QualityMarkConfig(AppConfig):
    name = "uplift.qualitymark"
    label = "qualitymark"
    verbose_name = "Quality Mark"

    def ready(self) -> None:
        # The home page's cards take links from each capability (through uplift/accounts/home.py).
        from uplift.accounts import home
        from uplift.qualitymark import dashboard as links

        home.register(school=links.school_links, programme=links.programme_links)

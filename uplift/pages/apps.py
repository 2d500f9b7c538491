from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "uplift.pages"
    verbose_name = "Site pages"

    def ready(self) -> None:
        from uplift.pages.dashboard import register_links

        register_links()

from django.apps import AppConfig


class QualityMarkConfig(AppConfig):
    name = "uplift.qualitymark"
    label = "qualitymark"
    verbose_name = "Quality Mark"

    def ready(self) -> None:
        # The Open Badges signing key is checked by every app that issues credentials (a set: once).
        from django.core import checks

        from uplift.lib.credentials import signing_key_checks, signing_key_deploy_checks

        checks.register(signing_key_checks, checks.Tags.security)
        checks.register(signing_key_deploy_checks, checks.Tags.security, deploy=True)

        # The home page's cards take links from each capability (through uplift/accounts/home.py).
        from uplift.accounts import home
        from uplift.qualitymark import dashboard as links

        home.register(school=links.school_links, programme=links.programme_links)

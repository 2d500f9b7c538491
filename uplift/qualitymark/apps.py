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

        # The home page's cards take links from each capability (uplift/pages/dashboard.py).
        from uplift.pages import dashboard
        from uplift.qualitymark import dashboard as links

        if links.school_links not in dashboard.school_links:
            dashboard.school_links.append(links.school_links)
        if links.programme_links not in dashboard.programme_links:
            dashboard.programme_links.append(links.programme_links)

from django.apps import AppConfig


class DropinsConfig(AppConfig):
    name = "uplift.dropins"
    label = "dropins"
    verbose_name = "CPD implementation drop-ins"

    def ready(self) -> None:
        from uplift.clusters.workspace import Section, register
        from uplift.dropins import dashboard as links
        from uplift.pages import dashboard

        register(Section(key="dropins", label="Drop-ins", url_name="dropins:cluster", order=50))
        # The home page's cards: drop-ins (and one's coaching) for cluster staff, advisors and managers.
        if links.school_links not in dashboard.school_links:
            dashboard.school_links.append(links.school_links)
        if links.programme_links not in dashboard.programme_links:
            dashboard.programme_links.append(links.programme_links)

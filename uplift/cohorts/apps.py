from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "uplift.cohorts"
    label = "cohorts"
    verbose_name = "Computing Clusters cohorts"

    def ready(self) -> None:
        # The home page's cards take links from each capability (uplift/pages/dashboard.py).
        from uplift.cohorts import dashboard as links
        from uplift.pages import dashboard

        if links.school_links not in dashboard.school_links:
            dashboard.school_links.append(links.school_links)
        if links.programme_links not in dashboard.programme_links:
            dashboard.programme_links.append(links.programme_links)

from django.apps import AppConfig


class ClustersConfig(AppConfig):
    name = "uplift.clusters"
    label = "clusters"
    verbose_name = "Computing Clusters"

    def ready(self) -> None:
        from uplift.clusters import dashboard as links
        from uplift.clusters.workspace import Section, register
        from uplift.pages import dashboard

        # The cluster workspace's own sections (the support apps register theirs).
        register(Section(key="overview", label="Overview", url_name="clusters:workspace", order=10))
        register(Section(key="plans", label="Action plans", url_name="clusters:plans", order=20))
        # The home page's cards take links from each capability (uplift/pages/dashboard.py).
        if links.school_links not in dashboard.school_links:
            dashboard.school_links.append(links.school_links)
        if links.programme_links not in dashboard.programme_links:
            dashboard.programme_links.append(links.programme_links)

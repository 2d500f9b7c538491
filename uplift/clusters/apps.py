from django.apps import AppConfig


class ClustersConfig(AppConfig):
    name = "uplift.clusters"
    label = "clusters"
    verbose_name = "Computing Clusters"

    def ready(self) -> None:
        from uplift.accounts import home
        from uplift.clusters import dashboard as links
        from uplift.clusters.eligibility import not_in_cluster_check
        from uplift.clusters.workspace import Section, register
        from uplift.cohorts.selectors import register_check

        # The cluster workspace's own sections (the support apps register theirs).
        register(Section(key="overview", label="Overview", url_name="clusters:workspace", order=10))
        register(Section(key="plans", label="Action plans", url_name="clusters:plans", order=20))
        # A school in a running cluster may not apply to another cohort (cohorts' eligibility).
        register_check(not_in_cluster_check)
        # The home page's cards take links from each capability (through uplift/accounts/home.py).
        home.register(school=links.school_links, programme=links.programme_links)

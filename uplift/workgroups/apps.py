from django.apps import AppConfig


class WorkgroupsConfig(AppConfig):
    name = "uplift.workgroups"
    label = "workgroups"
    verbose_name = "Cluster workgroups"

    def ready(self) -> None:
        from uplift.clusters.workspace import Section, register
        from uplift.workgroups.selectors import workgroup_usage

        register(
            Section(
                key="workgroups", label="Workgroups", url_name="workgroups:cluster", order=30, usage=workgroup_usage
            )
        )

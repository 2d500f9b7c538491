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
        # Verified CPD in the ledger: how ``cpd_backfill`` records what is already here.
        from uplift.cpd.models import SourceKind
        from uplift.cpd.sources import Source
        from uplift.cpd.sources import register as register_cpd
        from uplift.workgroups import cpd

        register_cpd(Source(kind=SourceKind.WORKGROUP_MEETING, label="Workgroup meetings", backfill=cpd.backfill))

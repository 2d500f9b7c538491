from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "uplift.coaching"
    label = "coaching"
    verbose_name = "Coaching and mentoring"

    def ready(self) -> None:
        from uplift.clusters.workspace import Section, register
        from uplift.coaching.selectors import coaching_usage

        register(Section(key="coaching", label="Coaching", url_name="coaching:cluster", order=40, usage=coaching_usage))
        # Verified CPD in the ledger: how ``cpd_backfill`` records what is already here.
        from uplift.coaching import cpd
        from uplift.cpd.models import SourceKind
        from uplift.cpd.sources import Source
        from uplift.cpd.sources import register as register_cpd

        register_cpd(Source(kind=SourceKind.COACHING, label="Coaching sessions", backfill=cpd.backfill))

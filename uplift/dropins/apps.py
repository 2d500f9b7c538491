from django.apps import AppConfig


class DropinsConfig(AppConfig):
    name = "uplift.dropins"
    label = "dropins"
    verbose_name = "CPD implementation drop-ins"

    def ready(self) -> None:
        from uplift.accounts import home
        from uplift.clusters.workspace import Section, register
        from uplift.dropins import dashboard as links
        from uplift.dropins.selectors import dropin_usage

        register(Section(key="dropins", label="Drop-ins", url_name="dropins:cluster", order=50, usage=dropin_usage))
        # The home page's cards: drop-ins (and one's coaching) for cluster staff, advisors and managers.
        home.register(school=links.school_links, programme=links.programme_links)
        # Verified CPD in the ledger: how ``cpd_backfill`` records what is already here.
        from uplift.cpd.models import SourceKind
        from uplift.cpd.sources import Source
        from uplift.cpd.sources import register as register_cpd
        from uplift.dropins import cpd

        register_cpd(Source(kind=SourceKind.DROPIN, label="Drop-in attendance", backfill=cpd.backfill))

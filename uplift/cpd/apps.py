from django.apps import AppConfig


class CpdConfig(AppConfig):
    name = "uplift.cpd"
    label = "cpd"
    verbose_name = "CPD ledger"

    def ready(self) -> None:
        from uplift.accounts import home
        from uplift.cpd import dashboard as links

        # The home page's cards: "My CPD" for everyone with a school or programme role, the staff view for leaders.
        home.register(school=links.school_links, programme=links.programme_links)

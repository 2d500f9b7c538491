from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "uplift.accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from uplift.accounts.access import roles_changed
        from uplift.accounts.models import ProgrammeMembership, SchoolMembership, TrustMembership
        from uplift.hubs.models import Hub

        # A person's roles are read once per request (``access.roles_for``); any change to a membership, or
        # to the local authorities a hub covers, makes the snapshots taken before it stale.
        for model in (SchoolMembership, TrustMembership, ProgrammeMembership):
            post_save.connect(roles_changed, sender=model, dispatch_uid=f"roles_changed_save_{model.__name__}")
            post_delete.connect(roles_changed, sender=model, dispatch_uid=f"roles_changed_delete_{model.__name__}")
        m2m_changed.connect(roles_changed, sender=Hub.local_authorities.through, dispatch_uid="roles_changed_hub_las")

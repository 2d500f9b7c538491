from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "uplift.accounts"
    verbose_name = "Accounts and roles"

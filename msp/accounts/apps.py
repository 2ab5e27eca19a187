"""App configuration."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "msp.accounts"
    label = "accounts"
    verbose_name = "Accounts and audit"

    def ready(self):
        from axes.signals import user_locked_out

        from msp.accounts import signin

        user_locked_out.connect(signin.locked_out, dispatch_uid="msp.accounts.locked_out")

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Pengguna dan peran"

    def ready(self) -> None:
        # After every migrate the four groups hold exactly the permissions of roles.py.
        # It listens to every app, since each app's permissions appear after its own migrate.
        post_migrate.connect(_sync_roles_after_migrate, dispatch_uid="accounts_sync_roles")


def _sync_roles_after_migrate(sender, **kwargs) -> None:
    from accounts.roles import sync_roles

    sync_roles(using=kwargs.get("using", "default"))

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate

from accounts.session_timeout import stamp_sign_in


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Pengguna dan peran"

    def ready(self) -> None:
        # After every migrate the four groups hold exactly the permissions of roles.py.
        # It listens to every app, since each app's permissions appear after its own migrate.
        post_migrate.connect(_sync_roles_after_migrate, dispatch_uid="accounts_sync_roles")
        user_logged_in.connect(stamp_sign_in, dispatch_uid="accounts_session_clocks")


def _sync_roles_after_migrate(sender, **kwargs) -> None:
    from accounts.roles import sync_roles

    sync_roles(using=kwargs.get("using", "default"))

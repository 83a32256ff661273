from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import m2m_changed, post_delete, post_migrate

from accounts.session_timeout import stamp_sign_in


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Pengguna dan peran"

    def ready(self) -> None:
        # After every migrate the four groups hold exactly the permissions of roles.py.
        # It listens to every app, since each app's permissions appear after its own migrate.
        post_migrate.connect(_sync_roles_after_migrate, dispatch_uid="accounts_sync_roles")
        user_logged_in.connect(stamp_sign_in, dispatch_uid="accounts_session_clocks")
        # Any change of who holds which permission: the sessions read theirs again.
        from django.contrib.auth.models import Group, User

        from accounts.permission_cache import forget_on_sign_in, permissions_changed

        user_logged_in.connect(forget_on_sign_in, dispatch_uid="accounts_forget_perms")

        for sender in (
            User.groups.through,
            User.user_permissions.through,
            Group.permissions.through,
        ):
            m2m_changed.connect(permissions_changed, sender=sender, dispatch_uid=f"perms_{sender}")
        post_delete.connect(permissions_changed, sender=Group, dispatch_uid="perms_group_delete")


def _sync_roles_after_migrate(sender, **kwargs) -> None:
    from accounts.roles import sync_roles

    sync_roles(using=kwargs.get("using", "default"))

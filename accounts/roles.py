"""The four roles of DOMAIN.md, as Django groups with the permissions listed here."""

from enum import StrEnum

from django.contrib.auth.models import Group, Permission


class Role(StrEnum):
    ADMIN = "Admin BKD"
    OPERATOR = "Operator BKD"
    PENGAWAS = "Pengawas"
    PIMPINAN = "Pimpinan"


# "app_label.codename", or "app_label.*" for every permission of an app.
ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.ADMIN: (
        "participants.*",
        "sessions_app.*",
        "reports.*",
        "audit.view_auditentry",
        "accounts.*",
        "auth.*",
        "axes.*",
    ),
    Role.OPERATOR: ("participants.*", "sessions_app.*", "reports.*"),
    Role.PENGAWAS: ("sessions_app.view_attendance", "sessions_app.add_attendance"),
    Role.PIMPINAN: (
        "participants.view_participant",
        "participants.view_opd",
        "participants.view_upt",
        "participants.view_region",
        "participants.view_positionclass",
    ),
}

# Roles that work in the Django admin as well as in the site's own pages.
STAFF_ROLES = frozenset({Role.ADMIN, Role.OPERATOR})


def _permissions(specs: tuple[str, ...]):
    found = []
    for spec in specs:
        app_label, codename = spec.split(".", 1)
        perms = Permission.objects.filter(content_type__app_label=app_label)
        if codename != "*":
            perms = perms.filter(codename=codename)
        found.extend(perms)
    return found


def sync_roles(using: str = "default") -> None:
    """Create the role groups and give each exactly its permissions. Safe to run twice."""
    for role, specs in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=role.value)
        group.permissions.set(_permissions(specs))


def user_roles(user) -> list[str]:
    if not user.is_authenticated:
        return []
    names = {group.name for group in user.groups.all()}
    return [role.value for role in Role if role.value in names]

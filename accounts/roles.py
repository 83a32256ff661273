"""The four roles (docs/rules.md#roles-and-scope), as Django groups with the permissions
listed here."""

from enum import StrEnum

from django.contrib.auth.models import Group, Permission


class Role(StrEnum):
    ADMIN = "Admin BKD"
    OPERATOR = "Operator BKD"
    PENGAWAS = "Pengawas"
    PIMPINAN = "Pimpinan"


# "app_label.codename", "app_label.*" for every permission of an app, "-app_label.codename"
# to leave one out of what the specs before it gave.
ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.ADMIN: (
        "core.*",  # the import batches
        "participants.*",
        "sessions_app.*",
        "scoring.*",
        "reports.*",
        "messaging.*",
        "api.*",  # the keys of the HR systems: the admin's alone
        "audit.view_auditentry",
        "accounts.*",
        "auth.*",
        "axes.*",
    ),
    # Publishing results is the admin's: an operator runs the scoring, an admin signs it off.
    # Both staff roles see every OPD (accounts.view_all_opds); a Pimpinan sees the OPDs of
    # their profile, or all of them when the profile says "Semua OPD".
    Role.OPERATOR: (
        "core.*",
        "participants.*",
        "sessions_app.*",
        "scoring.*",
        "-scoring.publish_scorerun",
        "reports.*",
        "messaging.*",
        "accounts.view_all_opds",
    ),
    Role.PENGAWAS: ("sessions_app.view_attendance", "sessions_app.add_attendance"),
    Role.PIMPINAN: (
        "participants.view_participant",
        "participants.view_opd",
        "participants.view_upt",
        "participants.view_region",
        "participants.view_positionclass",
        "scoring.view_participantresult",
        "reports.view_pnbpbill",  # the PNBP bills of their OPDs; issuing them is BKD's
    ),
}

# Roles that work in the Django admin as well as in the site's own pages.
STAFF_ROLES = frozenset({Role.ADMIN, Role.OPERATOR})


def _permissions(specs: tuple[str, ...]):
    found: dict[int, Permission] = {}
    for spec in specs:
        app_label, codename = spec.removeprefix("-").split(".", 1)
        perms = Permission.objects.filter(content_type__app_label=app_label)
        if codename != "*":
            perms = perms.filter(codename=codename)
        for perm in perms:
            if spec.startswith("-"):
                found.pop(perm.pk, None)
            else:
                found[perm.pk] = perm
    return list(found.values())


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

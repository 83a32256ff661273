"""A user's OPD scope, in one place: which OPDs they may see, and the queryset method every
page, export and task uses to keep to them.

The scope is read from the user's accounts.Profile through `user.profile`, so this module
imports nothing from accounts (accounts imports participants, not the other way round).
"""

from collections.abc import Collection

from django.db import models


def scoped_opd_ids(user) -> set[int] | None:
    """Which OPDs this user may see: None for every OPD, else the ids of their scope.

    The one home of the rule. Every OPD by role (Admin BKD, Operator BKD: the
    accounts.view_all_opds permission) or by the explicit "Semua OPD" choice on the
    profile; otherwise exactly the profile's OPDs, so an empty scope, or no profile at
    all (a proctor's account), sees nothing rather than everything.
    """
    if not user.is_authenticated:
        return set()
    if user.has_perm("accounts.view_all_opds"):
        return None
    profile = getattr(user, "profile", None)
    if profile is None:
        return set()
    return holder_opd_ids(profile)


def holder_opd_ids(holder) -> set[int] | None:
    """The OPDs of a scope held as `all_opds` and `opds` (a user's profile, a system's API
    token): None for every OPD when all_opds is chosen, else exactly the OPDs listed, so an
    empty list (its last OPD deleted or merged away) sees nothing."""
    if holder.all_opds:
        return None
    return {opd.pk for opd in holder.opds.all()}


class OpdScopedQuerySet(models.QuerySet):
    """Rows that belong to an OPD through `opd_path` (the lookup of the OPD's id from the
    row): `visible_to(user)` keeps those of the user's scope."""

    opd_path: str

    def visible_to(self, user):
        """The rows of the OPDs this user may see (scoped_opd_ids)."""
        return self.visible_to_opds(scoped_opd_ids(user))

    def visible_to_opds(self, opd_ids: Collection[int] | None):
        """The rows of the OPDs given, every row when None: for work that holds a scope
        already, such as a recap export that stored the scope it was asked with."""
        if opd_ids is None:
            return self
        return self.filter(**{f"{self.opd_path}__in": opd_ids})

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Profile(models.Model):
    """What a user account needs beyond Django's: the OPD scope of a manager.

    A manager sees every OPD only when all_opds says so; otherwise exactly the OPDs in opds,
    so an empty scope (its last OPD deleted or merged away) sees nothing."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    all_opds = models.BooleanField(
        _("semua OPD"),
        default=False,
        help_text=_(
            "Centang agar pengguna ini melihat semua OPD. Tanpa centang, hanya OPD yang dipilih "
            "di cakupan OPD; cakupan kosong berarti tidak melihat data peserta mana pun."
        ),
    )
    opds = models.ManyToManyField(
        "participants.Opd",
        blank=True,
        related_name="scoped_profiles",
        verbose_name=_("cakupan OPD"),
        help_text=_("OPD yang boleh dilihat bila 'Semua OPD' tidak dicentang."),
    )

    class Meta:
        verbose_name = _("profil")
        verbose_name_plural = _("profil")
        # Held by the Admin BKD and Operator BKD roles (accounts.roles): every OPD by role.
        permissions = [("view_all_opds", _("Melihat semua OPD menurut peran"))]

    def __str__(self) -> str:
        return str(self.user)

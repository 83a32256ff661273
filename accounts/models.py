from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Profile(models.Model):
    """What a user account needs beyond Django's: the OPD scope of a manager."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    opds = models.ManyToManyField(
        "participants.Opd",
        blank=True,
        related_name="+",
        verbose_name=_("cakupan OPD"),
        help_text=_("Kosongkan untuk semua OPD. Pimpinan OPD hanya melihat OPD yang dipilih."),
    )

    class Meta:
        verbose_name = _("profil")
        verbose_name_plural = _("profil")

    def __str__(self) -> str:
        return str(self.user)

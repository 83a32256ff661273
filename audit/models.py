from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who did what to which record, and when. Written by the services, never edited."""

    class Action(models.TextChoices):
        CREATE = "create", _("Tambah")
        UPDATE = "update", _("Ubah")
        DELETE = "delete", _("Hapus")
        IMPORT = "import", _("Impor")
        EXPORT = "export", _("Unduh")
        VIEW = "view", _("Lihat")  # a page of sensitive figures, e.g. a succession pool

    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pengguna"),
    )
    # Kept so the trail still reads after a user account is removed.
    actor_name = models.CharField(_("nama pengguna"), max_length=150, blank=True)
    action = models.CharField(_("aksi"), max_length=10, choices=Action.choices)
    target_type = models.CharField(_("jenis data"), max_length=60)
    target_id = models.CharField(max_length=40, blank=True)
    target_repr = models.CharField(_("data"), max_length=255, blank=True)
    changes = models.JSONField(_("perubahan"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("entri audit")
        verbose_name_plural = _("jejak audit")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.target_repr}"

    def change_rows(self) -> list[tuple[str, str]]:
        """The changes as (field, text) lines for a page."""
        rows = []
        for field, value in self.changes.items():
            if isinstance(value, list) and len(value) == 2:
                text = f"{value[0] if value[0] not in (None, '') else '–'} → {value[1]}"
            elif isinstance(value, dict | list):
                text = f"{len(value)} entri"
            else:
                text = str(value)
            rows.append((field, text))
        return rows

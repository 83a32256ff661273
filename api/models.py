"""The systems that read the API (SIMPEG, BKN's exchange): one row and one key each.

The key itself is never stored: only its SHA-256 digest, and its first characters so that
an administrator can tell keys apart. It is shown once, on the admin page that creates or
renews it (api/admin.py). A key is long and random, so a plain digest is enough: there is
no short password to guess by trying a slow hash.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.scope import holder_opd_ids

KEY_PREFIX_LENGTH = 8


class Resource(models.TextChoices):
    """What a system may read; each is one list of the API and one grant on the token."""

    PARTICIPANTS = "participants", _("Peserta")
    EVENTS = "events", _("Kegiatan")
    SCHEDULES = "schedules", _("Jadwal")
    ATTENDANCE = "attendance", _("Kehadiran")
    RESULTS = "results", _("Hasil terbit")


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiClient(models.Model):
    """One consuming system: its key, the OPDs it may read and the lists it may read."""

    name = models.CharField(_("nama sistem"), max_length=100, unique=True)
    note = models.CharField(_("keterangan"), max_length=255, blank=True)
    key_prefix = models.CharField(_("awal kunci"), max_length=KEY_PREFIX_LENGTH, editable=False)
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    all_opds = models.BooleanField(
        _("semua OPD"),
        default=False,
        help_text=_(
            "Centang agar sistem ini membaca data semua OPD. Tanpa centang, hanya OPD yang "
            "dipilih; tanpa OPD terpilih, sistem ini tidak membaca data peserta mana pun."
        ),
    )
    opds = models.ManyToManyField(
        "participants.Opd",
        blank=True,
        related_name="api_clients",
        verbose_name=_("cakupan OPD"),
    )
    resources = models.JSONField(
        _("data yang boleh dibaca"),
        default=list,
        blank=True,
        help_text=_("Daftar yang boleh dibaca sistem ini; yang lain dijawab 403."),
    )
    expires_at = models.DateTimeField(
        _("berlaku sampai"),
        null=True,
        blank=True,
        help_text=_("Kosongkan bila kunci berlaku sampai dicabut."),
    )
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("dibuat oleh"),
    )
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        constraints = [
            models.CheckConstraint(
                condition=Q(key_digest__regex=r"^[0-9a-f]{64}$"), name="api_key_digest_hex"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def new_key(self) -> str:
        """Give this system a new key (the old one stops working on save); returns the key,
        which only the caller ever sees."""
        key = secrets.token_urlsafe(32)
        self.key_prefix = key[:KEY_PREFIX_LENGTH]
        self.key_digest = key_digest(key)
        return key

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    def grants(self, resource: str) -> bool:
        return resource in self.resources

    def opd_ids(self) -> set[int] | None:
        """The OPDs this system may read, by the same rule as a user's scope."""
        return holder_opd_ids(self)

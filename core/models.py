"""The upload every importer keeps between its preview and its confirmation."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    """One uploaded file on its way from preview to confirmation.

    The file is kept under MEDIA_ROOT so the confirmation reads exactly what was previewed.
    """

    class Kind(models.TextChoices):
        PARTICIPANTS = "participants", _("Peserta")
        INSTRUMENT = "instrument", _("Instrumen")
        ANSWERS = "answers", _("Jawaban mentah")
        PRESCORED = "prescored", _("Skor jadi")
        SKP = "skp", _("Predikat SKP")
        STANDARDS = "standards", _("Standar jabatan")

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Pratinjau")
        DONE = "done", _("Selesai")
        CANCELLED = "cancelled", _("Dibatalkan")

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEW)
    file = models.FileField(upload_to="imports/")
    original_name = models.CharField(max_length=255)
    summary = models.JSONField(default=dict)
    # What the file is for, e.g. the code of the event an instrument belongs to.
    target = models.CharField(max_length=60, blank=True)
    result = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("impor")
        verbose_name_plural = _("impor")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.original_name}"

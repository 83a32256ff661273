import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from participants.competencies import COMPETENCIES
from scoring.models import ScoreRun


class CompetencyDevelopment(models.Model):
    """The forms of development BPSDM offers for a competency, shown with the gap map and
    the training needs list; one line per form. Edited in the admin."""

    competency = models.CharField(_("kompetensi"), max_length=8, unique=True, choices=COMPETENCIES)
    forms = models.TextField(_("bentuk pengembangan"), help_text=_("Satu bentuk per baris."))

    class Meta:
        ordering = ["competency"]
        verbose_name = _("rekomendasi pengembangan")
        verbose_name_plural = _("rekomendasi pengembangan")

    def __str__(self) -> str:
        return self.competency

    def form_list(self) -> list[str]:
        return [line.strip() for line in self.forms.splitlines() if line.strip()]


class RecapExport(models.Model):
    """One Excel recap a user asked for, written by a Celery task; its file for them alone."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu worker")
        RUNNING = "running", _("Ditulis")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    run = models.ForeignKey(ScoreRun, on_delete=models.CASCADE, related_name="recaps")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    opd_ids = models.JSONField(null=True, blank=True)  # the user's scope then; None: all OPDs
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="recaps/", blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("rekap Excel")
        verbose_name_plural = _("rekap Excel")
        default_permissions = ()  # asked for by those who may see the results

    def __str__(self) -> str:
        return f"{self.run} rekap {self.token}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

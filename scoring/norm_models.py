"""Stored norms for the ES T-scores (docs/rules.md#es-norms-and-percentiles); a module of
their own so scoring/models.py stays short. scoring/models.py imports them, so Django and
the rest of the code find them there."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from scoring import core
from scoring.norms import ScaleNorm


class EsNorm(models.Model):
    """A stored reference for the ES T-scores: per scale the mean and sd of scale means
    (docs/rules.md#es-norms-and-percentiles). Taken from an earlier run's cohort or entered
    by hand; never changed afterwards, so a run that used it stays explained."""

    class Source(models.TextChoices):
        RUN = "run", _("Dari proses penilaian")
        MANUAL = "manual", _("Diisi manual")

    name = models.CharField(_("nama"), max_length=120, unique=True)
    source = models.CharField(_("asal"), max_length=10, choices=Source.choices)
    source_run = models.ForeignKey(
        "ScoreRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proses asal"),
    )
    note = models.CharField(_("keterangan"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("norma ES")
        verbose_name_plural = _("norma ES")

    def __str__(self) -> str:
        return self.name

    def figures(self, scales: tuple[str, ...] = core.ES_SCALES) -> list[ScaleNorm]:
        """The norm of each scale, in `scales` order; KeyError if one is missing."""
        stored = {row.scale: row for row in self.scales.all()}
        return [ScaleNorm(stored[s].mean, stored[s].sd, stored[s].n) for s in scales]

    def as_json(self) -> dict:
        """What a run records of the norm it used, and what its inputs hash reads."""
        return {
            "id": self.pk,
            "name": self.name,
            "scales": {
                code: figure.as_json()
                for code, figure in zip(core.ES_SCALES, self.figures(), strict=True)
            },
        }


class EsNormScale(models.Model):
    """One scale of a stored norm: the mean and population sd of scale means (1-5)."""

    norm = models.ForeignKey(EsNorm, on_delete=models.CASCADE, related_name="scales")
    scale = models.CharField(_("skala"), max_length=10)
    mean = models.FloatField(_("rata-rata"))
    sd = models.FloatField(_("simpangan baku"))
    n = models.PositiveIntegerField(_("jumlah peserta"), null=True, blank=True)

    class Meta:
        ordering = ["norm", "pk"]
        verbose_name = _("skala norma ES")
        verbose_name_plural = _("skala norma ES")
        constraints = [
            models.UniqueConstraint(fields=["norm", "scale"], name="es_norm_scale_unique"),
            models.CheckConstraint(condition=Q(sd__gt=0, sd__lte=2), name="es_norm_sd_range"),
            models.CheckConstraint(
                condition=Q(mean__gte=1, mean__lte=5), name="es_norm_mean_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.norm} {self.scale}"

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from participants.scope import OpdScopedQuerySet
from scoring import core
from scoring.norm_models import EsNorm, EsNormScale  # noqa: F401 - the app's models, here
from sessions_app.models import Event


class Instrument(models.Model):
    """One test form of an event, read from its Items workbook."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="instruments")
    name = models.CharField(_("nama"), max_length=120)
    source_name = models.CharField(_("file"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "name"]
        verbose_name = _("instrumen")
        verbose_name_plural = _("instrumen")
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="instrument_unique")]

    def __str__(self) -> str:
        return f"{self.event.code} · {self.name}"

    def scoring_items(self) -> list[core.Item]:
        return [item.as_scoring_item() for item in self.items.all()]


class InstrumentItem(models.Model):
    class Component(models.TextChoices):
        MSK = "MSK", "MSK"
        LD = "LD", "LD"
        ES = "ES", "ES"

    class Kind(models.TextChoices):
        SJT = "SJT", "SJT"
        MC = "MC", "MC"
        LIKERT = "LIKERT", "LIKERT"

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    code = models.CharField(_("kode"), max_length=40)
    component = models.CharField(_("komponen"), max_length=3, choices=Component.choices)
    scale = models.CharField(_("skala"), max_length=10)
    kind = models.CharField(_("tipe"), max_length=6, choices=Kind.choices)
    key = models.JSONField(_("kunci"), null=True, blank=True)
    reverse = models.BooleanField(_("terbalik"), default=False)

    class Meta:
        ordering = ["instrument", "position"]
        verbose_name = _("butir")
        verbose_name_plural = _("butir")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="item_code_unique"),
            models.UniqueConstraint(fields=["instrument", "position"], name="item_position_unique"),
        ]

    def __str__(self) -> str:
        return self.code

    def as_scoring_item(self) -> core.Item:
        return core.Item(
            code=self.code,
            component=self.component,
            scale=self.scale,
            kind=self.kind,
            key=self.key,
            reverse=self.reverse,
        )


class ScoringSettings(models.Model):
    """Every number the scoring rules use, per event; the defaults are those of
    docs/rules.md#settings-and-defaults."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="scoring_settings")
    sjt_unanswered = models.PositiveSmallIntegerField(_("skor SJT tidak dijawab"), default=1)
    jpm_optimal = models.DecimalField(
        _("JPM Optimal mulai"), max_digits=5, decimal_places=2, default=90
    )
    jpm_cukup = models.DecimalField(
        _("JPM Cukup Optimal mulai"), max_digits=5, decimal_places=2, default=78
    )
    weight_msk = models.DecimalField(_("bobot MSK"), max_digits=5, decimal_places=2, default=50)
    weight_ld = models.DecimalField(
        _("bobot Literasi Digital"), max_digits=5, decimal_places=2, default=25
    )
    weight_es = models.DecimalField(
        _("bobot Keahlian Masa Depan"), max_digits=5, decimal_places=2, default=25
    )
    potential_tinggi = models.DecimalField(
        _("Potensi Tinggi mulai"), max_digits=5, decimal_places=2, default=85
    )
    potential_menengah = models.DecimalField(
        _("Potensi Menengah mulai"), max_digits=5, decimal_places=2, default=70
    )
    es_max_unanswered_share = models.DecimalField(
        _("bagian butir ES boleh kosong"),
        max_digits=3,
        decimal_places=2,
        default=0.5,
        help_text=_("Skala dengan butir kosong lebih dari bagian ini tidak diberi skor."),
    )
    es_norm = models.ForeignKey(
        EsNorm,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("norma skor T Keahlian Masa Depan"),
    )

    class Meta:
        verbose_name = _("aturan penilaian")
        verbose_name_plural = _("aturan penilaian")
        constraints = [
            models.CheckConstraint(condition=Q(sjt_unanswered__lte=5), name="sjt_unanswered_range"),
            models.CheckConstraint(
                condition=Q(jpm_cukup__lte=F("jpm_optimal")), name="jpm_thresholds_order"
            ),
            models.CheckConstraint(
                condition=Q(potential_menengah__lte=F("potential_tinggi")),
                name="potential_thresholds_order",
            ),
            models.CheckConstraint(
                condition=Q(weight_msk__gte=0, weight_ld__gte=0, weight_es__gte=0),
                name="weights_positive",
            ),
            models.CheckConstraint(
                condition=Q(es_max_unanswered_share__gte=0, es_max_unanswered_share__lt=1),
                name="es_share_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Aturan penilaian {self.event.code}"

    def as_settings(self) -> core.Settings:
        return core.Settings(
            sjt_unanswered=self.sjt_unanswered,
            jpm_optimal=float(self.jpm_optimal),
            jpm_cukup=float(self.jpm_cukup),
            weight_msk=float(self.weight_msk),
            weight_ld=float(self.weight_ld),
            weight_es=float(self.weight_es),
            potential_tinggi=float(self.potential_tinggi),
            potential_menengah=float(self.potential_menengah),
            es_max_unanswered_share=float(self.es_max_unanswered_share),
        )


class AnswerSheet(models.Model):
    """One participant's answers to one instrument, encoded one character per item in the
    instrument's order: 0 unanswered, 1-5 the option A-E or the Likert answer."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="answer_sheets"
    )
    registration = models.ForeignKey(
        "sessions_app.Registration", on_delete=models.CASCADE, related_name="answer_sheets"
    )
    answers = models.CharField(max_length=2000)
    imported_at = models.DateTimeField()

    class Meta:
        verbose_name = _("lembar jawaban")
        verbose_name_plural = _("lembar jawaban")
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "registration"], name="one_sheet_per_person"
            ),
            models.CheckConstraint(condition=Q(answers__regex=r"^[0-5]+$"), name="answers_encoded"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} @ {self.instrument_id}"


class SkpRating(models.Model):
    """A participant's yearly performance rating (SKP predikat), the kinerja of the 9-box."""

    class Predikat(models.TextChoices):
        SANGAT_BAIK = "Sangat Baik", _("Sangat Baik")
        BAIK = "Baik", _("Baik")
        BUTUH_PERBAIKAN = "Butuh Perbaikan", _("Butuh Perbaikan")
        KURANG = "Kurang", _("Kurang")
        SANGAT_KURANG = "Sangat Kurang", _("Sangat Kurang")

    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.CASCADE, related_name="skp_ratings"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    predikat = models.CharField(_("predikat"), max_length=20, choices=Predikat.choices)
    imported_at = models.DateTimeField()

    class Meta:
        ordering = ["participant", "-year"]
        verbose_name = _("predikat SKP")
        verbose_name_plural = _("predikat SKP")
        constraints = [
            models.UniqueConstraint(fields=["participant", "year"], name="one_skp_per_year"),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="skp_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.year}: {self.predikat}"


class RegistrationScopedQuerySet(OpdScopedQuerySet):
    """Rows of one registration each: in the scope of the registration's participant's OPD."""

    opd_path = "registration__participant__opd_id"


class PrescoredResult(models.Model):
    """Scores delivered already computed (some stages): the nine levels, LD and ES."""

    registration = models.OneToOneField(
        "sessions_app.Registration", on_delete=models.CASCADE, related_name="prescored"
    )
    levels = models.JSONField(_("level kompetensi"))  # 9 ints 1-5, COMPETENCY_CODES order
    ld_score = models.DecimalField(
        _("Literasi Digital"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    es_score = models.DecimalField(
        _("Keahlian Masa Depan"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    imported_at = models.DateTimeField()

    objects = RegistrationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("skor jadi")
        verbose_name_plural = _("skor jadi")

    def __str__(self) -> str:
        return f"{self.registration_id}: {self.levels}"


class ScoreRun(models.Model):
    """One scoring of an event: its inputs fixed by a hash, its figures in `results`."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu worker")
        RUNNING = "running", _("Berjalan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="score_runs")
    number = models.PositiveIntegerField(_("nomor"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, null=True, blank=True, related_name="score_runs"
    )
    inputs_hash = models.CharField(_("hash masukan"), max_length=64)
    settings_snapshot = models.JSONField(_("aturan penilaian"), default=dict)
    participants_total = models.PositiveIntegerField(default=0)
    chunks_total = models.PositiveIntegerField(default=0)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    dispatch_error = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    summary = models.JSONField(default=dict)  # counts and aggregates of the final step
    es_norm = models.ForeignKey(
        EsNorm, on_delete=models.PROTECT, null=True, blank=True, related_name="runs"
    )
    # What the ES T-scores were computed against: {"norm": EsNorm.as_json() or None, "cohort":
    # {scale: {"mean", "sd", "n"} or None}}, both recorded by the run's start.
    es_reference = models.JSONField(default=dict)
    item_analysis = models.JSONField(default=dict)

    class Meta:
        ordering = ["event", "-number"]
        verbose_name = _("proses penilaian")
        verbose_name_plural = _("proses penilaian")
        permissions = [("publish_scorerun", _("Menerbitkan hasil penilaian"))]
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="score_run_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.event.code} #{self.number}"

    @property
    def es_norm_name(self) -> str:
        """The stored norm the T-scores used, by name; empty when the cohort was the norm."""
        return (self.es_reference.get("norm") or {}).get("name", "")


class ScoreRunChunk(models.Model):
    """A slice of a run's participants (sorted registration ids lo..hi); done once scored."""

    run = models.ForeignKey(ScoreRun, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    first_registration = models.PositiveBigIntegerField()
    last_registration = models.PositiveBigIntegerField()
    size = models.PositiveIntegerField()
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run", "index"]
        constraints = [models.UniqueConstraint(fields=["run", "index"], name="score_chunk_unique")]

    def __str__(self) -> str:
        return f"{self.run} bagian {self.index + 1}"


class ParticipantResult(models.Model):
    """Every figure of one participant in one run, rounded once (half-up, 2 decimals)."""

    class Source(models.TextChoices):
        ANSWERS = "answers", _("Jawaban mentah")
        PRESCORED = "prescored", _("Skor jadi")

    run = models.ForeignKey(ScoreRun, on_delete=models.CASCADE, related_name="results")
    registration = models.ForeignKey(
        "sessions_app.Registration", on_delete=models.CASCADE, related_name="results"
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    competency_scores = models.JSONField(default=list)  # 9 means or null (prescored)
    levels = models.JSONField(default=list)  # 9 ints
    gaps = models.JSONField(default=list)  # 9 ints, level - required
    jpm = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    jpm_category = models.CharField(max_length=20, blank=True)
    ld_score = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    ld_pillars = models.JSONField(default=list)  # 4 or empty
    es_scales = models.JSONField(default=list)  # 6 scale means or null
    es_t = models.JSONField(default=list)  # 6 T-scores or null, against the run's es_reference
    es_score = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    es_complete = models.BooleanField(default=False)
    potential = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    potential_category = models.CharField(max_length=10, blank=True)
    kinerja = models.CharField(max_length=20, blank=True)
    skp_year = models.PositiveSmallIntegerField(null=True)
    box = models.PositiveSmallIntegerField(null=True)

    objects = RegistrationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["run", "registration"]
        verbose_name = _("hasil peserta")
        verbose_name_plural = _("hasil peserta")
        constraints = [
            models.UniqueConstraint(fields=["run", "registration"], name="one_result_per_run"),
            models.CheckConstraint(
                condition=Q(box__isnull=True) | Q(box__gte=1, box__lte=9), name="box_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.run} · {self.registration_id}"

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from participants.competencies import COMPETENCIES
from participants.models import Opd
from participants.scope import OpdScopedQuerySet
from scoring.models import ScoreRun
from sessions_app.models import Event


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


class PnbpBillQuerySet(OpdScopedQuerySet):
    opd_path = "opd_id"

    def live(self):
        """The bills that count: issued or paid, not those cancelled and replaced."""
        return self.exclude(status=PnbpBill.Status.CANCELLED)


class PnbpBill(models.Model):
    """The PNBP bill of one OPD for one event (docs/rules.md#pnbp-bills): who sat from the
    PNBP date, as they were when it was issued, the tariff and the total. Its number is given
    once and never reused; a bill whose attendance changed is cancelled and replaced."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("Belum lunas")
        PAID = "paid", _("Lunas")
        CANCELLED = "cancelled", _("Dibatalkan")

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="pnbp_bills", verbose_name=_("kegiatan")
    )
    opd = models.ForeignKey(
        Opd, on_delete=models.PROTECT, related_name="pnbp_bills", verbose_name=_("OPD")
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    sequence = models.PositiveIntegerField(_("nomor urut"))
    number = models.CharField(_("nomor"), max_length=40, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ISSUED
    )
    pnbp_start_date = models.DateField(_("PNBP berlaku mulai"))
    tariff = models.PositiveIntegerField(_("tarif per peserta (Rp)"))
    count = models.PositiveIntegerField(_("jumlah peserta"))
    total = models.PositiveBigIntegerField(_("jumlah tagihan (Rp)"))
    # sha256 of the start date, tariff and NIPs billed: the same again issues nothing new.
    fingerprint = models.CharField(max_length=64)
    issued_on = models.DateField(_("tanggal terbit"))
    issued_at = models.DateTimeField(_("waktu terbit"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    paid_on = models.DateField(_("tanggal bayar"), null=True, blank=True)
    payment_reference = models.CharField(_("referensi pembayaran"), max_length=100, blank=True)
    paid_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("waktu batal"), null=True, blank=True)
    replaced_by = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("diganti dengan"),
    )

    objects = PnbpBillQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-sequence"]
        verbose_name = _("tagihan PNBP")
        verbose_name_plural = _("tagihan PNBP")
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="pnbp_bill_number_once"),
            models.UniqueConstraint(
                fields=["event", "opd"],
                condition=~Q(status="cancelled"),
                name="pnbp_one_live_bill_per_opd_event",
            ),
            models.CheckConstraint(condition=Q(count__gte=1), name="pnbp_bill_has_people"),
            models.CheckConstraint(
                condition=Q(total=F("tariff") * F("count")), name="pnbp_bill_total_adds_up"
            ),
            models.CheckConstraint(
                condition=(Q(status="paid", paid_on__isnull=False) & ~Q(payment_reference=""))
                | (~Q(status="paid") & Q(paid_on__isnull=True, payment_reference="")),
                name="pnbp_bill_paid_has_reference",
            ),
            models.CheckConstraint(
                condition=Q(status="cancelled", cancelled_at__isnull=False)
                | (~Q(status="cancelled") & Q(cancelled_at__isnull=True)),
                name="pnbp_bill_cancelled_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class PnbpBillLine(models.Model):
    """One person billed, as they were when the bill was issued."""

    bill = models.ForeignKey(PnbpBill, on_delete=models.CASCADE, related_name="lines")
    nip = models.CharField(_("NIP"), max_length=18)
    name = models.CharField(_("nama"), max_length=150)
    sat_on = models.DateField(_("tanggal hadir"))

    class Meta:
        ordering = ["name", "nip"]
        verbose_name = _("peserta tertagih")
        verbose_name_plural = _("peserta tertagih")
        default_permissions = ()  # written with its bill
        constraints = [
            models.UniqueConstraint(fields=["bill", "nip"], name="pnbp_bill_person_once"),
        ]

    def __str__(self) -> str:
        return f"{self.bill_id}: {self.nip}"

import datetime as dt

from django.conf import settings
from django.contrib.postgres.fields import RangeBoundary, RangeOperators
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.models import Participant
from participants.scope import OpdScopedQuerySet
from sessions_app.models.constraints import PostgresExclusionConstraint, TsTzRange


class Event(models.Model):
    """One assessment stage, e.g. Penilaian Potensi dan Kompetensi Tahap III 2024."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        PUBLISHED = "published", _("Terbit")
        CLOSED = "closed", _("Ditutup")

    code = models.CharField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    stage = models.CharField(_("tahap"), max_length=40, blank=True)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    labs = models.ManyToManyField("sessions_app.Lab", related_name="events", verbose_name=_("lab"))
    opd_day_share = models.DecimalField(
        _("batas peserta satu OPD per hari"),
        max_digits=3,
        decimal_places=2,
        default=0.5,
        help_text=_("Bagian peserta satu OPD yang boleh dijadwalkan pada hari yang sama."),
    )
    # PNBP (PP 2/2024): sittings from this date on are billed per participant who sat.
    pnbp_start_date = models.DateField(
        _("PNBP berlaku mulai"),
        null=True,
        blank=True,
        help_text=_(
            "Peserta yang hadir ujian pada tanggal ini atau sesudahnya dikenai PNBP. "
            "Kosongkan bila kegiatan ini tidak dikenai PNBP."
        ),
    )
    pnbp_tariff = models.PositiveIntegerField(
        _("tarif PNBP per peserta (Rp)"),
        null=True,
        blank=True,
        help_text=_("Dalam rupiah, tanpa titik. Kosong atau 0: tidak ada PNBP."),
    )
    # When the row last changed, for the API's changed_since.
    changed_at = models.DateTimeField(_("terakhir diubah"), auto_now=True, db_index=True)

    class Meta:
        ordering = ["-start_date", "code"]
        verbose_name = _("kegiatan ujian")
        verbose_name_plural = _("kegiatan ujian")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="event_dates_in_order"
            ),
            models.CheckConstraint(
                condition=Q(opd_day_share__gt=0, opd_day_share__lte=1), name="event_share_range"
            ),
            models.CheckConstraint(
                condition=Q(pnbp_tariff__isnull=True)
                | Q(pnbp_tariff=0)
                | Q(pnbp_start_date__isnull=False),
                name="event_pnbp_tariff_has_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    @property
    def pnbp_configured(self) -> bool:
        return self.pnbp_start_date is not None and bool(self.pnbp_tariff)


class Venue(models.Model):
    name = models.CharField(_("nama"), max_length=200, unique=True)
    address = models.CharField(_("alamat"), max_length=255, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tempat")
        verbose_name_plural = _("tempat")

    def __str__(self) -> str:
        return self.name


class Lab(models.Model):
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="labs")
    name = models.CharField(_("nama ruang"), max_length=100)

    class Meta:
        ordering = ["venue__name", "name"]
        verbose_name = _("lab")
        verbose_name_plural = _("lab")
        constraints = [models.UniqueConstraint(fields=["venue", "name"], name="lab_unique")]

    def __str__(self) -> str:
        return self.name


class Workstation(models.Model):
    class Status(models.TextChoices):
        USABLE = "usable", _("Dipakai")
        SPARE = "spare", _("Cadangan")
        OUT_OF_ORDER = "broken", _("Rusak")

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="workstations")
    label = models.CharField(_("label"), max_length=20)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.USABLE
    )

    class Meta:
        ordering = ["lab_id", "label"]
        verbose_name = _("komputer")
        verbose_name_plural = _("komputer")
        constraints = [models.UniqueConstraint(fields=["lab", "label"], name="workstation_unique")]

    def __str__(self) -> str:
        return f"{self.lab} {self.label}"


class SessionQuerySet(models.QuerySet):
    def on(self, day):
        return self.filter(date=day)

    def for_proctor(self, user):
        return self.filter(proctors=user)


class Session(models.Model):
    """One sitting of an event, in every lab of the event at once."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("tanggal"))
    start_time = models.TimeField(_("mulai"))
    end_time = models.TimeField(_("selesai"))
    name = models.CharField(_("nama"), max_length=40, blank=True)
    proctors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="proctored_sessions",
        verbose_name=_("pengawas"),
    )
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # When its date, hours or name last changed, for the API's changed_since on schedules.
    changed_at = models.DateTimeField(_("terakhir diubah"), auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["date", "start_time"]
        verbose_name = _("sesi")
        verbose_name_plural = _("sesi")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "date", "start_time"], name="session_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="session_times_in_order"
            ),
        ]

    def __str__(self) -> str:
        label = self.name or _("Sesi")
        return f"{label} {self.date:%d/%m/%Y} {self.start_time:%H.%M}–{self.end_time:%H.%M}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        if fields is None or {"date", "start_time", "end_time"} & set(fields):
            # The placements carry the session's hours for the one-seat-one-person rule.
            starts_at, ends_at = self.span
            self.placements.exclude(starts_at=starts_at, ends_at=ends_at).update(
                starts_at=starts_at, ends_at=ends_at
            )

    @property
    def span(self) -> tuple[dt.datetime, dt.datetime]:
        """Start and end as aware datetimes; the times are local (WITA)."""
        zone = timezone.get_default_timezone()
        return (
            timezone.make_aware(dt.datetime.combine(self.date, self.start_time), zone),
            timezone.make_aware(dt.datetime.combine(self.date, self.end_time), zone),
        )

    @property
    def is_upcoming(self) -> bool:
        """Open and not yet started: the only sessions whose seats may still be changed for
        reasons like a broken computer."""
        return self.closed_at is None and self.span[0] > timezone.now()


class RegistrationQuerySet(OpdScopedQuerySet):
    opd_path = "participant__opd_id"


class Registration(models.Model):
    """A participant registered for an event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="registrations"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["participant__name"]
        verbose_name = _("pendaftaran")
        verbose_name_plural = _("pendaftaran")
        constraints = [
            models.UniqueConstraint(fields=["event", "participant"], name="registration_unique")
        ]

    def __str__(self) -> str:
        return f"{self.participant} @ {self.event.code}"


class Unavailability(models.Model):
    """A date a registered participant cannot attend."""

    class Source(models.TextChoices):
        OPERATOR = "operator", _("Operator")
        IMPORT = "import", _("Impor")
        OPD = "opd", _("Permintaan OPD")

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="unavailable_dates"
    )
    date = models.DateField(_("tanggal"))
    source = models.CharField(
        _("sumber"), max_length=10, choices=Source.choices, default=Source.OPERATOR
    )
    note = models.CharField(_("keterangan"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("tidak bisa hadir")
        verbose_name_plural = _("tidak bisa hadir")
        constraints = [
            models.UniqueConstraint(fields=["registration", "date"], name="unavailability_unique")
        ]

    def __str__(self) -> str:
        return f"{self.registration.participant.name} {self.date:%d/%m/%Y}"


class PlacementQuerySet(OpdScopedQuerySet):
    opd_path = "registration__participant__opd_id"


class Placement(models.Model):
    """Where a registered participant sits: one session, one workstation.

    The database refuses a second placement for a registration and a second person on a
    workstation in the same session, whatever the code above it does; on PostgreSQL it also
    refuses a second person on a workstation at overlapping hours, whatever the event
    (`starts_at`/`ends_at` are the session's hours, kept in step by `save` here and in
    Session.save; on SQLite sessions_app.services.occupancy makes that check).
    """

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="placement"
    )
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="placements")
    workstation = models.ForeignKey(
        Workstation, on_delete=models.PROTECT, related_name="placements"
    )
    pinned = models.BooleanField(_("dikunci"), default=False)
    reason = models.CharField(_("alasan perubahan"), max_length=200, blank=True)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    placed_at = models.DateTimeField(auto_now=True)
    starts_at = models.DateTimeField(_("mulai"), editable=False)
    ends_at = models.DateTimeField(_("selesai"), editable=False)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["session", "workstation__label"]
        verbose_name = _("penempatan")
        verbose_name_plural = _("penempatan")
        indexes = [models.Index(fields=["workstation", "starts_at"], name="placement_seat_time")]
        constraints = [
            models.UniqueConstraint(fields=["session", "workstation"], name="one_person_per_seat"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="placement_times_in_order"
            ),
            PostgresExclusionConstraint(
                name="one_person_per_seat_at_a_time",
                expressions=[
                    ("workstation", RangeOperators.EQUAL),
                    (
                        TsTzRange("starts_at", "ends_at", RangeBoundary()),
                        RangeOperators.OVERLAPS,
                    ),
                ],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration.participant.name}: {self.session} {self.workstation}"

    def save(self, *args, **kwargs):
        self.starts_at, self.ends_at = self.session.span
        super().save(*args, **kwargs)

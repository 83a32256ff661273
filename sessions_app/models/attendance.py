from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from participants.scope import OpdScopedQuerySet
from sessions_app.models.schedule import Registration, Session, Workstation


class AttendanceStatus(models.TextChoices):
    PRESENT = "hadir", _("Hadir")
    LATE = "terlambat", _("Terlambat")
    EXCUSED = "izin", _("Izin")
    ABSENT = "tidak_hadir", _("Tidak Hadir")


class AttendanceQuerySet(OpdScopedQuerySet):
    opd_path = "registration__participant__opd_id"


class Attendance(models.Model):
    """The current status of one participant in one session: the latest mark wins."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="attendances"
    )
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(_("status"), max_length=12, choices=AttendanceStatus.choices)
    arrived_at = models.DateTimeField(_("jam datang"), null=True, blank=True)
    reason = models.CharField(_("alasan"), max_length=200, blank=True)
    workstation = models.ForeignKey(
        Workstation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("duduk di"),
        help_text=_("Diisi bila peserta duduk di komputer lain dari rencana."),
    )
    marked_at = models.DateTimeField(_("waktu penandaan"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # When the server last wrote the row (marked_at is the device's clock, and a mark kept
    # offline arrives later), for the API's changed_since.
    changed_at = models.DateTimeField(_("terakhir diubah"), auto_now=True, db_index=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="one_attendance_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} @ {self.session_id}: {self.status}"


class AttendanceMark(models.Model):
    """Every mark as it was sent: the history, and the idempotency key of replays."""

    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="marks")
    client_id = models.UUIDField(unique=True)
    status = models.CharField(max_length=12, choices=AttendanceStatus.choices)
    arrived_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    workstation = models.ForeignKey(
        Workstation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    marked_at = models.DateTimeField()  # on the device that marked
    received_at = models.DateTimeField(auto_now_add=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    device = models.CharField(max_length=120, blank=True)
    replayed = models.BooleanField(default=False)  # kept offline, sent later

    class Meta:
        ordering = ["marked_at", "received_at"]
        verbose_name = _("riwayat penandaan")
        verbose_name_plural = _("riwayat penandaan")

    def __str__(self) -> str:
        return f"{self.status} {self.marked_at:%H:%M:%S}"

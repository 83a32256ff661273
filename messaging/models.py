"""The outbox: every message the site sends, or opened for a person to send (WhatsApp)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        WHATSAPP = "whatsapp", _("WhatsApp")

    class State(models.TextChoices):
        QUEUED = "queued", _("Antre")
        SENT = "sent", _("Terkirim")
        FAILED = "failed", _("Gagal")
        OPENED = "opened", _("Dibuka (WhatsApp)")

    class Kind(models.TextChoices):
        SCHEDULE = "schedule", _("Jadwal dan kartu peserta")
        RESCHEDULE = "reschedule", _("Jadwal ulang peserta tidak hadir")
        OPD_LETTER = "opd_letter", _("Surat jadwal untuk kontak OPD")
        RESULTS = "results", _("Pemberitahuan hasil terbit untuk kontak OPD")
        PROCTOR = "proctor", _("Daftar sesi untuk pengawas")

    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    state = models.CharField(
        _("status"), max_length=10, choices=State.choices, default=State.QUEUED
    )
    recipient_name = models.CharField(_("penerima"), max_length=150)
    recipient_address = models.CharField(_("alamat"), max_length=254)
    subject = models.CharField(_("perihal"), max_length=200, blank=True)
    body = models.TextField(_("isi"))
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    failure = models.CharField(_("alasan gagal"), max_length=500, blank=True)
    # One notice per change: the same kind for the same registration, session and seat is
    # queued once however often the schedule is saved. None for WhatsApp openings.
    dedupe_key = models.CharField(max_length=120, unique=True, null=True, blank=True)
    event = models.ForeignKey(
        "sessions_app.Event", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    opd = models.ForeignKey(
        "participants.Opd", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    caused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("pesan")
        verbose_name_plural = _("pesan")
        indexes = [models.Index(fields=["state", "created_at"], name="message_state_created")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="failed") | ~Q(failure=""), name="message_failure_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(channel="email") | Q(state="opened"),
                name="message_whatsapp_only_opened",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.get_kind_display()} #{self.pk}"


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("nama berkas"), max_length=150)
    content_type = models.CharField(max_length=100)
    file = models.FileField(upload_to="pesan/%Y/%m/")

    class Meta:
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")

    def __str__(self) -> str:
        return self.name


class EventMessaging(models.Model):
    """Which notices an event sends; an event without a row sends every kind."""

    event = models.OneToOneField(
        "sessions_app.Event", on_delete=models.CASCADE, related_name="messaging"
    )
    schedule_email = models.BooleanField(_("kirim jadwal dan kartu peserta"), default=True)
    reschedule_email = models.BooleanField(
        _("kirim jadwal ulang peserta tidak hadir"), default=True
    )
    opd_letter_email = models.BooleanField(_("kirim surat jadwal ke kontak OPD"), default=True)
    results_email = models.BooleanField(
        _("kirim pemberitahuan hasil terbit ke kontak OPD"), default=True
    )
    proctor_email = models.BooleanField(_("kirim daftar sesi ke pengawas"), default=True)

    class Meta:
        verbose_name = _("pengaturan pesan kegiatan")
        verbose_name_plural = _("pengaturan pesan kegiatan")

    def __str__(self) -> str:
        return str(self.event)


FIELD_OF_KIND = {
    Message.Kind.SCHEDULE: "schedule_email",
    Message.Kind.RESCHEDULE: "reschedule_email",
    Message.Kind.OPD_LETTER: "opd_letter_email",
    Message.Kind.RESULTS: "results_email",
    Message.Kind.PROCTOR: "proctor_email",
}


def kind_enabled(event_id: int, kind: str) -> bool:
    settings_row = EventMessaging.objects.filter(event_id=event_id).first()
    return settings_row is None or getattr(settings_row, FIELD_OF_KIND[Message.Kind(kind)])

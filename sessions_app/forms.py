from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from participants.forms import ParticipantFilterForm
from sessions_app.models import (
    AttendanceStatus,
    Event,
    Registration,
    Session,
    Unavailability,
)
from sessions_app.services.attendance import ARRIVED
from sessions_app.services.occupancy import hours_clash


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "code",
            "name",
            "stage",
            "start_date",
            "end_date",
            "status",
            "labs",
            "opd_day_share",
            "pnbp_start_date",
            "pnbp_tariff",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "pnbp_start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "labs": forms.CheckboxSelectMultiple,
        }

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Tanggal selesai sebelum tanggal mulai."))
        if self.instance.pk and start and end:
            outside = self.instance.sessions.exclude(date__range=(start, end))
            if outside.exists():
                self.add_error(
                    None, _("Ada sesi di luar tanggal baru; ubah atau hapus sesinya dulu.")
                )
        labs = data.get("labs")
        if self.instance.pk and labs is not None:
            removed = set(self.instance.labs.all()) - set(labs)
            if any(
                lab.workstations.filter(placements__session__event=self.instance).exists()
                for lab in removed
            ):
                self.add_error("labs", _("Lab yang dilepas masih dipakai penempatan peserta."))
        share = data.get("opd_day_share")
        if share is not None and not 0 < share <= 1:
            self.add_error("opd_day_share", _("Isi antara 0,01 dan 1 (misalnya 0,5 untuk 50%)."))
        self._clean_pnbp(data)
        return data

    def _clean_pnbp(self, data: dict) -> None:
        """A tariff needs the date it starts; a start date needs its tariff (0: free)."""
        pnbp_start, tariff = data.get("pnbp_start_date"), data.get("pnbp_tariff")
        if tariff and pnbp_start is None:
            self.add_error("pnbp_start_date", _("Isi tanggal mulai berlakunya PNBP."))
        if pnbp_start is not None and tariff is None and "pnbp_tariff" not in self.errors:
            self.add_error("pnbp_tariff", _("Isi tarif PNBP per peserta (0 bila gratis)."))


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["name", "date", "start_time", "end_time", "proctors"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "proctors": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.instance.event = event
        self.fields["proctors"].queryset = User.objects.filter(
            groups__name=Role.PENGAWAS.value, is_active=True
        ).order_by("first_name", "username")

    def clean(self):
        data = super().clean()
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if not (day and start and end):
            return data
        if not self.event.start_date <= day <= self.event.end_date:
            self.add_error("date", _("Tanggal sesi di luar tanggal kegiatan."))
        if end <= start:
            self.add_error("end_time", _("Jam selesai harus setelah jam mulai."))
        overlapping = self.event.sessions.filter(date=day, start_time__lt=end, end_time__gt=start)
        if overlapping.exclude(pk=self.instance.pk).exists():
            self.add_error(
                "start_time", _("Waktunya bertumpang tindih dengan sesi lain pada hari itu.")
            )
        if self.instance.pk and day != self.instance.date and self.instance.placements.exists():
            self.add_error(
                "date", _("Sesi ini sudah berisi peserta; tanggalnya tidak bisa dipindah.")
            )
        elif self.instance.pk and end > start:
            clash = hours_clash(self.instance, date=day, start_time=start, end_time=end)
            if clash:
                self.add_error("start_time", clash)
        return data


class RegisterByFilterForm(ParticipantFilterForm):
    """The participant list's filters, used to register everyone they match."""


class MoveForm(forms.Form):
    session = forms.ModelChoiceField(Session.objects.none(), label=_("Pindah ke sesi"))
    reason = forms.CharField(label=_("Alasan"), max_length=200)

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = event.sessions.all()


class UnavailabilityForm(forms.Form):
    dates = forms.MultipleChoiceField(
        label=_("Tidak bisa hadir pada"), required=False, widget=forms.CheckboxSelectMultiple
    )
    source = forms.ChoiceField(
        label=_("Atas"),
        choices=Unavailability.Source.choices[:1] + Unavailability.Source.choices[2:],
    )
    note = forms.CharField(label=_("Keterangan"), max_length=200, required=False)

    def __init__(self, *args, days, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dates"].choices = [(day.isoformat(), f"{day:%d/%m/%Y}") for day in days]


class AttendanceCorrectionForm(forms.Form):
    """One person's attendance in a closed session, corrected by an operator."""

    registration = forms.ModelChoiceField(Registration.objects.none(), label=_("Peserta"))
    status = forms.ChoiceField(label=_("Status yang benar"), choices=AttendanceStatus.choices)
    reason = forms.CharField(label=_("Alasan koreksi"), max_length=200)

    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["registration"]
        field.queryset = (
            Registration.objects.filter(event_id=session.event_id)
            .filter(Q(placement__session=session) | Q(attendances__session=session))
            .select_related("participant")
            .distinct()
            .order_by("participant__name")
        )
        statuses = dict(session.attendances.values_list("registration_id", "status"))
        field.label_from_instance = lambda reg: (
            f"{reg.participant.name} – "
            f"{AttendanceStatus(statuses[reg.pk]).label if reg.pk in statuses else '–'}"
        )


INCOMPLETE_MARK = _("Data penandaan tidak lengkap.")


class MarkForm:
    """One mark as the proctor page sends it (JSON): its own id (a resend of it is recorded
    once), when it was made on the device, what it says, and who it names: a card code, a
    row token of the session's list, or a bare registration id (marks queued by older
    pages). No status, or "datang", is an arrival: the server decides Hadir or Terlambat.

    Read as a Django form reads its data (each field's widget, then the field's clean, then
    clean_<name>, then clean), with the fields shared by every mark: a Form deep-copies its
    fields for every instance, a sixth of the CPU of a live scan (measured), and these are
    never changed."""

    base_fields = {
        "client_id": forms.UUIDField(
            error_messages={"required": INCOMPLETE_MARK, "invalid": INCOMPLETE_MARK}
        ),
        "marked_at": forms.CharField(error_messages={"required": INCOMPLETE_MARK}),
        "status": forms.ChoiceField(
            choices=[(ARRIVED, _("Datang")), *AttendanceStatus.choices],
            required=False,
            error_messages={"invalid_choice": _("Status kehadiran tidak dikenal.")},
        ),
        "code": forms.CharField(required=False),
        "token": forms.CharField(required=False),
        "registration": forms.CharField(required=False),
        "seat": forms.CharField(required=False),
        "reason": forms.CharField(required=False),
        "replayed": forms.BooleanField(required=False),
        "confirm_moved": forms.BooleanField(required=False),
    }

    def __init__(self, data: dict, *, session: Session):
        self.data, self.session = data, session
        self.errors: dict[str, list[str]] | None = None
        self.cleaned_data: dict = {}

    def is_valid(self) -> bool:
        if self.errors is None:
            self.errors = {}
            self._clean()
        return not self.errors

    def _clean(self) -> None:
        for name, field in self.base_fields.items():
            try:
                value = field.widget.value_from_datadict(self.data, {}, name)
                self.cleaned_data[name] = field.clean(value)
                if cleaner := getattr(self, f"clean_{name}", None):
                    self.cleaned_data[name] = cleaner()
            except ValidationError as error:
                self.errors[name] = error.messages
                self.cleaned_data.pop(name, None)
        try:
            self.clean()
        except ValidationError as error:
            self.errors["__all__"] = error.messages

    def clean_marked_at(self):
        try:
            marked_at = parse_datetime(self.cleaned_data["marked_at"])
        except ValueError:  # well formed, but no such day or hour
            marked_at = None
        if marked_at is None or timezone.is_naive(marked_at):
            raise ValidationError(_("Waktu penandaan tidak valid."))
        return marked_at

    def clean_status(self) -> str:
        return self.cleaned_data["status"] or ARRIVED

    def clean_reason(self) -> str:
        return self.cleaned_data["reason"][:200]

    def clean(self) -> None:
        if self.session.date != timezone.localdate() and not self.cleaned_data.get("reason"):
            raise ValidationError(_("Koreksi setelah hari sesi perlu alasan."))

    def first_error(self) -> str:
        """The one message the page shows: the first field's, then the form's own."""
        for errors in (self.errors or {}).values():
            return str(errors[0])
        return str(INCOMPLETE_MARK)

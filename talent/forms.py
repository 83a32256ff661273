from django import forms
from django.utils.translation import gettext_lazy as _

from participants.models import Opd
from sessions_app.models import Event
from talent.enrol import coming_events


class CoverageForm(forms.Form):
    """The coverage page's filters: the date validity is counted on, and the OPD of the
    unassessed list."""

    per = forms.DateField(
        label=_("Berlaku per tanggal"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Tanggal tidak dikenali; pakai format tanggal kalender.")},
    )
    opd = forms.ModelChoiceField(
        Opd.objects.none(), label="OPD", required=False, empty_label=_("Semua OPD")
    )

    def __init__(self, *args, opds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = opds


class EnrolForm(forms.Form):
    """Register the unassessed (all of them, or one OPD's) for a coming event."""

    event = forms.ModelChoiceField(
        Event.objects.none(), label=_("Kegiatan"), empty_label=None, to_field_name="code"
    )
    opd = forms.ModelChoiceField(
        Opd.objects.none(), label="OPD", required=False, empty_label=_("Semua OPD")
    )
    per = forms.DateField(required=False, widget=forms.HiddenInput, input_formats=["%Y-%m-%d"])

    def __init__(self, *args, opds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = opds
        self.fields["event"].queryset = coming_events().order_by("start_date", "code")

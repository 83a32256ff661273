from django import forms
from django.utils.translation import gettext_lazy as _

from scoring.models import ScoringSettings
from scoring.norms import ScaleNorm

ES_SCALE_NAMES = {
    "ES.AD": _("Adaptabilitas"),
    "ES.BK": _("Berpikir Kritis dan Pemecahan Masalah"),
    "ES.KI": _("Kreativitas dan Inovasi"),
    "ES.KO": _("Kolaborasi"),
    "ES.PB": _("Pembelajaran Berkelanjutan"),
    "ES.KE": _("Kecerdasan Emosional"),
}


class InstrumentUploadForm(forms.Form):
    file = forms.FileField(label=_("Workbook instrumen (sheet Items, .xlsx atau .csv)"))


class ScoringSettingsForm(forms.ModelForm):
    class Meta:
        model = ScoringSettings
        fields = [
            "sjt_unanswered",
            "jpm_optimal",
            "jpm_cukup",
            "weight_msk",
            "weight_ld",
            "weight_es",
            "potential_tinggi",
            "potential_menengah",
            "es_max_unanswered_share",
        ]

    def clean(self):
        data = super().clean()
        weights = [data.get(name) for name in ("weight_msk", "weight_ld", "weight_es")]
        if all(w is not None for w in weights) and sum(weights) <= 0:
            raise forms.ValidationError(_("Jumlah bobot harus lebih dari 0."))
        if data.get("sjt_unanswered") is not None and data["sjt_unanswered"] > 5:
            self.add_error("sjt_unanswered", _("Skor SJT antara 0 dan 5."))
        for low, high in (("jpm_cukup", "jpm_optimal"), ("potential_menengah", "potential_tinggi")):
            if data.get(low) is not None and data.get(high) is not None and data[low] > data[high]:
                self.add_error(low, _("Ambang ini tidak boleh di atas ambang kategori di atasnya."))
        share = data.get("es_max_unanswered_share")
        if share is not None and not 0 <= share < 1:
            self.add_error("es_max_unanswered_share", _("Isi antara 0 dan kurang dari 1."))
        return data


class EventEsNormForm(forms.ModelForm):
    """The event's choice of a stored norm for the ES T-scores (or none: its own cohort);
    a form of its own on the scoring rules page, sent by its own button."""

    prefix = "norma"

    class Meta:
        model = ScoringSettings
        fields = ["es_norm"]
        error_messages = {
            "es_norm": {"invalid_choice": _("Pilih salah satu norma tersimpan, atau kosongkan.")}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["es_norm"].empty_label = _("Tanpa norma: peserta kegiatan ini sendiri")


class ResultImportForm(forms.Form):
    instrument = forms.ModelChoiceField(
        queryset=None,
        required=True,
        label=_("Instrumen yang dijawab"),
        empty_label=None,
    )
    file = forms.FileField(label=_("File (.xlsx atau .csv)"))

    def __init__(self, *args, instruments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if instruments is None:
            del self.fields["instrument"]
        else:
            self.fields["instrument"].queryset = instruments


class EsNormFromRunForm(forms.Form):
    name = forms.CharField(label=_("Nama norma"), max_length=120)
    run = forms.ModelChoiceField(
        queryset=None,
        label=_("Proses penilaian yang terbit"),
        empty_label=None,
        help_text=_("Rata-rata dan simpangan baku skor skala ES seluruh peserta proses itu."),
    )

    def __init__(self, *args, runs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["run"].queryset = runs
        self.fields["run"].label_from_instance = lambda run: (
            f"{run.event.name} · penilaian #{run.number} · {run.participants_total} peserta"
        )
        self.fields["run"].error_messages["invalid_choice"] = _(
            "Pilih proses penilaian yang sudah terbit dan punya jawaban mentah."
        )


class EsNormManualForm(forms.Form):
    """A norm typed in: the name, then a mean and an sd for every ES scale."""

    name = forms.CharField(label=_("Nama norma"), max_length=120)
    note = forms.CharField(
        label=_("Keterangan (mis. sumber angka)"), max_length=255, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in ES_SCALE_NAMES.items():
            self.fields[f"mean_{code}"] = forms.DecimalField(
                label=_("%(code)s %(name)s: rata-rata (1-5)") % {"code": code, "name": label},
                max_digits=7,
                decimal_places=4,
                min_value=1,
                max_value=5,
                error_messages={
                    "min_value": _("Rata-rata skor skala paling kecil 1."),
                    "max_value": _("Rata-rata skor skala paling besar 5."),
                },
                localize=True,
            )
            self.fields[f"sd_{code}"] = forms.DecimalField(
                label=_("%(code)s: simpangan baku (> 0, paling besar 2)") % {"code": code},
                max_digits=7,
                decimal_places=4,
                max_value=2,
                error_messages={"max_value": _("Simpangan baku skor 1-5 paling besar 2.")},
                localize=True,
            )

    def clean(self):
        data = super().clean()
        for code in ES_SCALE_NAMES:
            sd = data.get(f"sd_{code}")
            if sd is not None and sd <= 0:
                self.add_error(f"sd_{code}", _("Simpangan baku harus lebih dari 0."))
        return data

    def figures(self) -> dict[str, ScaleNorm]:
        return {
            code: ScaleNorm(
                mean=float(self.cleaned_data[f"mean_{code}"]),
                sd=float(self.cleaned_data[f"sd_{code}"]),
            )
            for code in ES_SCALE_NAMES
        }

from django import forms
from django.utils.translation import gettext_lazy as _

from scoring.models import ScoringSettings


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

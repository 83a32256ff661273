"""Forms of the OPD merge and of OPD aliases."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import name_key
from participants.models import Opd, OpdAlias

GONE = _("OPD yang dipilih sudah tidak ada; mungkin sudah digabungkan atau dihapus.")


class OpdMergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        Opd.objects.all(),
        label=_("OPD yang dipertahankan"),
        error_messages={"invalid_choice": GONE},
    )
    merged = forms.ModelMultipleChoiceField(
        Opd.objects.all(),
        label=_("OPD yang digabungkan ke dalamnya (lalu dihapus)"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": GONE, "invalid_pk_value": GONE},
    )

    def clean(self):
        data = super().clean()
        keep, merged = data.get("keep"), data.get("merged")
        if keep and merged and keep in merged:
            self.add_error(
                "merged", _("OPD yang dipertahankan tidak dapat digabungkan ke dirinya.")
            )
        return data


class OpdAliasForm(forms.ModelForm):
    class Meta:
        model = OpdAlias
        fields = ["name", "opd"]

    def clean_name(self):
        name = self.cleaned_data["name"]
        key = name_key(name)
        if Opd.objects.filter(name_key=key).exists():
            raise forms.ValidationError(_("Nama ini sudah nama sebuah OPD, bukan nama lain."))
        if OpdAlias.objects.filter(name_key=key).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Nama lain ini sudah tercatat."))
        return name

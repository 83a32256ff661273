"""The payment of a PNBP bill as the office enters it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import normalize_text


class PaidForm(forms.Form):
    paid_on = forms.DateField(
        label=_("Tanggal bayar"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Isi tanggal bayar."),
            "invalid": _("Tanggal bayar tidak dikenali; tulis seperti 15/03/2024."),
        },
    )
    reference = forms.CharField(
        label=_("Referensi pembayaran"),
        max_length=100,
        help_text=_("Mis. NTPN atau nomor bukti setor."),
        error_messages={
            "required": _("Isi referensi pembayaran (mis. NTPN atau nomor bukti setor)."),
            "max_length": _("Referensi pembayaran paling banyak 100 karakter."),
        },
    )

    def clean_reference(self) -> str:
        reference = normalize_text(self.cleaned_data["reference"])
        if not reference:
            raise forms.ValidationError(
                _("Isi referensi pembayaran (mis. NTPN atau nomor bukti setor).")
            )
        return reference

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.text import formula_prefix, normalize_text
from participants.golongan import GolonganError, golongan_choices, parse_golongan
from participants.models import Opd, Participant, PositionClass, Upt
from participants.nip import NipError, parse_nip
from participants.phone import PhoneError, normalize_phone


class StoredTextField(forms.CharField):
    """Text typed into a form, stored as an import stores it (core.text): no control
    character, NFC, single spaces."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_text(value) if value else value


def stored_text_formfield(db_field, **kwargs):
    """A model form's text fields as StoredTextField (not e-mail, choices or other kinds)."""
    if type(db_field) is models.CharField and not db_field.choices:
        kwargs.setdefault("form_class", StoredTextField)
    return db_field.formfield(**kwargs)


def refuse_formula(value: str) -> str:
    """As the import does: a name starting like an Excel formula is refused, not stored."""
    char = formula_prefix(value)
    if char:
        raise forms.ValidationError(
            _("Diawali karakter %(char)s seperti rumus Excel; hapus karakter itu."),
            params={"char": char},
        )
    return value


class UniqueNameMixin:
    """Names are unique regardless of case and spacing; say so before the database does."""

    def clean_name(self):
        name = refuse_formula(self.cleaned_data["name"])
        model = self._meta.model
        others = model.objects.named(name).exclude(pk=self.instance.pk)
        if model is Upt and self.cleaned_data.get("opd"):
            others = others.filter(opd=self.cleaned_data["opd"])
        if others.exists():
            raise forms.ValidationError(_("Nama ini sudah dipakai."))
        return name


class OpdForm(UniqueNameMixin, forms.ModelForm):
    class Meta:
        model = Opd
        fields = ["code", "name", "kind", "contact_name", "contact_email", "contact_phone"]
        formfield_callback = stored_text_formfield

    def clean_contact_name(self):
        return refuse_formula(self.cleaned_data["contact_name"])

    def clean_contact_phone(self):
        try:
            return normalize_phone(self.cleaned_data["contact_phone"])
        except PhoneError as error:
            raise forms.ValidationError(error.message) from error

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        if code and Opd.objects.filter(code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Kode ini sudah dipakai OPD lain."))
        return code


class UptForm(UniqueNameMixin, forms.ModelForm):
    class Meta:
        model = Upt
        fields = ["opd", "name", "region"]
        field_order = ["opd", "name", "region"]
        formfield_callback = stored_text_formfield


class ParticipantForm(forms.ModelForm):
    # Wider than the stored values: people type "19860926 201505 1 001" or "Penata, III/c".
    nip = StoredTextField(label=_("NIP"), max_length=40)
    golongan = StoredTextField(label=_("Golongan"), max_length=40)

    class Meta:
        model = Participant
        fields = [
            "nip",
            "name",
            "golongan",
            "position_title",
            "position_class",
            "opd",
            "upt",
            "phone",
            "email",
        ]
        formfield_callback = stored_text_formfield

    def clean_name(self):
        return refuse_formula(self.cleaned_data["name"])

    def clean_position_title(self):
        return refuse_formula(self.cleaned_data["position_title"])

    def clean_nip(self):
        try:
            self.parsed_nip = parse_nip(self.cleaned_data["nip"])
        except NipError as error:
            raise forms.ValidationError(error.message) from error
        return self.parsed_nip.digits

    def clean_phone(self):
        try:
            return normalize_phone(self.cleaned_data["phone"])
        except PhoneError as error:
            raise forms.ValidationError(error.message) from error

    def clean(self):
        data = super().clean()
        nip = getattr(self, "parsed_nip", None)
        if nip and data.get("golongan"):
            try:
                data["golongan"] = parse_golongan(data["golongan"], str(nip.kind)).code
            except GolonganError as error:
                self.add_error("golongan", error.message)
        upt, opd = data.get("upt"), data.get("opd")
        if upt and opd and upt.opd_id != opd.pk:
            self.add_error("upt", _("UPT ini bukan bagian dari OPD yang dipilih."))
        return data

    def save(self, commit=True):
        nip = self.parsed_nip
        self.instance.gender = str(nip.gender)
        self.instance.birth_date = nip.birth_date
        self.instance.employment_type = str(nip.kind)
        return super().save(commit)


class ParticipantFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari NIP atau nama"), required=False)
    opd = forms.ModelChoiceField(
        Opd.objects.all(), label=_("OPD"), required=False, empty_label=_("Semua")
    )
    position_class = forms.ModelChoiceField(
        PositionClass.objects.all(),
        label=_("Jenis jabatan"),
        required=False,
        empty_label=_("Semua"),
    )
    golongan = forms.ChoiceField(label=_("Golongan"), required=False)
    employment_type = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Semua"))] + Participant.EmploymentType.choices,
    )

    def __init__(self, *args, opds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["golongan"].choices = [("", _("Semua"))] + golongan_choices()
        if opds is not None:
            self.fields["opd"].queryset = opds

    def apply(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["q"]:
            queryset = queryset.search(data["q"])
        for name in ("opd", "position_class", "golongan", "employment_type"):
            if data[name]:
                queryset = queryset.filter(**{name: data[name]})
        return queryset


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File peserta (.xlsx atau .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )

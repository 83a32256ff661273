from django import forms
from django.utils.translation import gettext_lazy as _

from participants.golongan import golongan_choices
from participants.models import Region
from participants.standards import Target, targets
from talent.pools import DEFAULT_BOXES, PoolFilters

BOXES = [(box, str(box)) for box in range(9, 0, -1)]


class PoolForm(forms.Form):
    target = forms.ChoiceField(label=_("Sasaran"))
    boxes = forms.TypedMultipleChoiceField(
        label=_("Kotak talenta"),
        choices=BOXES,
        coerce=int,
        initial=list(DEFAULT_BOXES),
        widget=forms.CheckboxSelectMultiple,
    )
    opd = forms.ModelChoiceField(None, label=_("OPD"), required=False, empty_label=_("Semua"))
    region = forms.ModelChoiceField(
        Region.objects.all(), label=_("Kabupaten/kota"), required=False, empty_label=_("Semua")
    )
    golongan = forms.ChoiceField(label=_("Golongan"), required=False)

    def __init__(self, data=None, *, opds):
        if data is not None and "boxes" not in data and "target" in data:
            data = data.copy()
            data.setlist("boxes", [str(box) for box in DEFAULT_BOXES])
        super().__init__(data)
        self.targets = {target.key: target for target in targets()}
        self.fields["target"].choices = [("", _("Pilih jenis jabatan atau jabatan"))] + [
            (key, f"{t.name}" if key.startswith("kelas-") else f"{t.name} ({t.position_class})")
            for key, t in self.targets.items()
        ]
        self.fields["opd"].queryset = opds
        self.fields["golongan"].choices = [("", _("Semua"))] + golongan_choices()

    def chosen_target(self) -> Target:
        return self.targets[self.cleaned_data["target"]]

    def filters(self) -> PoolFilters:
        data = self.cleaned_data
        return PoolFilters(
            boxes=tuple(sorted(data["boxes"])),
            opd=data["opd"].pk if data["opd"] else None,
            region=data["region"].pk if data["region"] else None,
            golongan=data["golongan"],
        )

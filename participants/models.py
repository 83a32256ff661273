from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.text import clean_name, name_key
from participants.competencies import COMPETENCIES, MAX_LEVEL, MIN_LEVEL
from participants.nip import NIP_LENGTH
from participants.scope import OpdScopedQuerySet


class NamedQuerySet(models.QuerySet):
    def named(self, name: str):
        return self.filter(name_key=name_key(name))


class NamedModel(models.Model):
    """A row people refer to by name: matched case- and space-insensitively."""

    name = models.CharField(_("nama"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False)

    objects = NamedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_name(self.name)
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)


class Region(NamedModel):
    """A kabupaten or kota, where UPTs sit."""

    class Meta(NamedModel.Meta):
        verbose_name = _("kabupaten/kota")
        verbose_name_plural = _("kabupaten/kota")
        constraints = [models.UniqueConstraint(fields=["name_key"], name="region_name_unique")]


class OpdQuerySet(NamedQuerySet, OpdScopedQuerySet):
    opd_path = "pk"


class Opd(NamedModel):
    class Kind(models.TextChoices):
        SEKRETARIAT = "sekretariat", _("Sekretariat/Biro")
        DINAS = "dinas", _("Dinas")
        BADAN = "badan", _("Badan")
        INSPEKTORAT = "inspektorat", _("Inspektorat")
        RSUD = "rsud", _("RSUD")
        SATPOL_PP = "satpol_pp", _("Satpol PP")
        LAINNYA = "lainnya", _("Lainnya")

    code = models.CharField(_("kode"), max_length=30, blank=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices, default=Kind.LAINNYA)
    # Who receives the office's letters for this OPD (schedule letter, results note).
    # A database default too: code that writes an OPD without knowing these columns (an
    # older migration's state, a backup's restore) still leaves them empty.
    contact_name = models.CharField(
        _("nama kontak"), max_length=150, blank=True, default="", db_default=""
    )
    contact_email = models.EmailField(_("e-mail kontak"), blank=True, default="", db_default="")
    contact_phone = models.CharField(
        _("no HP kontak"),
        max_length=20,
        blank=True,
        default="",
        db_default="",
        help_text=_("Disimpan sebagai +62..."),
    )

    objects = OpdQuerySet.as_manager()

    class Meta(NamedModel.Meta):
        verbose_name = _("OPD")
        verbose_name_plural = _("OPD")
        constraints = [
            models.UniqueConstraint(fields=["name_key"], name="opd_name_unique"),
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="opd_code_unique"),
        ]


class OpdAlias(NamedModel):
    """Another way an office writes an OPD's name (e.g. "Bappeda dan Litbang"); the
    participant import matches it like the OPD's own name."""

    opd = models.ForeignKey(
        Opd, on_delete=models.PROTECT, related_name="aliases", verbose_name=_("OPD")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(NamedModel.Meta):
        verbose_name = _("nama lain OPD")
        verbose_name_plural = _("nama lain OPD")
        constraints = [models.UniqueConstraint(fields=["name_key"], name="opd_alias_name_unique")]


class Upt(NamedModel):
    opd = models.ForeignKey(Opd, on_delete=models.PROTECT, related_name="upts", verbose_name="OPD")
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="upts",
        verbose_name=_("kabupaten/kota"),
    )

    class Meta(NamedModel.Meta):
        verbose_name = _("UPT")
        verbose_name_plural = _("UPT")
        constraints = [
            models.UniqueConstraint(fields=["opd", "name_key"], name="upt_name_unique_in_opd"),
        ]


class PositionClass(NamedModel):
    """Jenis jabatan, e.g. Administrator or JF Ahli Muda."""

    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("jenis jabatan")
        verbose_name_plural = _("jenis jabatan")
        constraints = [
            models.UniqueConstraint(fields=["name_key"], name="position_class_name_unique"),
        ]


class RequiredLevel(models.Model):
    """The MSK level a position class requires for one competency."""

    position_class = models.ForeignKey(
        PositionClass, on_delete=models.CASCADE, related_name="required_levels"
    )
    competency = models.CharField(_("kompetensi"), max_length=8, choices=COMPETENCIES)
    level = models.PositiveSmallIntegerField(_("level"))

    class Meta:
        verbose_name = _("standar level kompetensi")
        verbose_name_plural = _("standar level kompetensi")
        constraints = [
            models.UniqueConstraint(
                fields=["position_class", "competency"], name="required_level_unique"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=MIN_LEVEL, level__lte=MAX_LEVEL),
                name="required_level_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position_class} {self.competency}: {self.level}"


class PositionStandard(models.Model):
    """The MSK levels one specific position requires (e.g. Guru Ahli Pertama), which win over
    its position class's RequiredLevel rows for a participant holding that position title."""

    title = models.CharField(_("jabatan"), max_length=200)
    # The title matched case- and space-insensitively, as participants' titles are.
    title_key = models.CharField(max_length=200, unique=True, editable=False)
    position_class = models.ForeignKey(
        PositionClass,
        on_delete=models.PROTECT,
        related_name="position_standards",
        verbose_name=_("jenis jabatan"),
    )
    levels = models.JSONField(_("level kompetensi"))  # 9 ints 1-5, COMPETENCY_CODES order
    imported_at = models.DateTimeField()

    class Meta:
        ordering = ["title_key"]
        verbose_name = _("standar jabatan")
        verbose_name_plural = _("standar jabatan")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.title = clean_name(self.title)
        self.title_key = name_key(self.title)
        super().save(*args, **kwargs)


def search_filter(text: str, path: str = "") -> Q:
    """People by a NIP (18 digits: that one, by the unique index; 4 to 17 digits: the NIPs
    that hold them) or by a part of their name, any case; `path` leads from the rows
    filtered to the participant. On PostgreSQL both partial searches use the trigram indexes
    of participants/migrations/0010_participant_search_indexes.py."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) >= 4 and not any(ch.isalpha() for ch in text):
        lookup = "nip" if len(digits) == NIP_LENGTH else "nip__contains"
        return Q(**{f"{path}{lookup}": digits})
    return Q(**{f"{path}name__icontains": text.strip()})


class ParticipantQuerySet(OpdScopedQuerySet):
    opd_path = "opd_id"

    def search(self, text: str):
        return self.filter(search_filter(text))


class Participant(models.Model):
    class Gender(models.TextChoices):
        MALE = "L", _("Laki-laki")
        FEMALE = "P", _("Perempuan")

    class EmploymentType(models.TextChoices):
        PNS = "PNS", _("PNS")
        PPPK = "PPPK", _("PPPK")

    nip = models.CharField(_("NIP"), max_length=18, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("tanggal lahir"))
    employment_type = models.CharField(
        _("status kepegawaian"), max_length=4, choices=EmploymentType.choices
    )
    golongan = models.CharField(_("golongan"), max_length=6)
    position_title = models.CharField(_("jabatan"), max_length=200)
    position_class = models.ForeignKey(
        PositionClass, on_delete=models.PROTECT, related_name="participants"
    )
    # No index of its own: the (opd, name) index below serves lookups by OPD as well, and
    # every index is paid for on every imported row.
    opd = models.ForeignKey(
        Opd, on_delete=models.PROTECT, related_name="participants", db_index=False
    )
    upt = models.ForeignKey(
        Upt, on_delete=models.PROTECT, null=True, blank=True, related_name="participants"
    )
    phone = models.CharField(_("no HP"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["name", "nip"]
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")
        indexes = [
            models.Index(fields=["opd", "name"]),
            # The keyset of the lists ordered by name (core/keyset.py).
            models.Index(fields=["name", "id"], name="participant_name_id"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(nip__regex=r"^[0-9]{18}$"), name="nip_18_digits"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.nip})"

"""What BPSDM can offer per competency: the defaults, kept as rows an admin can edit."""

from django.db.models import F, IntegerField, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.db.models.lookups import LessThan

from participants.competencies import COMPETENCY_CODES
from reports.models import CompetencyDevelopment

DEFAULT_FORMS: dict[str, tuple[str, ...]] = {
    "M.01": ("Pelatihan integritas dan antikorupsi", "Coaching oleh atasan", "Studi kasus etika"),
    "M.02": ("Pelatihan kerja sama tim", "Penugasan lintas unit", "Mentoring"),
    "M.03": ("Pelatihan komunikasi efektif dan presentasi", "Penulisan naskah dinas", "Coaching"),
    "M.04": ("Pelatihan manajemen kinerja", "Penetapan target dan evaluasi bersama atasan"),
    "M.05": ("Pelatihan pelayanan prima", "Magang di unit layanan publik"),
    "M.06": ("Pelatihan coaching dan mentoring", "Penugasan sebagai mentor"),
    "M.07": ("Pelatihan manajemen perubahan", "Keterlibatan dalam proyek perubahan"),
    "M.08": ("Pelatihan analisis dan pengambilan keputusan", "Simulasi kasus", "Coaching"),
    "SK.01": ("Pelatihan wawasan kebangsaan", "Kegiatan lintas budaya dan daerah"),
}  # fmt: skip


def development_forms() -> dict[str, list[str]]:
    """competency code -> forms, the stored rows, with a default row made where none is."""
    stored = {row.competency: row for row in CompetencyDevelopment.objects.all()}
    missing = [code for code in COMPETENCY_CODES if code not in stored]
    if missing:
        CompetencyDevelopment.objects.bulk_create(
            [
                CompetencyDevelopment(competency=c, forms="\n".join(DEFAULT_FORMS[c]))
                for c in missing
            ],
            ignore_conflicts=True,
        )
        stored = {row.competency: row for row in CompetencyDevelopment.objects.all()}
    return {code: stored[code].form_list() for code in COMPETENCY_CODES}


def _gap(index: int) -> Cast:
    return Cast(KT(f"gaps__{index}"), IntegerField())


def below_count(results: QuerySet, index: int) -> int:
    """How many of `results` are below their standard in competency `index`; on PostgreSQL
    read from that competency's partial index (reports/migrations/0009_page_indexes.py)."""
    return results.filter(LessThan(_gap(index), 0)).count()


def below_standard(results: QuerySet, index: int) -> QuerySet:
    """The people of `results` below their standard in competency `index`, the largest gap
    first, then by OPD and name: filtered and sorted by the database from the stored gaps
    (a JSON array), so a page reads its 50 rows and the count, never the whole run."""
    return (
        results.filter(LessThan(_gap(index), 0))
        .annotate(gap=_gap(index), level=Cast(KT(f"levels__{index}"), IntegerField()))
        .order_by("gap", "registration__participant__opd__name", *_NAME_ORDER)
        .values(
            "gap",
            "level",
            "registration_id",
            nip=F("registration__participant__nip"),
            name=F("registration__participant__name"),
            opd=F("registration__participant__opd__name"),
        )
    )


_NAME_ORDER = ("registration__participant__name", "registration_id")

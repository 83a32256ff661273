"""What BPSDM can offer per competency: the defaults, kept as rows an admin can edit."""

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

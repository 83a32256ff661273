"""The training-needs workbook BPSDM plans classes from, of an event's published run: a
summary of head counts per competency x OPD first, then one sheet per competency listing the
people below their standard in it, the largest shortfall first, with the development forms
offered for it (reports.development).

Written write-only, the rows read in chunks, so a large event takes little memory.

No small-group suppression (reports.disclosure): that rule keeps a small group's means from
pointing at its people's scores, and this file names the people themselves, row by row, to a
reader in whose scope they are. A head count of 3 beside the 3 rows it counts discloses
nothing the rows do not; hiding it would only make the summary disagree with the sheets.
"""

from __future__ import annotations

import os
from typing import BinaryIO

from django.db.models import Count, IntegerField, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from audit.models import AuditEntry
from audit.services import audit_record
from core.excel import BOLD, header_cells, set_widths, styled_cell, text_cell, value_cell
from participants.competencies import COMPETENCIES
from participants.models import Opd
from reports.development import development_forms
from scoring.models import ScoreRun

Target = str | os.PathLike[str] | BinaryIO  # a path or a binary file object

SUMMARY = "Ringkasan"
PEOPLE_HEADER = (
    "NIP",
    "Nama",
    "OPD",
    "Jabatan",
    "Jenis Jabatan",
    "Level",
    "Standar",
    "Gap",
    "Bentuk pengembangan",
)
PEOPLE_WIDTHS = (21, 32, 36, 32, 18, 7, 8, 6, 70)
PERSON_FIELDS = (
    "registration__participant__nip",
    "registration__participant__name",
    "registration__participant__opd__name",
    "registration__participant__position_title",
    "registration__participant__position_class__name",
)
OPD_NAME = "registration__participant__opd__name"
CHUNK = 2000


def _index(i: int, field: str) -> Cast:
    """The i-th number of a JSON list field (levels, gaps) as an integer, in SQL."""
    return Cast(KeyTextTransform(str(i), field), IntegerField())


def needing(results: QuerySet, i: int) -> QuerySet:
    """The results below the standard in the i-th competency, with its level and gap."""
    return results.annotate(gap_i=_index(i, "gaps"), level_i=_index(i, "levels")).filter(
        gap_i__lt=0, level_i__gt=0
    )


def write_development(run: ScoreRun, out: Target, opd_ids: set[int] | None = None) -> int:
    """Write the workbook of run (limited to the OPDs given) to out; the number of person
    rows written over all competency sheets."""
    results = run.results.visible_to_opds(opd_ids)
    forms = development_forms()
    book = Workbook(write_only=True)
    _summary_sheet(book.create_sheet(SUMMARY), run, results, opd_ids)
    written = 0
    for i, (code, _name) in enumerate(COMPETENCIES):
        written += _people_sheet(book.create_sheet(code), needing(results, i), forms[code])
    book.save(out)
    return written


def development_export(
    *, run: ScoreRun, out: Target, actor, opd_ids: set[int] | None = None
) -> int:
    """write_development, recorded in the audit trail: the workbook names people."""
    count = write_development(run, out, opd_ids)
    scope: list[str] | str = "semua"
    if opd_ids is not None:
        scope = list(Opd.objects.filter(pk__in=opd_ids).values_list("name", flat=True))
    audit_record(
        actor=actor,
        action=AuditEntry.Action.EXPORT,
        target=run,
        changes={"kebutuhan_pengembangan": run.event.code, "opd": scope, "baris": count},
    )
    return count


def _summary_sheet(sheet, run: ScoreRun, results: QuerySet, opd_ids: set[int] | None) -> None:
    """Per OPD: the people assessed, the people below standard in each competency, and the
    people below standard in any; a total row."""
    set_widths(sheet, (36, 10, *[14] * len(COMPETENCIES), 14))
    assessed = dict(
        results.values_list(OPD_NAME)
        .annotate(n=Count("pk"))
        .order_by(OPD_NAME)
        .values_list(OPD_NAME, "n")
    )
    counts = [
        dict(needing(results, i).values_list(OPD_NAME).annotate(n=Count("pk")).order_by())
        for i in range(len(COMPETENCIES))
    ]
    below_any = Q()
    for i in range(len(COMPETENCIES)):
        below_any |= Q(pk__in=needing(results, i).values("pk"))
    anyone = dict(
        results.filter(below_any).values_list(OPD_NAME).annotate(n=Count("pk")).order_by()
    )
    scope = "Semua OPD"
    if opd_ids is not None:
        scope = "; ".join(Opd.objects.filter(pk__in=opd_ids).values_list("name", flat=True))
    published = timezone.localtime(run.published_at).replace(tzinfo=None)
    title = "Kebutuhan Pengembangan Kompetensi per OPD (jumlah orang di bawah standar)"
    for line in (
        [styled_cell(sheet, title, font=Font(bold=True, size=13))],
        ["Kegiatan", value_cell(sheet, f"{run.event.name} ({run.event.code})")],
        ["Penilaian", run.number],
        ["Diterbitkan", styled_cell(sheet, published, "DD/MM/YYYY HH:MM")],
        ["Cakupan", value_cell(sheet, scope)],
        [],
    ):
        sheet.append(line)
    labels = ("OPD", "Dinilai", *(f"{code} {name}" for code, name in COMPETENCIES))
    sheet.append(header_cells(sheet, (*labels, "Minimal satu kompetensi")))
    totals = [0] * (len(COMPETENCIES) + 2)
    for opd, n in assessed.items():
        row = [n, *(column.get(opd, 0) for column in counts), anyone.get(opd, 0)]
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        sheet.append([value_cell(sheet, opd), *row])
    sheet.append([styled_cell(sheet, "Jumlah", font=BOLD), *totals])


def _people_sheet(sheet, results: QuerySet, forms: list[str]) -> int:
    """The people below the standard, the largest shortfall first, then by OPD and name."""
    set_widths(sheet, PEOPLE_WIDTHS)
    sheet.freeze_panes = "A2"  # before the first row: a write-only sheet writes it first
    sheet.append(header_cells(sheet, PEOPLE_HEADER))
    offered = "; ".join(forms)
    rows = (
        results.order_by("gap_i", OPD_NAME, "registration__participant__name", "pk")
        .values_list(*PERSON_FIELDS, "level_i", "gap_i")
        .iterator(chunk_size=CHUNK)
    )
    written = 0
    for nip, name, opd, title, position_class, level, gap in rows:
        sheet.append(
            [
                text_cell(sheet, nip),
                value_cell(sheet, name),
                value_cell(sheet, opd),
                value_cell(sheet, title),
                value_cell(sheet, position_class),
                level,
                level - gap,
                gap,
                value_cell(sheet, offered),
            ]
        )
        written += 1
    return written

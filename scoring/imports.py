"""The result-side imports (raw answers, pre-scored results, SKP ratings) as one flow:
upload -> preview -> confirm, with the rejected rows as a workbook, like the participant import.

The uploaded file is kept with its batch, so the confirmation applies exactly what was
previewed; a batch is confirmed once. Command-line imports record a batch too (without the
file), so the reconciliation page sees the rows they rejected.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from openpyxl import Workbook

from core.excel import text_cell, value_cell
from core.imports import ImportRefused, import_size_message
from core.models import ImportBatch
from core.planned_rows import ROWS_KEPT
from core.spreadsheet import Column, header_key, open_table
from participants.apply import ALREADY_APPLIED, Planned, PlanRefused, apply_plan
from participants.models import Participant
from scoring.answers import answers_plan, answers_planned
from scoring.models import AnswerSheet, Instrument
from scoring.prescored import COLUMNS as PRESCORED_COLUMNS
from scoring.prescored import prescored_plan, prescored_planned
from scoring.skp import COLUMNS as SKP_COLUMNS
from scoring.skp import skp_plan, skp_planned
from sessions_app.models import Event, Registration

ISSUES_SHOWN = 200


@dataclass(frozen=True)
class ResultImport:
    slug: str
    kind: str
    title: str
    perm: str
    read: Callable  # (event, batch or path, filename, instrument) -> plan
    planned: Callable[..., Planned]  # (event, instrument, plan) -> what confirming writes
    valid: Callable  # plan -> valid row count


def _answers_read(event, path, filename, instrument):
    if instrument is None:
        raise ImportRefused("Instrumen file ini sudah dihapus atau belum dipilih; unggah ulang.")
    return answers_plan(event, instrument.scoring_items(), path, filename=filename)


IMPORTS = {
    imp.slug: imp
    for imp in (
        ResultImport(
            "jawaban",
            ImportBatch.Kind.ANSWERS,
            "Jawaban mentah",
            "scoring.add_answersheet",
            _answers_read,
            lambda event, instrument, plan: answers_planned(instrument, plan),
            lambda plan: len(plan.sheets),
        ),
        ResultImport(
            "skor-jadi",
            ImportBatch.Kind.PRESCORED,
            "Skor jadi",
            "scoring.add_prescoredresult",
            lambda event, path, filename, instrument: prescored_plan(event, path, filename),
            lambda event, instrument, plan: prescored_planned(event, plan),
            lambda plan: len(plan.rows),
        ),
        ResultImport(
            "skp",
            ImportBatch.Kind.SKP,
            "Predikat SKP",
            "scoring.add_skprating",
            lambda event, path, filename, instrument: skp_plan(path, filename),
            lambda event, instrument, plan: skp_planned(plan),
            lambda plan: len(plan.ratings),
        ),
    )
}


TEMPLATE_NOTES = {
    "jawaban": (
        "Satu baris per peserta: NIP, lalu jawabannya di kolom kode butir.",
        "SJT dan MC: huruf pilihan A-E. LIKERT: angka 1-5. Kosongkan butir yang tidak dijawab.",
    ),
    "skor-jadi": (
        "Satu baris per peserta: NIP, level 1-5 tiap kompetensi, lalu skor LD dan ES 0-100.",
        "LD dan ES boleh kosong bila tidak diukur.",
    ),
    "skp": (
        "Satu baris per peserta per tahun: NIP, Tahun (misalnya 2023), Predikat.",
        "Predikat: Sangat Baik, Baik, Butuh Perbaikan, Kurang atau Sangat Kurang.",
    ),
}
NIP_NOTE = (
    "Kolom NIP sudah berformat Teks: NIP 18 digit yang tersimpan sebagai angka kehilangan "
    "digit terakhir dan akan ditolak."
)


def import_template_columns(
    imp: ResultImport, instrument: Instrument | None
) -> tuple[list[str], list[str]]:
    """The header row and the notes of the empty workbook of imp (raw answers: the item
    codes of instrument, in its order)."""
    if imp.kind == ImportBatch.Kind.ANSWERS:
        assert instrument is not None
        codes = instrument.items.order_by("position").values_list("code", flat=True)
        headers = ["NIP", *codes]
        notes = [f"Instrumen {instrument.name}.", *TEMPLATE_NOTES[imp.slug]]
    elif imp.kind == ImportBatch.Kind.PRESCORED:
        headers = [column.label for column in PRESCORED_COLUMNS]
        notes = list(TEMPLATE_NOTES[imp.slug])
    else:
        headers = [column.label for column in SKP_COLUMNS]
        notes = list(TEMPLATE_NOTES[imp.slug])
    return headers, [*notes, NIP_NOTE]


def _is_nip(column: str) -> bool:
    # The pre-scored reader names a column as the file writes it ("Nip", "nip"), the others
    # write "NIP": match the header as the reader does.
    return header_key(column) == header_key("NIP")


def _planned(imp: ResultImport, plan, instrument: Instrument | None) -> tuple[list, list]:
    """The header and the rows (up to ROWS_KEPT, in the file's order) of what the import will
    write, for its preview: who, and what for each."""
    person = ("participant__nip", "participant__name", "participant__opd__name")
    if imp.kind == ImportBatch.Kind.SKP:
        keys = list(plan.ratings)[:ROWS_KEPT]
        people = Participant.objects.select_related("opd").in_bulk([pk for pk, _ in keys])
        rows = []
        for pk, year in keys:
            someone = people[pk]
            rows.append([someone.nip, someone.name, someone.opd.name, year, plan.ratings[pk, year]])
        return ["NIP", "Nama", "OPD", "Tahun", "Predikat"], rows
    written = plan.sheets if imp.kind == ImportBatch.Kind.ANSWERS else plan.rows
    ids = list(written)[:ROWS_KEPT]
    found = {
        pk: values
        for pk, *values in Registration.objects.filter(pk__in=ids).values_list("pk", *person)
    }
    if imp.kind == ImportBatch.Kind.ANSWERS:
        replaced = set(
            AnswerSheet.objects.filter(instrument=instrument, registration__in=ids).values_list(
                "registration", flat=True
            )
        )
        rows = [[*found[pk], "Mengganti lembar lama" if pk in replaced else "Baru"] for pk in ids]
        return ["NIP", "Nama", "OPD", "Lembar jawaban"], rows
    rows = [
        [*found[pk], " ".join(map(str, plan.rows[pk].levels)), plan.rows[pk].ld, plan.rows[pk].es]
        for pk in ids
    ]
    return ["NIP", "Nama", "OPD", "Level M.01-SK.01", "LD", "ES"], rows


def _summary(
    imp: ResultImport, plan, instrument: Instrument | None, *, preview: bool = False
) -> dict:
    """What the batch keeps of a checked file; for a preview, also the rows to be written."""
    issues = [[i.row, i.column, i.value, i.message] for i in plan.issues]
    planned_headers, planned = _planned(imp, plan, instrument) if preview else ([], [])
    return {
        "planned_headers": planned_headers,
        "planned": planned,
        "total_rows": plan.total_rows,
        "valid_rows": imp.valid(plan),
        "rejected_rows": len({i.row for i in plan.issues}),
        "issue_count": len(issues),
        "issues": issues[:ISSUES_SHOWN],
        # Every NIP of a rejected row, for the reconciliation page (NIP column issues only).
        "rejected_nips": sorted({str(i.value) for i in plan.issues if _is_nip(i.column)}),
        "value_issues": [
            [i.row, i.column, i.value, i.message] for i in plan.issues if not _is_nip(i.column)
        ][:ISSUES_SHOWN],
        "instrument": instrument.pk if instrument else None,
        "instrument_name": instrument.name if instrument else "",
    }


def batch_instrument(batch: ImportBatch) -> Instrument | None:
    pk = batch.summary.get("instrument")
    return Instrument.objects.filter(pk=pk).first() if pk else None


def import_start(
    *, imp: ResultImport, event: Event, upload: UploadedFile, actor, instrument=None
) -> ImportBatch:
    """Keep the file and its preview; nothing else is written. Raises ImportRefused or
    SpreadsheetError, and then keeps nothing."""
    if upload.size > settings.IMPORT_MAX_BYTES:
        raise ImportRefused(import_size_message())
    if imp.kind == ImportBatch.Kind.ANSWERS and instrument is None:
        raise ImportRefused("Pilih instrumen yang dijawab oleh file ini.")
    batch = ImportBatch(
        kind=imp.kind,
        target=event.code,
        original_name=Path(upload.name or "").name[:255],
        created_by=actor,
    )
    batch.file.save(f"{batch.token}.upload", upload, save=False)
    try:
        plan = imp.read(event, batch.file.path, batch.original_name, instrument)
    except Exception:
        batch.file.delete(save=False)
        raise
    batch.summary = _summary(imp, plan, instrument, preview=True)
    batch.save()
    return batch


def import_confirm(
    *, imp: ResultImport, event: Event, batch: ImportBatch, actor, skip_invalid: bool
) -> dict[str, int]:
    """Apply a previewed batch once, reading the kept file again. Raises PlanRefused when the
    batch was confirmed or cancelled before, or has rejected rows and not skip_invalid."""
    if batch.status != ImportBatch.Status.PREVIEW:
        # Said first: a cancelled batch has no file left, a done one needs no second look.
        raise PlanRefused(ALREADY_APPLIED)
    instrument = batch_instrument(batch)
    if imp.kind == ImportBatch.Kind.ANSWERS and instrument is None:
        raise ImportRefused("Instrumen file ini sudah dihapus; unggah ulang.")
    plan = imp.read(event, batch.file.path, batch.original_name, instrument)
    result = apply_plan(
        imp.planned(event, instrument, plan),
        actor=actor,
        skip_invalid=skip_invalid,
        batch=batch,
        summary=_summary(imp, plan, instrument),
    )
    batch.refresh_from_db()
    return result


def record_command_import(
    *, imp: ResultImport, event: Event, filename: str, plan, stored: int, instrument=None
) -> ImportBatch:
    """A command-line import leaves the same trace as a browser one, minus the file."""
    return ImportBatch.objects.create(
        kind=imp.kind,
        target=event.code,
        original_name=Path(filename).name[:255],
        status=ImportBatch.Status.DONE,
        applied_at=timezone.now(),
        summary=_summary(imp, plan, instrument),
        result={"stored": stored, "rejected": len({i.row for i in plan.issues})},
    )


def rejected_workbook(*, batch: ImportBatch, event: Event, imp: ResultImport) -> bytes:
    """The rejected rows as the operator wrote them, every column, plus what is wrong."""
    plan = imp.read(event, batch.file.path, batch.original_name, batch_instrument(batch))
    messages: dict[int, list[str]] = {}
    for issue in plan.issues:
        messages.setdefault(issue.row, []).append(f"{issue.column}: {issue.message}")
    table = open_table(
        batch.file.path,
        columns=[Column("nip", "NIP")],
        filename=batch.original_name,
        extra_columns=True,
    )
    extra = sorted(table.extra.items(), key=lambda pair: pair[1])
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Baris Ditolak")
    sheet.freeze_panes = "A2"
    sheet.append([table.headers["nip"], *(text for text, _ in extra), "Baris Asal", "Keterangan"])
    for row in table.rows:
        if row.number not in messages:
            continue
        cells = [text_cell(sheet, row.get(table.columns["nip"]))]
        cells += [value_cell(sheet, row.get(index)) for _, index in extra]
        sheet.append(cells + [row.number, "; ".join(messages[row.number])])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""The position standards sheet (`Jabatan`, `Jenis Jabatan`, `M.01` ... `SK.01`, levels 1-5):
every row checked, a preview kept with its file, then one upsert per position title on
confirmation (participants/apply.py), so importing the same sheet twice changes nothing."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from core import cells
from core.imports import ImportRefused, RowIssue, import_size_message
from core.models import ImportBatch
from core.spreadsheet import Cell, Column, UncomputedFormula, open_table
from core.text import clean_name, name_key
from participants.apply import ALREADY_APPLIED, Planned, PlanRefused, Target, apply_plan
from participants.competencies import COMPETENCIES, MAX_LEVEL, MIN_LEVEL
from participants.models import PositionClass, PositionStandard

TITLE = Column("title", "Jabatan", ("Nama Jabatan",))
CLASS = Column("position_class", "Jenis Jabatan", ("Kelompok Jabatan", "Kelas Jabatan"))
LEVELS = tuple(Column(code, code, (code.replace(".", ""), name)) for code, name in COMPETENCIES)
COLUMNS = (TITLE, CLASS, *LEVELS)
ISSUES_SHOWN = 200


@dataclass(frozen=True)
class StandardRow:
    title: str
    position_class_id: int
    levels: tuple[int, ...]  # COMPETENCY_CODES order


@dataclass
class StandardPlan:
    total_rows: int = 0
    rows: dict[str, StandardRow] = field(default_factory=dict)  # title key -> row
    issues: list[RowIssue] = field(default_factory=list)

    @property
    def rejected_rows(self) -> int:
        return len({issue.row for issue in self.issues})


def standards_plan(path: str | os.PathLike, filename: str = "") -> StandardPlan:
    """Read and check every row; nothing is written. SpreadsheetError names a missing column."""
    table = open_table(path, columns=COLUMNS, filename=filename)
    header = {column.key: table.headers.get(column.key, column.label) for column in COLUMNS}
    classes = dict(PositionClass.objects.values_list("name_key", "pk"))
    plan, seen = StandardPlan(), dict[str, int]()
    for row in table.rows:
        plan.total_rows += 1
        values = {key: row.get(index) for key, index in table.columns.items()}
        issues: list[RowIssue] = []

        def problem(key: str, message: str, values=values, issues=issues, row=row) -> None:
            issues.append(RowIssue(row.number, header[key], cells.cell_repr(values[key]), message))

        title = class_id = None
        try:
            title = clean_name(cells.text(values["title"], label="Jabatan", max_length=200))
        except cells.CellError as error:
            problem("title", error.message)
        try:
            class_text = cells.text(values["position_class"], label="Jenis Jabatan", max_length=60)
            class_id = classes.get(name_key(class_text))
            if class_id is None:
                problem(
                    "position_class", f"Jenis jabatan {class_text} tidak dikenal di data induk."
                )
        except cells.CellError as error:
            problem("position_class", error.message)
        levels = []
        for column in LEVELS:
            try:
                levels.append(_level(values[column.key]))
            except cells.CellError as error:
                problem(column.key, error.message)
        if title is not None and (earlier := seen.get(name_key(title))) is not None:
            problem("title", f"Jabatan ini sudah ada di baris {earlier}.")
        if issues:
            plan.issues.extend(issues)
            continue
        assert title is not None and class_id is not None
        seen[name_key(title)] = row.number
        plan.rows[name_key(title)] = StandardRow(title, class_id, tuple(levels))
    return plan


def _level(value: Cell) -> int:
    wanted = f"Level harus angka bulat {MIN_LEVEL}-{MAX_LEVEL}"
    if value is None or value == "":
        raise cells.CellError(f"{wanted}; sel ini kosong.")
    if isinstance(value, UncomputedFormula):
        raise cells.CellError(
            f"Sel berisi rumus Excel {value} tanpa hasil tersimpan; simpan ulang di Excel."
        )
    if isinstance(value, bool):
        raise cells.CellError(f"{wanted}.")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = "".join(str(value).split())
        if not text.isascii() or not text.isdigit():
            raise cells.CellError(f"{wanted}.")
        number = float(text)
    if not number.is_integer() or not MIN_LEVEL <= number <= MAX_LEVEL:
        raise cells.CellError(f"{wanted}.")
    return int(number)


POSITION_STANDARDS = Target(
    PositionStandard,
    key=("title_key",),
    values=("title", "position_class_id", "levels"),
    label="standar jabatan",
    title="Impor standar jabatan",
)


def standards_planned(plan: StandardPlan) -> Planned:
    """The valid rows of plan; a position already known gets the sheet's levels and class."""
    return Planned(
        POSITION_STANDARDS,
        plan.rows,
        lambda key, row: (key, row.title, row.position_class_id, list(row.levels)),
        rejected=plan.rejected_rows,
    )


def _summary(plan: StandardPlan) -> dict:
    known = dict(
        PositionStandard.objects.filter(title_key__in=list(plan.rows)).values_list(
            "title_key", "levels"
        )
    )
    class_names = dict(PositionClass.objects.values_list("pk", "name"))
    planned = []
    for key, row in plan.rows.items():
        if key not in known:
            change = "Baru"
        elif list(known[key]) == list(row.levels):
            change = "Tidak berubah"
        else:
            change = "Diperbarui"
        levels = " ".join(map(str, row.levels))
        planned.append([row.title, class_names[row.position_class_id], levels, change])
    issues = [[i.row, i.column, i.value, i.message] for i in plan.issues]
    return {
        "planned_headers": ["Jabatan", "Jenis Jabatan", "Level M.01-SK.01", "Perubahan"],
        "planned": planned,
        "total_rows": plan.total_rows,
        "valid_rows": len(plan.rows),
        "rejected_rows": plan.rejected_rows,
        "issue_count": len(issues),
        "issues": issues[:ISSUES_SHOWN],
    }


def standards_import_start(*, upload: UploadedFile, actor) -> ImportBatch:
    """Keep the file and its preview; nothing else is written. Raises ImportRefused or
    SpreadsheetError, and then keeps nothing."""
    if upload.size is not None and upload.size > settings.IMPORT_MAX_BYTES:
        raise ImportRefused(import_size_message())
    batch = ImportBatch(
        kind=ImportBatch.Kind.STANDARDS,
        original_name=Path(upload.name or "").name[:255],
        created_by=actor,
    )
    batch.file.save(f"{batch.token}.upload", upload, save=False)
    try:
        plan = standards_plan(batch.file.path, batch.original_name)
    except Exception:
        batch.file.delete(save=False)
        raise
    batch.summary = _summary(plan)
    batch.save()
    return batch


def standards_import_confirm(*, batch: ImportBatch, actor, skip_invalid: bool) -> dict[str, int]:
    """Apply a previewed batch once, reading its kept file again. Raises PlanRefused when it
    was confirmed or cancelled before, or has rejected rows and not skip_invalid."""
    if batch.status != ImportBatch.Status.PREVIEW:
        raise PlanRefused(ALREADY_APPLIED)
    plan = standards_plan(batch.file.path, batch.original_name)
    result = apply_plan(
        standards_planned(plan),
        actor=actor,
        skip_invalid=skip_invalid,
        batch=batch,
        summary=_summary(plan),
    )
    batch.refresh_from_db()
    return result

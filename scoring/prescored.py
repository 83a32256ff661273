"""Pre-scored results from a file (`NIP`, the nine competency levels, `LD`, `ES`): every row
checked, then upserted per registration.

Some stages deliver the results already scored: a level 1-5 per competency and the LD and ES
scores 0-100. LD or ES may be empty (the participant then has no potential, unless that
component's weight is 0); a level may not. Numbers are accepted as Excel numbers or as text,
with a decimal comma ("78,5") as Indonesian sheets write them, and stored rounded half-up to
2 decimals.
"""

import datetime as dt
import math
import os
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from core import cells
from core.imports import RowIssue
from core.spreadsheet import Cell, Column, Row, Table, UncomputedFormula, open_table
from participants.apply import Planned, Target, apply_plan
from participants.competencies import COMPETENCIES, MAX_LEVEL, MIN_LEVEL
from scoring.event_rows import registration_of_row
from scoring.models import PrescoredResult
from sessions_app.models import Event

NIP_COLUMN = Column("nip", "NIP")
# A level column is the competency code; "M01" and the competency's name are accepted too.
LEVEL_COLUMNS = tuple(
    Column(code, code, (code.replace(".", ""), name)) for code, name in COMPETENCIES
)
LD_COLUMN = Column("ld", "LD", ("Literasi Digital",))
ES_COLUMN = Column("es", "ES", ("Keahlian Masa Depan", "Emerging Skills"))
COLUMNS = (NIP_COLUMN, *LEVEL_COLUMNS, LD_COLUMN, ES_COLUMN)

_DECIMAL = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_CENT = Decimal("0.01")


class PrescoredRow(NamedTuple):
    levels: tuple[int, ...]  # 9 ints 1-5 in COMPETENCY_CODES order
    ld: float | None
    es: float | None


@dataclass
class PrescoredPlan:
    total_rows: int = 0
    rows: dict[int, PrescoredRow] = field(default_factory=dict)  # registration id -> row
    issues: list[RowIssue] = field(default_factory=list)

    @property
    def rejected_rows(self) -> set[int]:
        return {issue.row for issue in self.issues}


class _Problem(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def prescored_plan(event: Event, path: str | os.PathLike, filename: str = "") -> PrescoredPlan:
    """Read and check every row; nothing is written. A file without one of the columns raises
    SpreadsheetError naming the missing ones."""
    table = open_table(path, columns=COLUMNS, filename=filename)
    header = {c.key: table.headers.get(c.key, c.label) for c in COLUMNS}  # as the file says
    registrations = dict(event.registrations.values_list("participant__nip", "pk"))
    plan, seen = PrescoredPlan(), {}
    for row in table.rows:
        plan.total_rows += 1
        registration = registration_of_row(
            row.number,
            row.get(table.columns["nip"]),
            column=header["nip"],
            registrations=registrations,
            seen=seen,
            issues=plan.issues,
        )
        if registration is None:
            continue
        values, issues = _read_row(row, table, header)
        if issues:
            plan.issues.extend(issues)
        else:
            plan.rows[registration] = values
    return plan


def _read_row(row: Row, table: Table, header: dict[str, str]) -> tuple[PrescoredRow, list]:
    """The levels, LD and ES of a row, and an issue for every cell that is not valid."""
    issues: list[RowIssue] = []

    def read(column: Column, reader):
        value = row.get(table.columns[column.key])
        try:
            return reader(value)
        except _Problem as problem:
            issues.append(
                RowIssue(row.number, header[column.key], cells.cell_repr(value), problem.message)
            )
            return None

    levels = tuple(read(column, _level) for column in LEVEL_COLUMNS)
    return PrescoredRow(levels, read(LD_COLUMN, _score), read(ES_COLUMN, _score)), issues


PRESCORED_RESULTS = Target(
    PrescoredResult,
    key=("registration_id",),
    values=("levels", "ld_score", "es_score"),
    label="skor jadi",
)


def prescored_planned(event: Event, plan: PrescoredPlan) -> Planned:
    """The valid rows of plan, a person's earlier pre-scored result replaced."""
    return Planned(
        PRESCORED_RESULTS,
        plan.rows,
        lambda registration, row: (registration, list(row.levels), _cents(row.ld), _cents(row.es)),
        rejected=len(plan.rejected_rows),
        about=event,
    )


def prescored_apply(*, event: Event, plan: PrescoredPlan, actor, skip_invalid: bool) -> int:
    """Store the valid rows in one transaction, replacing a person's earlier pre-scored
    result. With rejected rows and not skip_invalid, nothing is stored (ValueError)."""
    planned = prescored_planned(event, plan)
    return apply_plan(planned, actor=actor, skip_invalid=skip_invalid)["stored"]


def _number(value: Cell) -> float:
    """A cell as a number: an Excel number, or text such as "78", "78.5" or "78,5"."""
    if isinstance(value, UncomputedFormula):
        raise _Problem(
            f"Sel berisi rumus Excel {value} tanpa hasil tersimpan. Buka file di Excel lalu "
            "simpan ulang, atau salin dan tempel sebagai nilai (Paste Values)."
        )
    if isinstance(value, bool | dt.date | dt.time):
        raise _Problem("Sel berisi tanggal atau nilai TRUE/FALSE, bukan angka.")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = "".join(str(value).split())
        if "," in text and "." not in text:
            text = text.replace(",", ".", 1)  # the decimal comma
        if not _DECIMAL.match(text):
            raise _Problem("Sel harus berisi angka.")
        number = float(text)
    if not math.isfinite(number):
        raise _Problem("Sel harus berisi angka.")
    return number


def _level(value: Cell) -> int:
    wanted = f"Level kompetensi harus angka bulat {MIN_LEVEL}-{MAX_LEVEL}"
    if value is None:
        raise _Problem(f"{wanted}; sel ini kosong.")
    try:
        number = _number(value)
    except _Problem as problem:
        if isinstance(value, UncomputedFormula):
            raise
        raise _Problem(f"{wanted}.") from problem
    if not number.is_integer() or not MIN_LEVEL <= number <= MAX_LEVEL:
        raise _Problem(f"{wanted}.")
    return int(number)


def _score(value: Cell) -> float | None:
    if value is None:
        return None  # no score delivered: the participant gets no potential
    wanted = "Skor harus angka 0-100 (koma desimal boleh, misalnya 78,5) atau dikosongkan"
    try:
        number = _number(value)
    except _Problem as problem:
        if isinstance(value, UncomputedFormula):
            raise
        raise _Problem(f"{wanted}.") from problem
    if not 0 <= number <= 100:
        raise _Problem(f"{wanted}.")
    return number


def _cents(value: float | None) -> Decimal | None:
    """Half-up to 2 decimals on the decimal the float was written as (78.455 -> 78.46)."""
    return None if value is None else Decimal(repr(value)).quantize(_CENT, ROUND_HALF_UP)

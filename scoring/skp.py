"""SKP ratings from a file (`NIP`, `Tahun`, `Predikat`): every row checked, then upserted."""

import os
from dataclasses import dataclass, field

from django.utils import timezone

from core import cells
from core.imports import RowIssue
from core.spreadsheet import Column, open_table
from participants.apply import Planned, Target, apply_plan
from participants.models import Participant
from participants.nip import NipError, parse_nip
from scoring.models import SkpRating

COLUMNS = (
    Column("nip", "NIP"),
    Column("year", "Tahun", ("Tahun SKP",)),
    Column("predikat", "Predikat", ("Predikat Kinerja", "Predikat SKP")),
)
_PREDIKAT = {" ".join(value.split()).casefold(): value for value in SkpRating.Predikat.values}


@dataclass
class SkpPlan:
    total_rows: int = 0
    ratings: dict[tuple[int, int], str] = field(default_factory=dict)  # (participant, year)
    issues: list[RowIssue] = field(default_factory=list)


def skp_plan(path: str | os.PathLike, filename: str = "") -> SkpPlan:
    table = open_table(path, columns=COLUMNS, filename=filename)
    participants = dict(Participant.objects.values_list("nip", "pk"))
    plan, seen = SkpPlan(), {}
    for row in table.rows:
        plan.total_rows += 1
        values = {key: row.get(index) for key, index in table.columns.items()}
        try:
            nip = parse_nip(cells.nip_text(values["nip"])).digits
        except (cells.CellError, NipError) as error:
            plan.issues.append(
                RowIssue(row.number, "NIP", cells.cell_repr(values["nip"]), error.message)
            )
            continue
        if nip not in participants:
            plan.issues.append(
                RowIssue(row.number, "NIP", nip, "NIP ini tidak ada di data peserta.")
            )
            continue
        year = values["year"]
        if not isinstance(year, int) and not (isinstance(year, str) and year.strip().isdigit()):
            plan.issues.append(
                RowIssue(
                    row.number, "Tahun", cells.cell_repr(year), "Tahun harus angka, misalnya 2023."
                )
            )
            continue
        year = int(year)
        if not 2000 <= year <= timezone.localdate().year:
            plan.issues.append(
                RowIssue(
                    row.number, "Tahun", str(year), "Tahun SKP di luar rentang yang masuk akal."
                )
            )
            continue
        predikat = _PREDIKAT.get(" ".join(str(values["predikat"] or "").split()).casefold())
        if predikat is None:
            choices = ", ".join(SkpRating.Predikat.values)
            plan.issues.append(
                RowIssue(
                    row.number,
                    "Predikat",
                    cells.cell_repr(values["predikat"]),
                    f"Predikat harus salah satu dari: {choices}.",
                )
            )
            continue
        key = (participants[nip], year)
        if key in seen:
            message = f"NIP dan tahun ini sudah ada di baris {seen[key]}."
            plan.issues.append(RowIssue(row.number, "NIP", nip, message))
            continue
        seen[key] = row.number
        plan.ratings[key] = predikat
    return plan


SKP_RATINGS = Target(
    SkpRating,
    key=("participant_id", "year"),
    values=("predikat",),
    label="predikat",
    title="Impor predikat SKP",
)


def skp_planned(plan: SkpPlan) -> Planned:
    """The valid ratings of plan, a rating of the same person and year replaced."""
    return Planned(
        SKP_RATINGS,
        plan.ratings,
        lambda participant_year, predikat: (*participant_year, predikat),
        rejected=len({issue.row for issue in plan.issues}),
    )


def skp_apply(*, plan: SkpPlan, actor) -> int:
    """Store the valid ratings in one transaction; the rejected rows are left out."""
    return apply_plan(skp_planned(plan), actor=actor, skip_invalid=True)["stored"]

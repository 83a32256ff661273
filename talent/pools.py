"""Succession pools (docs/rules.md#succession-pools): the people whose latest valid published
result is in the chosen talent boxes (7, 8 and 9 by default), with their JPM recomputed
against a target's required levels and the sum of their shortfalls below them, ranked by box,
then target JPM, then potential.

The levels are read once per candidate and matched against the target in one NumPy step
(scoring.core.target_match), so a pool of 100,000 people costs one query and no loop of
arithmetic in Python.
"""

from __future__ import annotations

import io
import math
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from openpyxl import Workbook

from audit.services import audit_record
from core.excel import header_cells, set_widths, styled_cell, text_cell
from participants.standards import Target
from scoring import core
from talent.latest import latest_results

DEFAULT_BOXES = (7, 8, 9)
SHEET = "Talent Pool"
HEADERS = (
    "NIP",
    "Nama",
    "OPD",
    "Jabatan",
    "Jenis Jabatan",
    "Kotak Talenta",
    "Skor Potensi",
    "JPM Sasaran",
    "Gap Sasaran",
    "Kegiatan",
)


@dataclass(frozen=True)
class PoolFilters:
    boxes: tuple[int, ...] = DEFAULT_BOXES
    opd: int | None = None
    region: int | None = None
    golongan: str = ""


@dataclass(frozen=True)
class Candidate:
    registration_id: int
    event_code: str
    event_name: str
    nip: str
    name: str
    opd: str
    position_title: str
    position_class: str
    box: int
    potential: Decimal | None
    target_jpm: float | None  # None when the result measured no levels
    target_gap: int | None


PERSON = "registration__participant__"
_FIELDS = (
    "registration_id",
    "registration__event__code",
    "registration__event__name",
    f"{PERSON}nip",
    f"{PERSON}name",
    f"{PERSON}opd__name",
    f"{PERSON}position_title",
    f"{PERSON}position_class__name",
    "box",
    "potential",
    "levels",
)


def talent_pool(
    *, opd_ids: Collection[int] | None, target: Target, filters: PoolFilters
) -> list[Candidate]:
    """The ranked candidates for target among the people of opd_ids (a user's scope, from
    participants.scope.scoped_opd_ids; None for every OPD)."""
    results = latest_results().filter(box__in=filters.boxes).visible_to_opds(opd_ids)
    if filters.opd:
        results = results.filter(**{f"{PERSON}opd_id": filters.opd})
    if filters.region:
        results = results.filter(**{f"{PERSON}upt__region_id": filters.region})
    if filters.golongan:
        results = results.filter(**{f"{PERSON}golongan": filters.golongan})
    rows = list(results.values_list(*_FIELDS))
    if not rows:
        return []
    levels = np.array(
        [row[-1] if row[-1] and len(row[-1]) == 9 else [0] * 9 for row in rows], dtype=np.int64
    )
    measured = levels.min(axis=1) >= core.MIN_LEVEL
    jpm, gap = core.target_match(np.where(measured[:, None], levels, 1), np.array(target.levels))
    box = np.array([row[8] for row in rows], dtype=np.int64)
    potential = np.array([math.nan if row[9] is None else float(row[9]) for row in rows])
    # lexsort sorts ascending on the last key first: box desc, then JPM desc, then potential
    # desc, a missing figure last, then NIP for a stable order.
    nips = np.array([row[3] for row in rows])
    order = np.lexsort(
        (
            nips,
            np.where(np.isnan(potential), np.inf, -potential),
            np.where(measured, -jpm, np.inf),
            -box,
        )
    )
    candidates = []
    for i in order.tolist():
        registration, code, event, nip, name, opd, title, position_class, *_ = rows[i]
        candidates.append(
            Candidate(
                registration_id=registration,
                event_code=code,
                event_name=event,
                nip=nip,
                name=name,
                opd=opd,
                position_title=title,
                position_class=position_class,
                box=int(box[i]),
                potential=rows[i][9],
                target_jpm=float(jpm[i]) if measured[i] else None,
                target_gap=int(gap[i]) if measured[i] else None,
            )
        )
    return candidates


def pool_workbook(candidates: list[Candidate], target: Target) -> bytes:
    """The pool as sheet `Talent Pool`, in rank order; NIPs as text."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET)
    sheet.freeze_panes = "A2"
    set_widths(sheet, (21, 30, 34, 30, 18, 8, 8, 8, 8, 28))
    sheet.append(header_cells(sheet, HEADERS))
    for c in candidates:
        sheet.append(
            [
                text_cell(sheet, c.nip),
                styled_cell(sheet, c.name),
                styled_cell(sheet, c.opd),
                styled_cell(sheet, c.position_title),
                styled_cell(sheet, c.position_class),
                c.box,
                styled_cell(sheet, c.potential, "0.00"),
                styled_cell(sheet, c.target_jpm, "0.00"),
                c.target_gap,
                styled_cell(sheet, f"{c.event_code} {c.event_name}"),
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def pool_audit(*, actor, action: str, target: Target, filters: PoolFilters, count: int) -> None:
    """Who looked at or took which pool: the target, the filters and how many candidates."""
    audit_record(
        actor=actor,
        action=action,
        target_type="talent.pool",
        target_repr=f"Talent pool {target.name}"[:255],
        changes={
            "sasaran": target.name,
            "kotak": list(filters.boxes),
            "opd": filters.opd,
            "wilayah": filters.region,
            "golongan": filters.golongan,
            "kandidat": count,
        },
    )

"""The demo's earlier stage, Tahap II (about two years before Tahap III, demo/stage_dates.py;
in the article 4-8 December 2023): pre-scored results (the nine
levels, LD and ES, as BKN delivered them for that stage) of part of Tahap III's people.

Pure Python (no Django), deterministic like demo/results.py. Most people grew a little
between the stages, some stayed, a few slipped, so the history and the comparison show every
kind of change: an earlier level is the later one less a step drawn per person and
competency (STEP_SHARES); the earlier LD and ES are the later ones less a drawn gain. A
person who was absent in Tahap III (no later result) gets levels around their position's
standard instead.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from demo.results import _ranked
from scoring.core import COMPETENCY_CODES

EARLIER_SHARE = 0.6  # of Tahap III's people, also assessed in Tahap II
# How much lower a level was in Tahap II than in Tahap III: -1 (it slipped since), 0, 1.
STEP_SHARES = ((-1, 0.12), (0, 0.58), (1, 0.30))
PRESCORED_TITLE = "HASIL PENILAIAN KOMPETENSI TAHAP II TAHUN {year} (SKOR JADI DARI BKN)"
PRESCORED_HEADER = ("NIP", *COMPETENCY_CODES, "LD", "ES")
PRESCORED_HEADER_ROW = 3
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Later:
    """What is known of a person from Tahap III: their result's levels, LD and ES (None when
    they have none), and the level their position requires."""

    nip: str
    required: int
    levels: Sequence[int] | None = None
    ld: float | None = None
    es: float | None = None


def earlier_nips(nips: Sequence[str], seed: int = 2023) -> list[str]:
    """round(EARLIER_SHARE * len(nips)) of the NIPs, in the order given: those assessed in
    Tahap II already."""
    chosen = set(_ranked(nips, seed, "tahap-ii")[: round(len(nips) * EARLIER_SHARE)])
    return [nip for nip in nips if nip in chosen]


def _step(rng: random.Random) -> int:
    draw, total = rng.random(), 0.0
    for step, share in STEP_SHARES:
        total += share
        if draw < total:
            return step
    return STEP_SHARES[-1][0]


def _score(later: float | None, rng: random.Random) -> Decimal:
    base = later if later is not None else rng.uniform(55, 85)
    value = min(100.0, max(0.0, base - rng.gauss(4, 7)))
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def simulate_prescored(people: Sequence[Later], seed: int = 2023) -> list[list]:
    """One row per person, in the order given: [nip, nine levels 1-5, LD, ES]."""
    rows = []
    for person in people:
        rng = random.Random(f"{seed}:{person.nip}")
        if person.levels and all(person.levels):
            levels = [min(5, max(1, level - _step(rng))) for level in person.levels]
        else:
            levels = [min(5, max(1, person.required + rng.choice((-1, 0, 0, 1)))) for _ in range(9)]
        rows.append([person.nip, *levels, _score(person.ld, rng), _score(person.es, rng)])
    return rows


def write_prescored(path: str | Path, rows: Sequence[Sequence[object]], year: int = 2023) -> None:
    """Save the rows as the stage's file came: a title row, then `NIP`, the nine competency
    codes, `LD`, `ES`; NIPs as text cells."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Skor"
    sheet.cell(row=1, column=1, value=PRESCORED_TITLE.format(year=year)).font = Font(
        bold=True, size=13
    )
    for column, header in enumerate(PRESCORED_HEADER, start=1):
        sheet.cell(row=PRESCORED_HEADER_ROW, column=column, value=header).font = Font(bold=True)
    for number, row in enumerate(rows, start=PRESCORED_HEADER_ROW + 1):
        for column, value in enumerate(row, start=1):
            sheet.cell(row=number, column=column, value=float(value) if column > 10 else value)
        sheet.cell(row=number, column=1).number_format = "@"
    sheet.column_dimensions["A"].width = 21
    workbook.save(path)

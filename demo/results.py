"""Deterministic CACT results for the embedded demo: the instrument, raw answers and SKP ratings.

Tahap III, 27-29 February 2024: one 104-item test form (MSK 9 competencies x 6 SJT items, LD
4 pillars x 5 MC items, ES 6 scales x 5 LIKERT items), the simulated answers of the
participants who came, and their SKP predikat. Pure Python (no Django): the demo loader and the
tests build on it, and the same arguments always give the same data and files.

The answers come from a small item-response model, so reports, gaps and the 9-box look real:

- every participant has a general ability (standard normal); the MSK, LD and ES abilities are
  correlated with it, and so are one ability per competency (from MSK) and per ES scale (ES);
- SJT: the option scoring s is chosen with probability proportional to
  exp(a * (theta - b) * (s - 3) * SJT_SLOPE + prior(s)): stronger people pick higher-scoring
  options more often; a and b (discrimination, difficulty) differ per item;
- MC: right with probability 0.2 + 0.8 * logistic(a * (theta - b)) (0.2: a lucky guess),
  otherwise one of the four wrong letters;
- LIKERT: agreement is round(mean + theta + noise) clipped to 1-5; on a reverse-keyed item
  the ability lowers agreement instead (and people agree a little anyway: acquiescence);
- about UNANSWERED_SHARE of all cells are left empty, and ES_INCOMPLETE_SHARE of the
  participants leave more than half of one ES scale empty, so their ES score, and with it
  their potential, is missing.

A participant's answers come from a random stream seeded by (seed, NIP), so they do not depend
on who else is in the list; only which few leave an ES scale half empty is chosen among the
NIPs given (order does not matter there either).

Absent participants: about ABSENT_SHARE of those scheduled did not show up. absent_nips()
names them deterministically; they have no answers, so the caller leaves them out of the list
given to simulate_answers() (and of the answers file) and marks them absent in attendance.
"""

from __future__ import annotations

import functools
import hashlib
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from core.excel import set_widths
from scoring.core import COMPETENCY_CODES, ES_SCALES, LD_PILLARS, OPTIONS, Item

DEMO_ITEMS_HEADER = ("kode", "komponen", "skala", "tipe", "kunci", "terbalik")
SJT_PER_COMPETENCY, MC_PER_PILLAR, LIKERT_PER_SCALE = 6, 5, 5
INSTRUMENT_SEED = 3  # the item keys and parameters; fixed, the form is the same every run

UNANSWERED_SHARE = 0.015  # of all cells, at random
ES_INCOMPLETE_SHARE = 0.01  # of participants: more than half of one ES scale left empty
ABSENT_SHARE = 0.03  # of participants scheduled: did not show up, so no answers

ANSWERS_TITLE = "HASIL CACT TAHAP III TAHUN 2024 - JAWABAN PESERTA PER BUTIR"
ANSWERS_HEADER_ROW = 3  # title, blank row, header
SKP_TITLE = "PREDIKAT KINERJA (SKP) PEGAWAI TAHUN {year}"
SKP_HEADER = ("NIP", "Tahun", "Predikat")
SKP_HEADER_ROW = 3
# Predikat and share of the cohort: most ASN are rated Baik, few below expectations.
PREDIKAT_SHARES: tuple[tuple[str, float], ...] = (
    ("Sangat Baik", 0.15),
    ("Baik", 0.77),
    ("Butuh Perbaikan", 0.05),
    ("Kurang", 0.02),
    ("Sangat Kurang", 0.01),
)

# The model's constants, tuned so that 387 participants who all need level 3 spread over
# every JPM and potential category (see tests/demo/test_results.py).
SJT_SLOPE = 0.9
_SJT_PRIOR = {1: -0.4, 2: 0.1, 3: 0.4, 4: 0.2, 5: -0.3}  # the middle options attract everyone
MC_GUESS = 0.2
LIKERT_MEAN, LIKERT_ACQUIESCENCE, LIKERT_NOISE = 3.5, 0.3, 0.8
# Correlation of each ability with the one above it.
_MSK_G, _LD_G, _ES_G, _COMPETENCY_MSK, _SCALE_ES = 0.75, 0.65, 0.6, 0.85, 0.8


@dataclass(frozen=True)
class _Spec:
    code: str
    component: str
    scale: str
    kind: str
    key: dict[str, int] | str | None
    reverse: bool
    discrimination: float
    difficulty: float  # SJT/MC: ability needed; LIKERT: lowers the (reverse-)scored answer


@functools.cache
def _specs() -> tuple[_Spec, ...]:
    rng = random.Random(INSTRUMENT_SEED)
    specs: list[_Spec] = []
    for competency in COMPETENCY_CODES:
        for n in range(1, SJT_PER_COMPETENCY + 1):
            key = dict(zip(OPTIONS, rng.sample(range(1, 6), 5), strict=True))
            a, b = rng.uniform(0.8, 1.3), rng.gauss(0, 0.3)
            specs.append(_Spec(f"{competency}-{n:02d}", "MSK", competency, "SJT", key, False, a, b))
    # Every letter is the right answer equally often, in no pattern.
    letters = list(OPTIONS) * (len(LD_PILLARS) * MC_PER_PILLAR // len(OPTIONS))
    rng.shuffle(letters)
    for pillar in LD_PILLARS:
        for n in range(1, MC_PER_PILLAR + 1):
            a, b = rng.uniform(1.0, 1.8), rng.uniform(-1.5, 1.0)
            specs.append(_Spec(f"{pillar}-{n:02d}", "LD", pillar, "MC", letters.pop(), False, a, b))
    for scale in ES_SCALES:
        reverse = set(rng.sample(range(1, LIKERT_PER_SCALE + 1), 2))
        for n in range(1, LIKERT_PER_SCALE + 1):
            a, b = rng.uniform(0.7, 1.1), rng.gauss(0, 0.25)
            specs.append(_Spec(f"{scale}-{n:02d}", "ES", scale, "LIKERT", None, n in reverse, a, b))
    return tuple(specs)


def demo_instrument_rows() -> list[tuple]:
    """The demo test form, one row per item in DEMO_ITEMS_HEADER order, as the sheet holds it:
    kunci `A=5;B=3;...` (SJT), a letter (MC) or None (LIKERT); terbalik `Y`/`N` (LIKERT) or
    None."""
    rows: list[tuple] = []
    for spec in _specs():
        if isinstance(spec.key, dict):
            key: str | None = ";".join(f"{option}={s}" for option, s in spec.key.items())
        else:
            key = spec.key
        reverse = ("Y" if spec.reverse else "N") if spec.kind == "LIKERT" else None
        rows.append((spec.code, spec.component, spec.scale, spec.kind, key, reverse))
    return rows


def demo_items() -> list[Item]:
    """The same form as scoring Items, in the same order."""
    return [
        Item(
            s.code,
            s.component,
            s.scale,
            s.kind,
            dict(s.key) if isinstance(s.key, dict) else s.key,
            s.reverse,
        )
        for s in _specs()
    ]


def write_instrument(path: str | Path) -> None:
    """Save the form as scoring.instrument.read_instrument reads it: sheet `Items`, header
    in row 1."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Items"
    sheet.append(DEMO_ITEMS_HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in demo_instrument_rows():
        sheet.append(row)
    set_widths(sheet, (12, 11, 9, 9, 24, 9))
    sheet.freeze_panes = "A2"
    workbook.save(path)


def _ranked(nips: Iterable[str], seed: int, purpose: str) -> list[str]:
    """The NIPs in a pseudo-random order that depends on the set, not on the order given."""
    return sorted(
        nips, key=lambda nip: hashlib.sha256(f"{seed}:{purpose}:{nip}".encode()).hexdigest()
    )


def absent_nips(nips: Sequence[str], seed: int = 2024) -> list[str]:
    """round(ABSENT_SHARE * len(nips)) of the NIPs, in the order given: those who did not come.
    Leave them out of simulate_answers(); the rest of the answers do not change."""
    absent = set(_ranked(nips, seed, "absent")[: round(len(nips) * ABSENT_SHARE)])
    return [nip for nip in nips if nip in absent]


def simulate_answers(nips: Sequence[str], seed: int = 2024) -> list[list]:
    """One row per NIP, in the order given: [nip, one cell per item of demo_instrument_rows()]:
    a letter A-E (SJT, MC), an int 1-5 (LIKERT) or None (unanswered)."""
    if len(set(nips)) != len(nips):
        raise ValueError("every NIP may appear only once")
    incomplete = set(_ranked(nips, seed, "es-incomplete")[: round(len(nips) * ES_INCOMPLETE_SHARE)])
    specs = _specs()
    return [
        [nip, *_answers(specs, random.Random(f"{seed}:{nip}"), nip in incomplete)] for nip in nips
    ]


def _correlated(parent: float, r: float, rng: random.Random) -> float:
    """A standard normal with correlation r to the standard normal parent."""
    return r * parent + math.sqrt(1 - r * r) * rng.gauss(0, 1)


def _answers(specs: Sequence[_Spec], rng: random.Random, es_incomplete: bool) -> list:
    general = rng.gauss(0, 1)
    msk, ld, es = (_correlated(general, r, rng) for r in (_MSK_G, _LD_G, _ES_G))
    theta = dict.fromkeys(LD_PILLARS, ld)
    theta |= {code: _correlated(msk, _COMPETENCY_MSK, rng) for code in COMPETENCY_CODES}
    theta |= {code: _correlated(es, _SCALE_ES, rng) for code in ES_SCALES}
    cells = [_answer(spec, theta[spec.scale], rng) for spec in specs]
    for i in range(len(cells)):
        if rng.random() < UNANSWERED_SHARE:
            cells[i] = None
    if es_incomplete:
        scale = rng.choice(ES_SCALES)
        columns = [i for i, spec in enumerate(specs) if spec.scale == scale]
        for i in rng.sample(columns, rng.randint(len(columns) // 2 + 1, len(columns) - 1)):
            cells[i] = None
    return cells


def _answer(spec: _Spec, theta: float, rng: random.Random) -> str | int:
    a, b = spec.discrimination, spec.difficulty
    if spec.kind == "SJT":
        assert isinstance(spec.key, dict)
        weights = [
            math.exp(a * (theta - b) * (s - 3) * SJT_SLOPE + _SJT_PRIOR[s])
            for s in spec.key.values()
        ]
        return rng.choices(OPTIONS, weights)[0]
    if spec.kind == "MC":
        right = MC_GUESS + (1 - MC_GUESS) / (1 + math.exp(-a * (theta - b)))
        if rng.random() < right:
            return str(spec.key)
        return rng.choice([option for option in OPTIONS if option != spec.key])
    if spec.reverse:
        agreement = 6 - LIKERT_MEAN + LIKERT_ACQUIESCENCE + b - a * theta
    else:
        agreement = LIKERT_MEAN - b + a * theta
    agreement += rng.gauss(0, LIKERT_NOISE)
    return min(5, max(1, math.floor(agreement + 0.5)))


def write_answers(path: str | Path, rows: Sequence[Sequence[object]]) -> None:
    """Save answer rows as the results file CACT delivers: a title row, then `NIP` and one
    column per item code, one row per participant; NIPs as text cells."""
    codes = [row[0] for row in demo_instrument_rows()]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Jawaban"
    sheet.cell(row=1, column=1, value=ANSWERS_TITLE).font = Font(bold=True, size=13)
    for column, header in enumerate(["NIP", *codes], start=1):
        sheet.cell(row=ANSWERS_HEADER_ROW, column=column, value=header).font = Font(bold=True)
    for number, row in enumerate(rows, start=ANSWERS_HEADER_ROW + 1):
        if len(row) != len(codes) + 1:
            raise ValueError(f"a row holds the NIP and {len(codes)} answers, not {len(row) - 1}")
        for column, value in enumerate(row, start=1):
            sheet.cell(row=number, column=column, value=value)
        sheet.cell(row=number, column=1).number_format = "@"
    set_widths(sheet, (21,))
    sheet.freeze_panes = sheet.cell(row=ANSWERS_HEADER_ROW + 1, column=2)
    workbook.save(path)


def simulate_skp(
    nips: Sequence[str], year: int = 2023, seed: int = 2023
) -> list[tuple[str, int, str]]:
    """(nip, year, predikat) per NIP, in the order given. The counts follow PREDIKAT_SHARES
    (largest remainder), so 387 NIPs get every predikat; who gets which is drawn from the
    set of NIPs, independently of the answers."""
    counts = _allocate(len(nips), [share for _, share in PREDIKAT_SHARES])
    labels = [
        label
        for (label, _), count in zip(PREDIKAT_SHARES, counts, strict=True)
        for _ in range(count)
    ]
    predikat = dict(zip(_ranked(nips, seed, f"skp-{year}"), labels, strict=True))
    return [(nip, year, predikat[nip]) for nip in nips]


def _allocate(total: int, shares: Sequence[float]) -> list[int]:
    exact = [total * share / sum(shares) for share in shares]
    counts = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(shares)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def write_skp(path: str | Path, rows: Sequence[tuple[str, int, str]]) -> None:
    """Save SKP ratings as the BKD keeps them: a title row, then `NIP`, `Tahun`, `Predikat`;
    NIPs as text cells."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "SKP"
    years = sorted({year for _, year, _ in rows})
    title = SKP_TITLE.format(year=", ".join(map(str, years)))
    sheet.cell(row=1, column=1, value=title).font = Font(bold=True, size=13)
    for column, header in enumerate(SKP_HEADER, start=1):
        sheet.cell(row=SKP_HEADER_ROW, column=column, value=header).font = Font(bold=True)
    for number, row in enumerate(rows, start=SKP_HEADER_ROW + 1):
        for column, value in enumerate(row, start=1):
            sheet.cell(row=number, column=column, value=value)
        sheet.cell(row=number, column=1).number_format = "@"
    set_widths(sheet, (21, 8, 18))
    workbook.save(path)

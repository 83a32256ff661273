"""Reading a CACT instrument workbook (one per test form) into items and rejected rows.

The workbook's sheet `Items` holds one row per item: kode, komponen (MSK, LD, ES), skala
(a competency, pillar or scale code), tipe (SJT, MC, LIKERT), kunci and terbalik, as
docs/formats.md#instrument says (terbalik also as Y/N, 1/0, TRUE/FALSE: see _YES). The file goes
through core.spreadsheet.open_table, which takes the first visible sheet whose header
row matches: the sheet's name is not checked, so in a workbook with several sheets (say an
instructions sheet before `Items`) the one holding the header is read, and in a CSV the whole
file is.

Nothing here imports Django: the plan is pure data and the caller decides what to keep,
including what an instrument without a single valid item means.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from core.cells import cell_repr
from core.spreadsheet import Cell, Column, UncomputedFormula, header_key, open_table
from participants.competencies import COMPETENCY_CODES

COMPONENT_SCALES: dict[str, tuple[str, ...]] = {
    "MSK": COMPETENCY_CODES,
    "LD": ("LD.DS", "LD.DC", "LD.DE", "LD.DF"),
    "ES": ("ES.AD", "ES.BK", "ES.KI", "ES.KO", "ES.PB", "ES.KE"),
}
COMPONENT_KINDS = {"MSK": "SJT", "LD": "MC", "ES": "LIKERT"}
OPTIONS = ("A", "B", "C", "D", "E")
MIN_SCORE, MAX_SCORE = 1, 5
# Spelled out rather than int(): str.isdigit() also admits "²" and "５", which int() refuses.
_SCORES = {str(score): score for score in range(MIN_SCORE, MAX_SCORE + 1)}

# All six are required, terbalik included: a misnamed terbalik column would otherwise be
# ignored and reverse-keyed items silently scored forwards.
COLUMNS = (
    Column("kode", "kode", ("Kode Butir", "Kode Soal", "Kode Item")),
    Column("komponen", "komponen"),
    Column("skala", "skala"),
    Column("tipe", "tipe", ("Tipe Soal", "Jenis Soal")),
    Column("kunci", "kunci", ("Kunci Jawaban",)),
    Column("terbalik", "terbalik", ("Butir Terbalik",)),
)
_SJT_EXAMPLE = "A=5;B=3;C=1;D=2;E=4"
_KEY_SEPARATORS = re.compile(r"[;,\n]+")
_KEY_PART = re.compile(r"([A-Za-z])\s*[=:]\s*(\S+)")
# The terbalik column as people write it: Y/N, Ya/Tidak, 1/0, TRUE/FALSE (typed, an Excel
# boolean cell, or Indonesian Excel's BENAR/SALAH in a CSV). A lone "T" means Terbalik (true);
# "not reversed" is written N, Tidak, 0, FALSE or left empty.
_YES = {"y", "ya", "t", "terbalik", "1", "true", "benar"}
_NO = {"n", "tidak", "0", "false", "salah", ""}
_REVERSE_HINT = "isi Y, Ya, T, 1 atau TRUE bila terbalik; N, Tidak, 0, FALSE atau kosong bila tidak"

T = TypeVar("T")


@dataclass(frozen=True)
class ParsedItem:
    """Field for field scoring.core.Item, so the caller converts it one to one."""

    code: str
    component: str
    scale: str
    kind: str
    key: dict[str, int] | str | None  # SJT: option -> score; MC: the correct letter
    reverse: bool = False


@dataclass(frozen=True)
class ItemIssue:
    row: int  # as Excel shows it
    column: str
    value: str
    message: str  # Indonesian, for the operator


@dataclass
class InstrumentPlan:
    items: list[ParsedItem] = field(default_factory=list)
    issues: list[ItemIssue] = field(default_factory=list)
    sheet: str | None = None  # the sheet read (None for a CSV), to show in the preview
    header_row: int = 0

    def counts(self) -> dict[str, int]:
        """Valid items per component, every component listed even when it has none."""
        counts = dict.fromkeys(COMPONENT_SCALES, 0)
        for item in self.items:
            counts[item.component] += 1
        return counts


class _Problem(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_instrument(
    path: str | os.PathLike[str],
    *,
    filename: str = "",
    es_scales: Sequence[str] = COMPONENT_SCALES["ES"],
) -> InstrumentPlan:
    """Check every row of an instrument file; rejected rows become issues, never items.

    es_scales replaces the default ES scale codes (the list is configurable per event).
    Raises spreadsheet.SpreadsheetError when the file as a whole cannot be read.
    """
    table = open_table(path, columns=COLUMNS, filename=filename)
    plan = InstrumentPlan(sheet=table.sheet, header_row=table.header_row)
    scales = {**COMPONENT_SCALES, "ES": tuple(es_scales)}
    parsed: list[tuple[int, ParsedItem]] = []
    code_rows: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in table.rows:
        values = {key: row.get(index) for key, index in table.columns.items()}
        item, issues, code = _parse_row(row.number, values, scales)
        plan.issues.extend(issues)
        if item is not None:
            parsed.append((row.number, item))
        if code:
            # Results files name their columns by item code and are matched by header_key,
            # so codes equal under it (case, spaces, dots) could not be told apart there.
            # Rows rejected for another reason count too: fixing them would clash anyway.
            code_rows[header_key(code)].append((row.number, code))
    repeated = _reject_repeated_codes(code_rows, plan)
    plan.items = [item for number, item in parsed if number not in repeated]
    order = [column.key for column in COLUMNS]
    plan.issues.sort(key=lambda issue: (issue.row, order.index(issue.column)))
    return plan


def _parse_row(
    number: int, values: dict[str, Cell], scales: dict[str, tuple[str, ...]]
) -> tuple[ParsedItem | None, list[ItemIssue], str]:
    """The row's item, or None with every problem found in it (so one pass fixes them all)."""
    issues: list[ItemIssue] = []

    def read(column: str, parse: Callable[..., T], *args: object, text=_text) -> T | None:
        try:
            return parse(text(values[column]), *args)
        except _Problem as problem:
            issues.append(ItemIssue(number, column, cell_repr(values[column]), problem.message))
            return None

    code = read("kode", _code)
    component = read("komponen", _component)
    scale = kind = key = None
    if component is not None:
        # The component decides the type; skala, tipe and kunci are checked against it.
        scale = read("skala", _scale, component, scales)
        kind = read("tipe", _kind, component)
        key = read("kunci", _key, COMPONENT_KINDS[component])
    reverse = read("terbalik", _reverse, COMPONENT_KINDS.get(component or ""), text=_flag_text)
    if issues:
        return None, issues, code or ""
    assert code and component and scale and kind  # no issue means every field was read
    return ParsedItem(code, component, scale, kind, key, bool(reverse)), [], code


def _text(value: Cell) -> str:
    if isinstance(value, UncomputedFormula):
        raise _Problem(
            f"Sel berisi rumus Excel {value} tanpa hasil tersimpan. Buka file di Excel lalu "
            "simpan ulang, atau salin dan tempel sebagai nilai (Paste Values)."
        )
    if isinstance(value, dt.date | dt.time):
        raise _Problem("Sel berisi tanggal/waktu, bukan teks. Periksa format sel di Excel.")
    if isinstance(value, bool):
        raise _Problem("Sel berisi nilai TRUE/FALSE, bukan teks.")
    return cell_repr(value).strip()


def _flag_text(value: Cell) -> str:
    """A yes/no cell as text: an Excel boolean (TRUE/FALSE) is a fine answer here."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _text(value)


def _code(text: str) -> str:
    if not text:
        raise _Problem("Kode butir wajib diisi.")
    return text


def _component(text: str) -> str:
    component = text.upper()
    if component not in COMPONENT_SCALES:
        known = ", ".join(COMPONENT_SCALES)
        raise _Problem(f"Komponen {text or '(kosong)'} tidak dikenal; pilih salah satu: {known}.")
    return component


def _scale(text: str, component: str, scales: dict[str, tuple[str, ...]]) -> str:
    owner = {code.upper(): (name, code) for name, codes in scales.items() for code in codes}
    allowed = ", ".join(scales[component])
    if not text:
        raise _Problem(f"Skala wajib diisi; skala komponen {component}: {allowed}.")
    name, code = owner.get(text.upper(), (None, text))
    if name is None:
        raise _Problem(f"Skala {text} tidak dikenal; skala komponen {component}: {allowed}.")
    if name != component:
        raise _Problem(f"Skala {code} milik komponen {name}, bukan {component}.")
    return code


def _kind(text: str, component: str) -> str:
    expected = COMPONENT_KINDS[component]
    kind = text.upper()
    if kind not in COMPONENT_KINDS.values():
        raise _Problem(
            f"Tipe {text or '(kosong)'} tidak dikenal; butir {component} bertipe {expected}."
        )
    if kind != expected:
        raise _Problem(f"Butir {component} harus bertipe {expected}, bukan {kind}.")
    return kind


def _key(text: str, kind: str) -> dict[str, int] | str | None:
    if kind == "LIKERT":
        if text:
            raise _Problem("Butir LIKERT tidak memakai kunci; kosongkan kolom kunci.")
        return None
    if kind == "MC":
        letter = text.upper()
        if letter not in OPTIONS:
            raise _Problem("Kunci butir MC harus satu huruf A-E (jawaban yang benar).")
        return letter
    return _sjt_key(text)


def _sjt_key(text: str) -> dict[str, int]:
    if not text:
        raise _Problem(f"Kunci butir SJT wajib diisi, seperti {_SJT_EXAMPLE}.")
    scores: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in _KEY_SEPARATORS.split(text))):
        match = _KEY_PART.fullmatch(part)
        if match is None:
            raise _Problem(f"Bagian '{part}' tidak terbaca; tulis kunci seperti {_SJT_EXAMPLE}.")
        letter, score = match.group(1).upper(), match.group(2)
        if letter not in OPTIONS:
            raise _Problem(f"Opsi {letter} tidak ada; butir SJT hanya punya opsi A-E.")
        if letter in scores:
            raise _Problem(f"Opsi {letter} ditulis lebih dari sekali.")
        # Scores may repeat (two options can be equally good); each must be a whole 1-5.
        if score not in _SCORES:
            raise _Problem(f"Skor opsi {letter} harus bilangan bulat 1-5, bukan {score}.")
        scores[letter] = _SCORES[score]
    missing = [letter for letter in OPTIONS if letter not in scores]
    if missing:
        raise _Problem(f"Skor opsi {', '.join(missing)} belum diisi; kelima opsi A-E wajib.")
    return {letter: scores[letter] for letter in OPTIONS}


def _reverse(text: str, kind: str | None) -> bool:
    answer = text.casefold()
    if answer not in _YES | _NO:
        raise _Problem(f"Terbalik {text} tidak dikenal; {_REVERSE_HINT}.")
    if answer in _YES and kind not in (None, "LIKERT"):
        raise _Problem(
            f"Hanya butir LIKERT yang dapat terbalik; butir {kind} harus kosong, N atau Tidak."
        )
    return answer in _YES


def _reject_repeated_codes(
    code_rows: dict[str, list[tuple[int, str]]], plan: InstrumentPlan
) -> set[int]:
    # Two rows with one code cannot both be right, and we cannot tell which is: reject all.
    rejected: set[int] = set()
    for rows in code_rows.values():
        if len(rows) < 2:
            continue
        for number, code in rows:
            others = ", ".join(str(other) for other, _ in rows if other != number)
            message = (
                f"Kode butir ini juga ada di baris {others}; satu kode hanya boleh satu baris."
            )
            plan.issues.append(ItemIssue(number, "kode", code, message))
            rejected.add(number)
    return rejected

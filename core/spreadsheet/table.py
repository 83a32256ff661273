"""The table every reader returns, and how its header row is found: the first rows are
matched against the columns an importer asks for, by name or alias (header_key), and the
data rows below are streamed numbered as Excel shows them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import repeat

from core.text import normalize_text

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_RATIO = 200
RATIO_CHECKED_ABOVE = 10 * 1024 * 1024
MAX_COLUMNS = 200
# calamine loads a whole sheet in Rust memory: 32 bytes per cell of the used rectangle, about
# 90 bytes per filled cell at peak, and it aborts the process (no exception) when an allocation
# fails. The rectangle is therefore bounded before calamine sees the file: 3 million cells is
# 100,000 rows x 30 columns, about 140 MB for 100,000 rows x 15 filled columns.
MAX_CELLS = 3_000_000
MAX_FIELD_CHARS = 32 * 1024
HEADER_SCAN_ROWS = 30
EXCEL_MAX_ROWS, EXCEL_MAX_COLUMNS = 1_048_576, 16_384

Cell = str | int | float | bool | dt.date | dt.datetime | dt.time | None

BLANKS = "".join(ch for ch in map(chr, range(0x3001)) if ch.isspace()) + "\u200b\ufeff"
_AROUND_SEP = re.compile(r"\s*([/\-])\s*")


class UncomputedFormula(str):
    """A formula cell whose file holds no computed result (the file was written by a
    program and never saved in Excel). Its text is the formula; importers refuse it."""


class SpreadsheetError(Exception):
    """The whole file is refused. .message: an Indonesian sentence a BKD operator understands
    (what is wrong and what to do)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = True


@dataclass(frozen=True, slots=True)
class Row:
    number: int
    values: tuple[Cell, ...]

    def get(self, index: int) -> Cell:
        return self.values[index] if 0 <= index < len(self.values) else None


@dataclass
class Table:
    sheet: str | None
    header_row: int
    columns: dict[str, int]
    headers: dict[str, str]
    rows: Iterator[Row]
    extra: dict[str, int] = field(default_factory=dict)


def header_key(text: str) -> str:
    """Normalise a header for matching: "No. HP", " no  hp " and "no_hp" are the same, as are
    "Pangkat / Gol" and "pangkat/gol". A trailing "*" or ":" (template markers) is ignored."""
    text = str(text).casefold().replace("_", " ").replace(".", " ")
    return _AROUND_SEP.sub(r"\1", " ".join(text.split())).strip(" *:")


@dataclass
class Header:
    number: int
    columns: dict[str, int]
    headers: dict[str, str]
    extra: dict[str, int]
    width: int
    missing: list[str]
    duplicate: str | None

    @property
    def complete(self) -> bool:
        return not self.missing and bool(self.columns)


def _match(
    number: int, cells: list[Cell], spec: Sequence[Column], lookup: dict[str, Column], extra: bool
) -> Header:
    found: dict[str, int] = {}
    texts: dict[str, str] = {}
    others: dict[str, int] = {}
    seen_other: set[str] = set()
    duplicate = None
    for index, cell in enumerate(cells):
        if cell is None:
            continue
        text, key = str(cell), header_key(str(cell))
        column = lookup.get(key)
        if column is not None:
            if column.key in found:
                duplicate = duplicate or column.label
            found[column.key], texts[column.key] = index, text
        elif extra and key:
            if key in seen_other:
                duplicate = duplicate or text
            seen_other.add(key)
            others[text] = index
    missing = [c.label for c in spec if c.required and c.key not in found]
    width = max((i for i, c in enumerate(cells) if c is not None), default=-1) + 1
    return Header(number, found, texts, others, width, missing, duplicate)


def find_header(
    rows: Iterable[tuple[int, list[Cell]]], spec: Sequence[Column], extra: bool
) -> Header | None:
    """The first row holding every required column among the first non-blank rows, else the
    row that came closest (to name what is missing), else None for an empty sheet."""
    lookup = {header_key(t): c for c in spec for t in (c.label, *c.aliases)}
    best: Header | None = None
    scanned = 0
    for number, cells in rows:
        if all(c is None for c in cells):
            continue
        header = _match(number, cells, spec, lookup, extra)
        if header.complete:
            return header
        if best is None or len(header.missing) < len(best.missing):
            best = header
        scanned += 1
        if scanned == HEADER_SCAN_ROWS:
            break
    return best


def make_table(
    header: Header | None, rows: Iterator[tuple[int, list[Cell]]], sheet: str | None
) -> Table:
    if header is None:
        raise SpreadsheetError("File tidak berisi data. Periksa kembali file yang diunggah.")
    if header.missing:
        raise SpreadsheetError(
            f"Kolom wajib tidak ditemukan: {', '.join(header.missing)}. "
            f"Pastikan baris judul kolom ada di {HEADER_SCAN_ROWS} baris pertama."
        )
    if header.duplicate:
        raise SpreadsheetError(
            f"Kolom '{header.duplicate}' muncul lebih dari sekali di baris judul (baris "
            f"{header.number}). Hapus atau ganti nama salah satunya."
        )

    def data_rows() -> Iterator[Row]:
        for number, cells in rows:
            values = tuple(cells[: header.width])
            if any(v is not None for v in values):
                yield Row(number, values)

    return Table(sheet, header.number, header.columns, header.headers, data_rows(), header.extra)


def cell_text(value: str) -> str | None:
    """A text cell as every importer gets it: normalised (no control characters, NFC, single
    spaces, line breaks kept for the cells that list one item a line), None when blank."""
    known = _SHORT_TEXTS.get(value, _UNKNOWN)
    if known is not _UNKNOWN:
        return known  # type: ignore[return-value]
    text = normalize_text(value, keep_lines=True).strip(BLANKS) or None
    if len(value) <= SHORT_TEXT and len(_SHORT_TEXTS) < SHORT_TEXTS_KEPT:
        _SHORT_TEXTS[value] = text
    return text


def cell_texts(values: list[str]) -> list[Cell]:
    """cell_text of each value: the known short texts found all at once, the rest one by one
    (an answers file's row is a hundred letters and one NIP)."""
    texts = list(map(_SHORT_TEXTS.get, values, repeat(_UNKNOWN)))
    at = 0
    for _ in range(texts.count(_UNKNOWN)):
        at = texts.index(_UNKNOWN, at)
        texts[at] = cell_text(values[at])
    return texts  # type: ignore[return-value]


# An answers file is ten million cells of a handful of short texts ("A", "3", ""): each is
# normalised once. Bounded, so a file of distinct short texts cannot grow it without end.
SHORT_TEXT, SHORT_TEXTS_KEPT = 8, 50_000
_SHORT_TEXTS: dict[str, str | None] = {}
_UNKNOWN = object()


def count_text(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def megabytes(size: int) -> str:
    return f"{size / 2**20:.1f}".removesuffix(".0").replace(".", ",") + " MB"

"""Read the spreadsheets BKD operators upload (.xlsx or CSV) as rows keyed by column.

Every importer goes through open_table(): it decides the format from the bytes (operators
rename files freely), refuses unsafe or unreadable files with an Indonesian message, finds
the header row below any title rows and streams the data rows numbered as Excel shows them.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import html
import os
import re
import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from cact_admin.text import normalize_text

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

_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_WS = "".join(ch for ch in map(chr, range(0x3001)) if ch.isspace()) + "\u200b\ufeff"
_C0 = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_HTML = re.compile(r"\s*<(?:!doctype|html|\?xml|table|head|body|meta)\b", re.IGNORECASE)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_AROUND_SEP = re.compile(r"\s*([/\-])\s*")
# Cell tags that can hold a value (self-closing ones only carry formatting), their explicit
# references (r="AB12"), and row numbers, which place cells written without a reference.
_CELL_TAG = re.compile(rb"<(?:\w+:)?c(?=[\s>])[^>]*(?<!/)>")
_CELL_REF = re.compile(rb"\sr=[\"']([A-Z]{1,3})(\d{1,9})[\"'][^>]*(?<!/)>")
_ROW_REF = re.compile(rb"row(?=\s)[^>]*?\sr=[\"'](\d{1,9})[\"']")


_FORMULA_CELL = re.compile(
    rb"<(?:\w+:)?c\s[^>]*?\br=\"([A-Z]{1,3})(\d{1,9})\"[^>]*>\s*"
    rb"<(?:\w+:)?f\b[^>]*?(?:/>|>([^<]*)</(?:\w+:)?f>)\s*"
    rb"(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>"
)
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_XML_TAG = {
    "sheet": re.compile(rb"<(?:\w+:)?sheet\s[^>]*>"),
    "rel": re.compile(rb"<(?:\w+:)?Relationship\s[^>]*>"),
}


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


def open_table(
    path: str | os.PathLike[str],
    *,
    columns: Sequence[Column],
    filename: str = "",
    max_bytes: int = DEFAULT_MAX_BYTES,
    extra_columns: bool = False,
) -> Table:
    """Open an uploaded .xlsx or CSV and locate its header row.

    Raises SpreadsheetError when the file is refused. Iterating Table.rows may also raise it
    (a CSV cell that turns out huge further down), so importers iterate inside their try.
    """
    name = filename or os.path.basename(os.fspath(path))
    try:
        size = os.stat(path).st_size
        if size > max_bytes:
            raise SpreadsheetError(
                f"File '{name}' terlalu besar ({_mb(size)}). Batas ukuran file {_mb(max_bytes)}; "
                "bagi data menjadi beberapa file."
            )
        with open(path, "rb") as f:
            head = f.read(8192)
            data = head + f.read() if not head.startswith(b"PK\x03\x04") else b""
    except OSError as e:
        raise SpreadsheetError(f"File '{name}' tidak dapat dibaca. Silakan unggah ulang.") from e
    if size == 0:
        raise SpreadsheetError(f"File kosong: '{name}' tidak berisi data.")
    if head.startswith(b"PK\x03\x04"):
        return _open_xlsx(path, name, columns, extra_columns)
    if head.startswith(_OLE_MAGIC):
        raise SpreadsheetError(
            f"File '{name}' berformat Excel lama (.xls) atau dikunci kata sandi, dan tidak "
            "didukung. Buka di Excel, hapus kata sandi bila ada, lalu Simpan Sebagai .xlsx "
            "atau CSV."
        )
    return _open_csv(_decode(data, name), name, columns, extra_columns)


# --- header detection -------------------------------------------------------------------


@dataclass
class _Header:
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
) -> _Header:
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
    return _Header(number, found, texts, others, width, missing, duplicate)


def _find_header(
    rows: Iterable[tuple[int, list[Cell]]], spec: Sequence[Column], extra: bool
) -> _Header | None:
    """The first row holding every required column among the first non-blank rows, else the
    row that came closest (to name what is missing), else None for an empty sheet."""
    lookup = {header_key(t): c for c in spec for t in (c.label, *c.aliases)}
    best: _Header | None = None
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


def _table(
    header: _Header | None, rows: Iterator[tuple[int, list[Cell]]], sheet: str | None
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


# --- xlsx ------------------------------------------------------------------------------


def _open_xlsx(
    path: str | os.PathLike[str], name: str, spec: Sequence[Column], extra: bool
) -> Table:
    with_formulas = _check_zip(path, name)
    broken = f"File '{name}' rusak atau bukan file .xlsx yang valid. Simpan ulang dari Excel."
    try:
        workbook = CalamineWorkbook.from_path(os.fspath(path))
        best: tuple[_Header | None, str | None] = (None, None)
        with workbook:
            for meta in workbook.sheets_metadata:
                if meta.visible != SheetVisibleEnum.Visible or meta.typ != SheetTypeEnum.WorkSheet:
                    continue
                sheet = workbook.get_sheet_by_name(meta.name)
                if sheet.start is None or sheet.width > EXCEL_MAX_COLUMNS:
                    continue
                rows = _sheet_rows(sheet.iter_rows(), sheet.start[1])
                if with_formulas:
                    formulas = _uncomputed_formulas(path, meta.name)
                    rows = _mark_formulas(rows, formulas) if formulas else rows
                header = _find_header(rows, spec, extra)
                if header is not None and header.complete:
                    # The sheet keeps its own reference to the loaded cells, so the rows
                    # can still be streamed after the workbook file is closed.
                    return _table(header, rows, meta.name)
                if best[0] is None or (header and len(header.missing) < len(best[0].missing)):
                    best = (header, meta.name)
        return _table(best[0], iter(()), best[1])
    except CalamineError as e:
        raise SpreadsheetError(broken) from e
    except BaseException as e:
        # A Rust panic inside calamine surfaces as pyo3's PanicException (a BaseException).
        if type(e).__name__ == "PanicException":
            raise SpreadsheetError(broken) from e
        raise


def _sheet_rows(
    raw_rows: Iterable[Sequence[object]], offset: int
) -> Iterator[tuple[int, list[Cell]]]:
    # iter_rows() yields blank rows for the empty area above the data, so its position is
    # Excel's row number; columns however start at the first used column, hence the padding.
    pad: list[Cell] = [None] * min(offset, MAX_COLUMNS)
    keep = max(MAX_COLUMNS - offset, 0)
    for number, raw in enumerate(raw_rows, start=1):
        yield number, pad + [_clean(v) for v in raw[:keep]]


def _clean(value: object) -> Cell:
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, float):
        # Excel stores every number as a float; NIPs typed as numbers stay floats (> 2**53).
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, dt.timedelta):  # a [h]:mm duration fits none of the Cell types
        return str(value)
    return value  # type: ignore[return-value]


def _check_zip(path: str | os.PathLike[str], name: str) -> set[str]:
    """Refuse unsafe archives; return the members that hold formulas."""
    bomb = (
        f"File '{name}' ditolak: isi terkompresinya tidak wajar (terlalu besar setelah "
        "dibuka). Simpan ulang dari Excel sebagai .xlsx biasa."
    )
    try:
        with zipfile.ZipFile(path) as archive, open(path, "rb") as raw:
            members = archive.infolist()
            if (
                len(members) > MAX_MEMBERS
                or sum(m.file_size for m in members) > MAX_UNCOMPRESSED_BYTES
            ):
                raise SpreadsheetError(bomb)
            for m in members:
                if m.file_size > RATIO_CHECKED_ABOVE and m.file_size > MAX_RATIO * m.compress_size:
                    raise SpreadsheetError(bomb)
            if "xl/workbook.xml" not in archive.namelist():
                raise SpreadsheetError(
                    f"File '{name}' bukan workbook Excel (.xlsx), misalnya dokumen Word atau "
                    "LibreOffice. Buka di Excel lalu Simpan Sebagai .xlsx atau CSV."
                )
            with_formulas: set[str] = set()
            for m in members:
                rows, cols = _used_area(_noting_formulas(_inflate(raw, m, bomb), m, with_formulas))
                if rows > EXCEL_MAX_ROWS or cols > EXCEL_MAX_COLUMNS or rows * cols > MAX_CELLS:
                    raise SpreadsheetError(
                        f"File '{name}' terlalu besar: ada sheet (mungkin tersembunyi) yang "
                        f"terisi sampai baris {_num(rows)} kolom ke-{_num(cols)}. Hapus baris dan "
                        "kolom di luar tabel (Ctrl+End menunjukkannya) atau bagi datanya."
                    )
            return with_formulas
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError) as e:
        raise SpreadsheetError(
            f"File .xlsx '{name}' rusak atau terpotong. Simpan ulang dari Excel lalu unggah lagi."
        ) from e


def _noting_formulas(
    chunks: Iterable[bytes], member: zipfile.ZipInfo, found: set[str]
) -> Iterator[bytes]:
    tail = b""
    for chunk in chunks:
        if member.filename not in found and _FORMULA_TAG.search(tail + chunk):
            found.add(member.filename)
        tail = chunk[-16:]  # a tag cut by the chunk boundary
        yield chunk


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the zip member holding it, from the workbook and its relationships."""

    def attribute(tag: bytes, name: bytes) -> str:
        found = re.search(rb"\s" + name + rb"=[\"']([^\"']*)[\"']", tag)
        return html.unescape(found.group(1).decode("utf-8", "replace")) if found else ""

    try:
        rels = archive.read("xl/_rels/workbook.xml.rels")
        book = archive.read("xl/workbook.xml")
    except KeyError:
        return {}
    targets = {}
    for tag in _XML_TAG["rel"].findall(rels):
        target = attribute(tag, b"Target")
        targets[attribute(tag, b"Id")] = target[1:] if target.startswith("/") else f"xl/{target}"
    return {
        attribute(tag, b"name"): targets.get(attribute(tag, rb"(?:\w+:)?id"), "")
        for tag in _XML_TAG["sheet"].findall(book)
    }


def _uncomputed_formulas(path: str | os.PathLike[str], sheet: str) -> dict[tuple[int, int], str]:
    """(Excel row, 0-based column) -> formula text, for formula cells with no stored result."""
    found: dict[tuple[int, int], str] = {}
    with zipfile.ZipFile(path) as archive, open(path, "rb") as raw:
        member = _sheet_parts(archive).get(sheet)
        if not member:
            return found
        carry = b""
        for chunk in _inflate(raw, archive.getinfo(member), ""):
            buf = carry + chunk
            # A cell cut by the chunk boundary is scanned again with the next chunk.
            cut = max(buf.rfind(b"<c "), buf.rfind(b"</c>") + 4)
            for letters, row, formula in _FORMULA_CELL.findall(buf[:cut]):
                text = html.unescape((formula or b"").decode("utf-8", "replace"))
                found[(int(row), _column_number(letters) - 1)] = "=" + text
            carry = buf[cut:]
    return found


def _mark_formulas(
    rows: Iterator[tuple[int, list[Cell]]], formulas: dict[tuple[int, int], str]
) -> Iterator[tuple[int, list[Cell]]]:
    by_row: dict[int, list[tuple[int, str]]] = {}
    for (row, column), text in formulas.items():
        by_row.setdefault(row, []).append((column, text))
    for number, cells in rows:
        for column, text in by_row.get(number, ()):
            if column < len(cells) and cells[column] is None:
                cells[column] = UncomputedFormula(text)
        yield number, cells


def _inflate(raw: BinaryIO, member: zipfile.ZipInfo, bomb: str) -> Iterator[bytes]:
    """Decompress a member ourselves, because the sizes a zip declares can lie and calamine's
    reader would keep inflating past them."""
    deflated = member.compress_type == zipfile.ZIP_DEFLATED
    if member.flag_bits & 1 or not (deflated or member.compress_type == zipfile.ZIP_STORED):
        raise zipfile.BadZipFile("encrypted, or compressed in a way Excel never uses")
    raw.seek(member.header_offset)
    local = raw.read(30)
    if len(local) < 30 or local[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile("bad local header")
    raw.seek(member.header_offset + 30 + sum(struct.unpack("<HH", local[26:30])))
    inflater = zlib.decompressobj(-15) if deflated else None
    left, produced = member.compress_size, 0
    while left > 0:
        chunk = raw.read(min(left, 1 << 20))
        if not chunk:
            raise zipfile.BadZipFile("truncated member")
        left -= len(chunk)
        while chunk:
            out = inflater.decompress(chunk, 1 << 20) if inflater else chunk
            chunk = inflater.unconsumed_tail if inflater else b""
            produced += len(out)
            if produced > member.file_size:
                raise SpreadsheetError(bomb)
            yield out


def _used_area(chunks: Iterable[bytes]) -> tuple[int, int]:
    """An upper bound of the rectangle calamine will allocate for this part (0, 0 if it holds
    no cells). Cells written without a reference each widen it by one, conservatively."""
    max_row = max_col = last_row_tag = unreferenced = 0
    carry = b""
    for chunk in chunks:
        buf = carry + chunk
        cut = buf.rfind(b"<")
        if cut == -1 or buf.find(b">", cut) != -1:
            cut = len(buf)
        # A tag cut in half waits for the next chunk; a tag this long is no cell, so drop it.
        buf, carry = buf[:cut], buf[cut:] if len(buf) - cut < 65536 else b""
        refs = _CELL_REF.findall(buf)
        unreferenced += len(_CELL_TAG.findall(buf)) - len(refs)
        if refs:
            max_row = max(max_row, max(int(r) for _, r in refs))
            max_col = max(max_col, max(map(_column_number, {c for c, _ in refs})))
        last_row_tag = max([last_row_tag, *map(int, _ROW_REF.findall(buf))])
    if unreferenced > 0:
        max_row = max(max_row, last_row_tag) + unreferenced
        max_col += unreferenced
    return max_row, max_col


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


# --- CSV -------------------------------------------------------------------------------


def _decode(data: bytes, name: str) -> str:
    refused = SpreadsheetError(
        f"File '{name}' bukan file spreadsheet (.xlsx) atau CSV. Buka di Excel lalu Simpan "
        "Sebagai .xlsx atau CSV."
    )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel "Unicode Text"
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise refused from None
    elif b"\x00" in data[:8192]:
        raise refused
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise refused from None
            if _C0.search(text):
                raise refused from None
    if not text.strip(_WS):
        raise SpreadsheetError(f"File kosong: '{name}' tidak berisi data.")
    if _HTML.match(text):
        raise SpreadsheetError(
            f"File '{name}' berisi halaman web/XML, bukan spreadsheet asli (biasanya hasil "
            "ekspor aplikasi). Buka di Excel lalu Simpan Sebagai .xlsx."
        )
    return text


def _open_csv(text: str, name: str, spec: Sequence[Column], extra: bool) -> Table:
    # Try each delimiter on the head of the file: the one under which the header row is
    # found wins; otherwise the one giving a steady column count (for a useful message).
    sample = text[:65536]
    best: tuple[tuple[int, int, int], str] | None = None
    for delimiter in (",", ";", "\t"):
        records: list[list[Cell]] = []
        try:
            for _, record in _csv_rows(sample, delimiter):
                if any(c is not None for c in record):
                    records.append(record)
                if len(records) == HEADER_SCAN_ROWS:
                    break
        except SpreadsheetError:
            pass  # a huge cell is reported by the real pass below, with its line
        header = _find_header(enumerate(records), spec, extra)
        counts = Counter(len(r) for r in records if len(r) > 1)
        steady = max(((n, w) for w, n in counts.items()), default=(0, 0))
        score = (-len(header.missing) if header else -len(spec), *steady)
        if best is None or score > best[0]:
            best = (score, delimiter)
    assert best is not None
    rows = _csv_rows(text, best[1])
    return _table(_find_header(rows, spec, extra), rows, None)


def _csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[Cell]]]:
    if csv.field_size_limit() <= MAX_FIELD_CHARS:
        csv.field_size_limit(MAX_FIELD_CHARS + 1)
    # Lines are fed one by one (not via StringIO, which holds 4 bytes per character) and
    # line_num then tells on which line each record, possibly multi-line, starts.
    reader = csv.reader((m.group() for m in _LINE.finditer(text)), delimiter=delimiter)
    start = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            if "field larger" in str(e):
                raise _huge_cell(start) from e
            raise SpreadsheetError(
                f"Baris {start} tidak dapat dibaca sebagai CSV. Simpan ulang file dari Excel."
            ) from e
        if any(len(v) > MAX_FIELD_CHARS for v in record):
            raise _huge_cell(start)
        yield start, [_text(v) for v in record]
        start = reader.line_num + 1


def _text(value: str) -> str | None:
    """A text cell as every importer gets it: normalised (no control characters, NFC, single
    spaces, line breaks kept for the cells that list one item a line), None when blank."""
    return normalize_text(value, keep_lines=True).strip(_WS) or None


def _huge_cell(line: int) -> SpreadsheetError:
    return SpreadsheetError(
        f"Baris {line}: ada sel yang terlalu panjang (lebih dari {MAX_FIELD_CHARS // 1024} KB), "
        'mungkin karena tanda kutip (") yang tidak ditutup. Perbaiki baris tersebut lalu unggah '
        "ulang."
    )


def _num(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f}".removesuffix(".0").replace(".", ",") + " MB"

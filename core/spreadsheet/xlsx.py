"""Reading an .xlsx, after checking it is safe to: the archive is inflated here first with
its sizes bounded (a zip bomb, a sheet whose used area would not fit in memory), formula
cells without a computed value are marked, and only then does calamine read the cells."""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import BinaryIO

from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from core.spreadsheet.table import (
    EXCEL_MAX_COLUMNS,
    EXCEL_MAX_ROWS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_MEMBERS,
    MAX_RATIO,
    MAX_UNCOMPRESSED_BYTES,
    RATIO_CHECKED_ABOVE,
    Cell,
    Column,
    Header,
    SpreadsheetError,
    Table,
    UncomputedFormula,
    cell_text,
    count_text,
    find_header,
    make_table,
)

# Cell tags that can hold a value (self-closing ones only carry formatting), their explicit
# references (r="AB12"), and row numbers, which place cells written without a reference.
_CELL_TAG = re.compile(rb"<(?:\w+:)?c(?=[\s>])[^>]*(?<!/)>")
# Written to begin with the literal "r=" (the space before it checked behind): a pattern
# that begins with a literal is searched for by that literal, twice as fast over a sheet of
# 63 MB as one beginning with \s, tried at every byte.
_CELL_REF = re.compile(rb"r=(?<=\sr=)[\"']([A-Z]{1,3})(\d{1,9})[\"'][^>]*(?<!/)>")
_ROW_REF = re.compile(rb"row(?=\s)[^>]*?\sr=[\"'](\d{1,9})[\"']")


_FORMULA_CELL = re.compile(
    rb"<(?:\w+:)?c\s[^>]*?\br=\"([A-Z]{1,3})(\d{1,9})\"[^>]*>\s*"
    rb"<(?:\w+:)?f\b[^>]*?(?:/>|>([^<]*)</(?:\w+:)?f>)\s*"
    rb"(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>"
)
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
# The same without a namespace prefix, found by its literal "<f" (a tenth of the time).
_PLAIN_FORMULA_TAG = re.compile(rb"<f[\s>/]")
_XML_TAG = {
    "sheet": re.compile(rb"<(?:\w+:)?sheet\s[^>]*>"),
    "rel": re.compile(rb"<(?:\w+:)?Relationship\s[^>]*>"),
}


def open_xlsx(
    path: str | os.PathLike[str], name: str, spec: Sequence[Column], extra: bool
) -> Table:
    with_formulas = _check_zip(path, name)
    broken = f"File '{name}' rusak atau bukan file .xlsx yang valid. Simpan ulang dari Excel."
    try:
        workbook = CalamineWorkbook.from_path(os.fspath(path))
        best: tuple[Header | None, str | None] = (None, None)
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
                header = find_header(rows, spec, extra)
                if header is not None and header.complete:
                    # The sheet keeps its own reference to the loaded cells, so the rows
                    # can still be streamed after the workbook file is closed.
                    return make_table(header, rows, meta.name)
                if best[0] is None or (header and len(header.missing) < len(best[0].missing)):
                    best = (header, meta.name)
        return make_table(best[0], iter(()), best[1])
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
        return cell_text(value)
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
                        f"terisi sampai baris {count_text(rows)} kolom ke-{count_text(cols)}. "
                        "Hapus baris dan kolom di luar tabel (Ctrl+End menunjukkannya) atau bagi "
                        "datanya."
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
        if member.filename not in found and _has_formula(tail + chunk):
            found.add(member.filename)
        tail = chunk[-16:]  # a tag cut by the chunk boundary
        yield chunk


def _has_formula(xml: bytes) -> bool:
    """Whether a formula tag is in this XML: a prefixed tag (<x:f>) is looked for only where
    a ":f" is at all."""
    if _PLAIN_FORMULA_TAG.search(xml):
        return True
    return b":f" in xml and _FORMULA_TAG.search(xml) is not None


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

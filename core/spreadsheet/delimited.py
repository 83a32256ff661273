"""Reading a CSV (or Excel's "Unicode Text"): its encoding and delimiter guessed, web pages
and binary files refused, each record numbered by the line it starts on."""

from __future__ import annotations

import codecs
import csv
import re
from collections import Counter
from collections.abc import Iterator, Sequence

from core.spreadsheet.table import (
    BLANKS,
    HEADER_SCAN_ROWS,
    MAX_FIELD_CHARS,
    Cell,
    Column,
    SpreadsheetError,
    Table,
    cell_texts,
    find_header,
    make_table,
)

_C0 = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_HTML = re.compile(r"\s*<(?:!doctype|html|\?xml|table|head|body|meta)\b", re.IGNORECASE)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def decode(data: bytes, name: str) -> str:
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
    if not text.strip(BLANKS):
        raise SpreadsheetError(f"File kosong: '{name}' tidak berisi data.")
    if _HTML.match(text):
        raise SpreadsheetError(
            f"File '{name}' berisi halaman web/XML, bukan spreadsheet asli (biasanya hasil "
            "ekspor aplikasi). Buka di Excel lalu Simpan Sebagai .xlsx."
        )
    return text


def open_csv(text: str, name: str, spec: Sequence[Column], extra: bool) -> Table:
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
        header = find_header(enumerate(records), spec, extra)
        counts = Counter(len(r) for r in records if len(r) > 1)
        steady = max(((n, w) for w, n in counts.items()), default=(0, 0))
        score = (-len(header.missing) if header else -len(spec), *steady)
        if best is None or score > best[0]:
            best = (score, delimiter)
    assert best is not None
    rows = _csv_rows(text, best[1])
    return make_table(find_header(rows, spec, extra), rows, None)


def _csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[Cell]]]:
    if csv.field_size_limit() <= MAX_FIELD_CHARS:
        csv.field_size_limit(MAX_FIELD_CHARS + 1)
    # Lines are fed one by one (not via StringIO, which holds 4 bytes per character) and
    # line_num then tells on which line each record, possibly multi-line, starts.
    end = 0

    def lines() -> Iterator[str]:
        nonlocal end
        for match in _LINE.finditer(text):
            end = match.end()
            yield match.group()

    reader = csv.reader(lines(), delimiter=delimiter)
    start, offset = 1, 0
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
        # No cell of a record is longer than the record: most are not looked at one by one.
        if end - offset > MAX_FIELD_CHARS and max(map(len, record), default=0) > MAX_FIELD_CHARS:
            raise _huge_cell(start)
        yield start, cell_texts(record)
        start, offset = reader.line_num + 1, end


def _huge_cell(line: int) -> SpreadsheetError:
    return SpreadsheetError(
        f"Baris {line}: ada sel yang terlalu panjang (lebih dari {MAX_FIELD_CHARS // 1024} KB), "
        'mungkin karena tanda kutip (") yang tidak ditutup. Perbaiki baris tersebut lalu unggah '
        "ulang."
    )

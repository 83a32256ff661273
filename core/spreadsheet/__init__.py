"""Read the spreadsheets BKD operators upload (.xlsx or CSV) as rows keyed by column.

Every importer goes through open_table(): it decides the format from the bytes (operators
rename files freely), refuses unsafe or unreadable files with an Indonesian message, finds
the header row below any title rows and streams the data rows numbered as Excel shows them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from core.spreadsheet.delimited import decode, open_csv
from core.spreadsheet.table import (
    DEFAULT_MAX_BYTES,
    Cell,
    Column,
    Row,
    SpreadsheetError,
    Table,
    UncomputedFormula,
    header_key,
    megabytes,
)
from core.spreadsheet.xlsx import open_xlsx

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Cell",
    "Column",
    "Row",
    "SpreadsheetError",
    "Table",
    "UncomputedFormula",
    "header_key",
    "open_table",
]

_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


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
                f"File '{name}' terlalu besar ({megabytes(size)}). Batas ukuran file "
                f"{megabytes(max_bytes)}; bagi data menjadi beberapa file."
            )
        with open(path, "rb") as f:
            head = f.read(8192)
            data = head + f.read() if not head.startswith(b"PK\x03\x04") else b""
    except OSError as e:
        raise SpreadsheetError(f"File '{name}' tidak dapat dibaca. Silakan unggah ulang.") from e
    if size == 0:
        raise SpreadsheetError(f"File kosong: '{name}' tidak berisi data.")
    if head.startswith(b"PK\x03\x04"):
        return open_xlsx(path, name, columns, extra_columns)
    if head.startswith(_OLE_MAGIC):
        raise SpreadsheetError(
            f"File '{name}' berformat Excel lama (.xls) atau dikunci kata sandi, dan tidak "
            "didukung. Buka di Excel, hapus kata sandi bila ada, lalu Simpan Sebagai .xlsx "
            "atau CSV."
        )
    return open_csv(decode(data, name), name, columns, extra_columns)

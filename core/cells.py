"""Turning spreadsheet cells into the values a row rule checks (no Django imports).

Each function raises CellError with an Indonesian message when the cell cannot be read
as what the column holds.
"""

import datetime as dt
import re

from core.text import FORMULA_PREFIXES, normalize_text

_SCIENTIFIC = re.compile(r"^\d(?:[.,]\d+)?[eE]\+?\d+$")
_DATE_SEPARATORS = re.compile(r"[;,\n]+")


class CellError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def cell_repr(value: object) -> str:
    """The value as an operator would recognise it in the error list."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return f"{value:.0f}" if abs(value) < 1e15 else f"{value:.14e}"
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def text(value: object, *, label: str, max_length: int, required: bool = True) -> str:
    """A free-text cell (name, position title). Dates and numbers are not text."""
    if value is None or value == "":
        if required:
            raise CellError(f"{label} wajib diisi.")
        return ""
    if isinstance(value, dt.date | dt.time):
        raise CellError(f"{label} berisi tanggal/waktu, bukan teks. Periksa format sel di Excel.")
    if isinstance(value, bool):
        raise CellError(f"{label} berisi nilai TRUE/FALSE, bukan teks.")
    if isinstance(value, int | float):
        raise CellError(f"{label} berisi angka, bukan teks.")
    result = normalize_text(str(value))
    if result.startswith(FORMULA_PREFIXES):
        raise CellError(
            f"{label} diawali karakter {result[0]} seperti rumus Excel; hapus karakter itu."
        )
    if len(result) > max_length:
        raise CellError(f"{label} terlalu panjang ({len(result)} karakter, maksimal {max_length}).")
    return result


def nip_text(value: object) -> str:
    """The NIP cell as text, refusing NIPs Excel has already damaged."""
    if isinstance(value, float) or (isinstance(value, int) and abs(value) >= 10**15):
        raise CellError(
            "NIP tersimpan sebagai angka di Excel sehingga digit terakhirnya hilang "
            "(Excel hanya menyimpan 15 digit). Format kolom NIP sebagai Teks, "
            "lalu ketik ulang NIP-nya."
        )
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date | dt.time | bool):
        raise CellError("NIP berisi tanggal atau nilai lain, bukan nomor induk.")
    raw = "" if value is None else str(value).strip()
    if _SCIENTIFIC.match(raw):
        raise CellError(
            f"NIP tertulis {raw} (notasi ilmiah Excel) sehingga digit terakhirnya hilang. "
            "Format kolom NIP sebagai Teks, lalu ketik ulang NIP-nya."
        )
    if not raw:
        raise CellError("NIP wajib diisi.")
    return raw


def parse_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y"):
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise CellError(f"Tanggal {raw} tidak dikenali; tulis seperti 2024-02-27 atau 27/02/2024.")


def date_list(value: object) -> tuple[dt.date, ...]:
    """Dates separated by semicolons, commas or line breaks, or one date cell."""
    if value is None or value == "":
        return ()
    if isinstance(value, dt.date):
        return (parse_date(value),)
    parts = [part.strip() for part in _DATE_SEPARATORS.split(str(value)) if part.strip()]
    return tuple(sorted({parse_date(part) for part in parts}))

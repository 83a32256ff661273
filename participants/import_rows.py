"""Checking a participant sheet's rows, column by column.

Each column is read on its own, every distinct value once: 100,000 rows hold a few hundred
job titles, a dozen golongan and a few dozen OPDs, and most NIPs are plain digits that
nip.plain_nip_parts() accepts faster than parse_nip(). A row then only picks up its cells'
results. A row is rejected for the first column at fault, in the order check_rows() looks
at them (formulas, NIP, name, golongan, ... unavailable dates), with the message that
column's reader gives, so a row reads as if it had been checked alone.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any, NamedTuple, TypeVar

from core import cells
from core.spreadsheet import Cell, Row, UncomputedFormula
from core.text import clean_name, name_key
from participants.golongan import GolonganError, parse_golongan
from participants.models import Opd, OpdAlias, PositionClass, Region, Upt
from participants.nip import NipError, parse_nip, plain_nip_parts
from participants.phone import PhoneError, normalize_phone

T = TypeVar("T")

_CLASS_PREFIXES = (
    ("jabatan pimpinan tinggi ", "jpt "),
    ("jabatan fungsional ", "jf "),
    ("fungsional ", "jf "),
)


@dataclass(slots=True)
class PlannedRow:
    row: int
    nip: str
    name: str
    golongan: str
    position_title: str
    position_class_id: int
    opd_name: str
    upt_name: str | None  # None: the file has no UPT column, keep what is stored
    region_name: str
    phone: str
    email: str
    unavailable: tuple[dt.date, ...]
    gender: str
    birth_date: dt.date
    employment_type: str


class Masters:
    """The master data rows are checked against, loaded once per plan."""

    def __init__(self) -> None:
        classes = list(PositionClass.objects.values_list("name_key", "pk", "name"))
        self.classes = {key: pk for key, pk, _ in classes}
        self.class_names = {pk: name for _, pk, name in classes}
        self.regions = dict(Region.objects.values_list("name_key", "name"))
        self.opds: dict[str, str] = {}
        for code, key, name in Opd.objects.values_list("code", "name_key", "name"):
            self.opds[key] = name
            if code:
                self.opds.setdefault(name_key(code), name)
        # Other names an office writes an OPD by, recorded when an operator matched them.
        for key, name in OpdAlias.objects.values_list("name_key", "opd__name"):
            self.opds.setdefault(key, name)
        self.upts = {
            (opd_key, key): region
            for opd_key, key, region in Upt.objects.values_list(
                "opd__name_key", "name_key", "region__name"
            )
        }

    def position_class(self, text: str) -> int | None:
        key = name_key(text)
        for long, short in _CLASS_PREFIXES:
            if key.startswith(long):
                key = short + key[len(long) :]
        return self.classes.get(key)

    def region(self, text: str) -> str | None:
        key = name_key(text)
        for candidate in (key, f"kabupaten {key}", f"kota {key}"):
            if candidate in self.regions:
                return self.regions[candidate]
        return None


class RowError(Exception):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column
        self.message = message


class _Nip(NamedTuple):
    digits: str
    kind: str
    gender: str
    birth_date: dt.date


def check_rows(
    rows: list[Row], columns: dict[str, int], masters: Masters
) -> Iterator[tuple[Row, PlannedRow | RowError]]:
    """Each row with what it plans, or the error of its first column at fault."""
    has_upt = "upt" in columns
    row_values = [row.values for row in rows]
    values = {
        key: [cells[index] if index < len(cells) else None for cells in row_values]
        for key, index in columns.items()
    }
    blank: list[Cell] = [None] * len(rows)

    def column(key: str, read: Callable[[Cell], Any], *, distinct: bool = True) -> list[Any]:
        if distinct:
            return _read_column(values.get(key, blank), read)
        return [_read_one(value, read) for value in values.get(key, blank)]

    text = _text_reader
    formulas = _formula_errors(values)
    nips = column("nip", _read_nip, distinct=False)  # nearly every NIP differs
    names = column("name", text("name", label="Nama", max_length=150))
    golongans = column("golongan", text("golongan", label="Golongan", max_length=40))
    titles = column("position_title", text("position_title", label="Jabatan", max_length=200))
    class_ids = column("position_class", partial(_read_class, masters))
    opds = column("opd", partial(_read_opd, masters))
    upts = column("upt", _read_upt) if has_upt else [None] * len(rows)
    region_label = {"label": "Kabupaten/Kota", "max_length": 60, "required": False}
    regions = column("region", text("region", **region_label)) if has_upt else [""] * len(rows)
    emails = column("email", _read_email)
    phones = column("phone", _read_phone)
    unavailable = column("unavailable", _read_dates)

    # A golongan is read knowing the NIP's kind, a UPT's region knowing its OPD.
    grades: dict[tuple[str, str], str | RowError] = {}
    upt_regions: dict[tuple[str, str, str], str | RowError] = {}
    upt_region = partial(_upt_region, masters)
    for index, row in enumerate(rows):
        nip, opd, upt = nips[index], opds[index], upts[index]
        error = formulas.get(index) or _first_error(nip, names[index], golongans[index])
        golongan = region = ""
        if error is None:
            golongan = _cached(grades, (golongans[index], nip.kind), _read_golongan)
            error = _first_error(
                golongan, titles[index], class_ids[index], opd, upt, regions[index]
            )
        if error is None and upt:
            region = _cached(upt_regions, (opd, upt, regions[index]), upt_region)
            error = _first_error(region)
        if error is None:
            error = _first_error(emails[index], phones[index], unavailable[index])
        if error is not None:
            yield row, error
            continue
        yield (
            row,
            PlannedRow(
                row=row.number,
                nip=nip.digits,
                name=names[index],
                golongan=golongan,
                position_title=titles[index],
                position_class_id=class_ids[index],
                opd_name=opd,
                upt_name=upt,
                region_name=region,
                phone=phones[index],
                email=emails[index],
                unavailable=unavailable[index],
                gender=nip.gender,
                birth_date=nip.birth_date,
                employment_type=nip.kind,
            ),
        )


def _first_error(*results: object) -> RowError | None:
    for result in results:
        if result.__class__ is RowError:
            return result  # type: ignore[return-value]
    return None


def _cached(cache: dict, key: tuple, compute: Callable[..., Any]) -> Any:
    if key not in cache:
        cache[key] = compute(*key)
    return cache[key]


def _read_column(values: list[Cell], read: Callable[[Cell], T]) -> list[T | RowError]:
    """read(value) for every value, called once per distinct value."""
    results: dict[object, T | RowError] = {}
    out = []
    for value in values:
        # True, 1 and 1.0 are equal yet read differently, so other than text is keyed by type.
        key = value if value.__class__ is str else (value.__class__, value)
        result = results.get(key, _UNREAD)
        if result is _UNREAD:
            result = results[key] = _read_one(value, read)
        out.append(result)
    return out


_UNREAD: Any = object()


def _read_one(value: Cell, read: Callable[[Cell], T]) -> T | RowError:
    try:
        return read(value)
    except RowError as error:
        return error


def _formula_errors(values: dict[str, list[Cell]]) -> dict[int, RowError]:
    """Row index -> the error of its first formula cell without a stored result."""
    errors: dict[int, RowError] = {}
    for key, column in values.items():
        if UncomputedFormula not in set(map(type, column)):
            continue  # the usual case, found at C speed
        for index, value in enumerate(column):
            if isinstance(value, UncomputedFormula) and index not in errors:
                errors[index] = RowError(
                    key,
                    f"Sel berisi rumus Excel {value} tanpa hasil tersimpan. Buka file di Excel "
                    "lalu simpan ulang, atau salin dan tempel sebagai nilai (Paste Values).",
                )
    return errors


def _text_reader(column: str, **kwargs) -> Callable[[Cell], str]:
    return partial(_read_text, column, **kwargs)


def _read_text(column: str, value: Cell, **kwargs) -> str:
    try:
        return cells.text(value, **kwargs)
    except cells.CellError as error:
        raise RowError(column, error.message) from None


def _read_nip(value: Cell) -> _Nip:
    parts = plain_nip_parts(value) if value.__class__ is str else None  # type: ignore[arg-type]
    if parts is not None:
        kind, gender, birth_date = parts
        return _Nip(value, kind.value, gender.value, birth_date)  # type: ignore[arg-type]
    try:
        nip = parse_nip(cells.nip_text(value))
    except cells.CellError as error:
        raise RowError("nip", error.message) from None
    except NipError as error:
        raise RowError("nip", error.message) from None
    return _Nip(nip.digits, nip.kind.value, nip.gender.value, nip.birth_date)


def _read_golongan(text: str, kind: str) -> str | RowError:
    try:
        return parse_golongan(text, kind).code
    except GolonganError as error:
        return RowError("golongan", error.message)


def _read_class(masters: Masters, value: Cell) -> int:
    text = _read_text("position_class", value, label="Jenis Jabatan", max_length=60)
    class_id = masters.position_class(text)
    if class_id is None:
        raise RowError("position_class", f"Jenis jabatan {text} tidak dikenal di data induk.")
    return class_id


def _read_opd(masters: Masters, value: Cell) -> str:
    opd = clean_name(_read_text("opd", value, label="OPD", max_length=200))
    return masters.opds.get(name_key(opd), opd)


def _read_upt(value: Cell) -> str:
    return clean_name(_read_text("upt", value, label="UPT", max_length=200, required=False))


def _read_email(value: Cell) -> str:
    email = _read_text("email", value, label="Email", max_length=254, required=False)
    if email and ("@" not in email or " " in email or "." not in email.rsplit("@", 1)[-1]):
        raise RowError("email", f"Email {email} tidak valid.")
    return email.lower()


def _read_phone(value: Cell) -> str:
    try:
        return normalize_phone(value)
    except PhoneError as error:
        raise RowError("phone", error.message) from None


def _read_dates(value: Cell) -> tuple[dt.date, ...]:
    try:
        return cells.date_list(value)
    except cells.CellError as error:
        raise RowError("unavailable", error.message) from None


def _upt_region(masters: Masters, opd: str, upt: str, region_text: str) -> str | RowError:
    """The kabupaten/kota of a row's UPT: as stored, or as written for a new UPT."""
    stored = masters.upts.get((name_key(opd), name_key(upt)))
    if not region_text:
        if stored:
            return stored
        return RowError("region", f"UPT baru {upt} perlu diisi Kabupaten/Kota-nya.")
    region = masters.region(region_text)
    if region is None:
        return RowError("region", f"Kabupaten/kota {region_text} tidak dikenal di data induk.")
    if stored and stored != region:
        return RowError("region", f"UPT {upt} tercatat di {stored}, bukan {region}.")
    return region

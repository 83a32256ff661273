"""Reading a participant sheet into a plan: what would be created, changed and rejected.

Nothing here writes. The plan is computed for the preview and computed again, from the
same stored file, when the operator confirms (services.participant_import_apply).
"""

import datetime as dt
import os
from collections import defaultdict
from dataclasses import dataclass, field

from core import cells
from core.imports import RowIssue
from core.planned_rows import ROWS_KEPT
from core.spreadsheet import Column, Table, UncomputedFormula, open_table
from core.text import clean_name, name_key
from participants.golongan import GolonganError, parse_golongan
from participants.models import Opd, OpdAlias, Participant, PositionClass, Region, Upt
from participants.nip import NipError, parse_nip
from participants.phone import PhoneError, normalize_phone

COLUMNS = (
    Column("nip", "NIP", ("NIP Baru", "NI PPPK", "NIP/NI PPPK")),
    Column("name", "Nama", ("Nama Lengkap", "Nama Pegawai", "Nama Peserta")),
    Column("golongan", "Golongan", ("Gol", "Pangkat/Gol", "Pangkat/Golongan", "Gol/Ruang")),
    Column("position_title", "Jabatan", ("Nama Jabatan",)),
    Column("position_class", "Jenis Jabatan", ("Kelompok Jabatan", "Kelas Jabatan")),
    Column("opd", "OPD", ("Unit Kerja", "Perangkat Daerah", "Instansi")),
    Column("upt", "UPT", ("Sub Unit", "Sub Unit Kerja", "UPTD"), required=False),
    Column("region", "Kabupaten/Kota", ("Kab/Kota", "Kabupaten", "Kota"), required=False),
    Column("phone", "No HP", ("HP", "No. HP", "Nomor HP", "Telepon", "No Telp"), required=False),
    Column("email", "Email", ("E-mail", "Surel"), required=False),
    Column("unavailable", "Tidak Bisa", ("Tidak Bisa Hadir",), required=False),
)
LABELS = {column.key: column.label for column in COLUMNS}
MAX_ISSUES_KEPT = 1000

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


@dataclass
class ImportPlan:
    filename: str
    header_row: int = 0
    sheet: str | None = None
    has_upt: bool = False
    total_rows: int = 0
    rows: list[PlannedRow] = field(default_factory=list)
    issues: list[RowIssue] = field(default_factory=list)
    to_create: list[PlannedRow] = field(default_factory=list)
    to_update: list[tuple[PlannedRow, dict]] = field(default_factory=list)
    unchanged: int = 0
    new_opds: list[str] = field(default_factory=list)
    new_upts: list[tuple[str, str, str]] = field(default_factory=list)  # opd, upt, region

    @property
    def rejected_rows(self) -> set[int]:
        return {issue.row for issue in self.issues}

    def summary(self) -> dict:
        """What the preview page shows, small enough to keep on the batch row."""
        return {
            "filename": self.filename,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "total_rows": self.total_rows,
            "valid_rows": len(self.rows),
            "rejected_rows": len(self.rejected_rows),
            "to_create": len(self.to_create),
            "to_update": len(self.to_update),
            "unchanged": self.unchanged,
            "new_opds": self.new_opds,
            "new_upts": [list(item) for item in self.new_upts],
            "issues": [
                [issue.row, issue.column, issue.value, issue.message]
                for issue in self.issues[:MAX_ISSUES_KEPT]
            ],
            "issue_count": len(self.issues),
            "updates": [
                {"row": row.row, "nip": row.nip, "name": row.name, "changes": changes}
                for row, changes in self.to_update[:200]
            ],
            # The people to be created, listed a page at a time on the preview.
            "creates": [
                [row.row, row.nip, row.name, row.opd_name, row.position_title]
                for row in self.to_create[:ROWS_KEPT]
            ],
        }


class _Masters:
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


def _check_formulas(values: dict) -> None:
    for column, value in values.items():
        if isinstance(value, UncomputedFormula):
            raise RowError(
                column,
                f"Sel berisi rumus Excel {value} tanpa hasil tersimpan. Buka file di Excel lalu "
                "simpan ulang, atau salin dan tempel sebagai nilai (Paste Values).",
            )


def _read(values: dict, column: str, reader, *args, **kwargs):
    try:
        return reader(values.get(column), *args, **kwargs)
    except cells.CellError as error:
        raise RowError(column, error.message) from None


def _read_phone(values: dict) -> str:
    try:
        return normalize_phone(values.get("phone"))
    except PhoneError as error:
        raise RowError("phone", error.message) from None


def _upt_region(masters: _Masters, opd: str, upt: str, region_text: str) -> str:
    """The kabupaten/kota of a row's UPT: as stored, or as written for a new UPT."""
    stored = masters.upts.get((name_key(opd), name_key(upt)))
    if not region_text:
        if stored:
            return stored
        raise RowError("region", f"UPT baru {upt} perlu diisi Kabupaten/Kota-nya.")
    region = masters.region(region_text)
    if region is None:
        raise RowError("region", f"Kabupaten/kota {region_text} tidak dikenal di data induk.")
    if stored and stored != region:
        raise RowError("region", f"UPT {upt} tercatat di {stored}, bukan {region}.")
    return region


def _check_row(values: dict, masters: _Masters, has_upt: bool) -> PlannedRow:
    """Validate one row; raises RowError naming the column at fault."""
    _check_formulas(values)
    try:
        nip = parse_nip(_read(values, "nip", cells.nip_text))
    except NipError as error:
        raise RowError("nip", error.message) from None
    name = _read(values, "name", cells.text, label="Nama", max_length=150)
    golongan_text = _read(values, "golongan", cells.text, label="Golongan", max_length=40)
    try:
        golongan = parse_golongan(golongan_text, str(nip.kind))
    except GolonganError as error:
        raise RowError("golongan", error.message) from None
    title = _read(values, "position_title", cells.text, label="Jabatan", max_length=200)
    class_text = _read(values, "position_class", cells.text, label="Jenis Jabatan", max_length=60)
    class_id = masters.position_class(class_text)
    if class_id is None:
        raise RowError("position_class", f"Jenis jabatan {class_text} tidak dikenal di data induk.")
    opd = clean_name(_read(values, "opd", cells.text, label="OPD", max_length=200))
    opd = masters.opds.get(name_key(opd), opd)
    upt, region = None, ""
    if has_upt:
        upt = clean_name(
            _read(values, "upt", cells.text, label="UPT", max_length=200, required=False)
        )
        region_text = _read(
            values, "region", cells.text, label="Kabupaten/Kota", max_length=60, required=False
        )
        region = _upt_region(masters, opd, upt, region_text) if upt else ""
    email = _read(values, "email", cells.text, label="Email", max_length=254, required=False)
    if email and ("@" not in email or " " in email or "." not in email.rsplit("@", 1)[-1]):
        raise RowError("email", f"Email {email} tidak valid.")
    return PlannedRow(
        row=0,
        nip=nip.digits,
        name=name,
        golongan=golongan.code,
        position_title=title,
        position_class_id=class_id,
        opd_name=opd,
        upt_name=upt,
        region_name=region,
        phone=_read_phone(values),
        email=email.lower(),
        unavailable=_read(values, "unavailable", cells.date_list),
        gender=str(nip.gender),
        birth_date=nip.birth_date,
        employment_type=str(nip.kind),
    )


def _values(row, table: Table) -> dict:
    return {key: row.get(index) for key, index in table.columns.items()}


def build_plan(path: str | os.PathLike, filename: str = "") -> ImportPlan:
    """Read and check every row, then compare the valid ones with the database.

    Raises spreadsheet.SpreadsheetError when the file as a whole cannot be read.
    """
    table = open_table(path, columns=COLUMNS, filename=filename)
    has_upt = "upt" in table.columns
    plan = ImportPlan(
        filename=filename, header_row=table.header_row, sheet=table.sheet, has_upt=has_upt
    )
    masters = _Masters()
    seen: dict[str, list[int]] = defaultdict(list)
    for row in table.rows:
        plan.total_rows += 1
        values = _values(row, table)
        try:
            planned = _check_row(values, masters, has_upt)
        except RowError as error:
            value = cells.cell_repr(values.get(error.column))
            plan.issues.append(RowIssue(row.number, LABELS[error.column], value, error.message))
            continue
        planned.row = row.number
        seen[planned.nip].append(row.number)
        plan.rows.append(planned)
    _reject_duplicates(plan, seen)
    _reject_conflicting_upts(plan)
    _classify(plan, masters)
    plan.issues.sort(key=lambda issue: issue.row)
    return plan


def _reject_duplicates(plan: ImportPlan, seen: dict[str, list[int]]) -> None:
    # Two rows with one NIP cannot both be right, and we cannot tell which is.
    repeated = {nip: rows for nip, rows in seen.items() if len(rows) > 1}
    if not repeated:
        return
    kept = []
    for row in plan.rows:
        rows = repeated.get(row.nip)
        if rows is None:
            kept.append(row)
            continue
        others = ", ".join(str(number) for number in rows if number != row.row)
        message = f"NIP ini juga ada di baris {others}; satu NIP hanya boleh satu baris."
        plan.issues.append(RowIssue(row.row, LABELS["nip"], row.nip, message))
    plan.rows = kept


def _reject_conflicting_upts(plan: ImportPlan) -> None:
    # A new UPT named twice with different regions: the first row decides.
    first: dict[tuple[str, str], str] = {}
    kept = []
    for row in plan.rows:
        if row.upt_name:
            key = (name_key(row.opd_name), name_key(row.upt_name))
            region = first.setdefault(key, row.region_name)
            if region != row.region_name:
                message = f"UPT {row.upt_name} sudah ditulis di {region} pada baris sebelumnya."
                plan.issues.append(RowIssue(row.row, LABELS["region"], row.region_name, message))
                continue
        kept.append(row)
    plan.rows = kept


def _classify(plan: ImportPlan, masters: _Masters) -> None:
    opd_keys = {name_key(name) for name in masters.opds.values()}
    new_opds: dict[str, str] = {}
    new_upts: dict[tuple[str, str], tuple[str, str, str]] = {}
    for row in plan.rows:
        opd_key = name_key(row.opd_name)
        if opd_key not in opd_keys:
            new_opds.setdefault(opd_key, row.opd_name)
        if row.upt_name and (opd_key, name_key(row.upt_name)) not in masters.upts:
            new_upts.setdefault(
                (opd_key, name_key(row.upt_name)), (row.opd_name, row.upt_name, row.region_name)
            )
    plan.new_opds = sorted(new_opds.values())
    plan.new_upts = sorted(new_upts.values())

    existing = _existing(row.nip for row in plan.rows)
    for row in plan.rows:
        stored = existing.get(row.nip)
        if stored is None:
            plan.to_create.append(row)
            continue
        # An empty phone or email cell does not erase what is stored.
        row.phone = row.phone or stored["phone"]
        row.email = row.email or stored["email"]
        changes = _changes(row, stored, masters.class_names)
        if changes:
            plan.to_update.append((row, changes))
        else:
            plan.unchanged += 1


def _existing(nips) -> dict[str, dict]:
    nips = list(nips)
    found = {}
    for start in range(0, len(nips), 5000):
        chunk = nips[start : start + 5000]
        for values in Participant.objects.filter(nip__in=chunk).values(
            "nip",
            "name",
            "golongan",
            "position_title",
            "position_class_id",
            "position_class__name",
            "opd__name",
            "upt__name",
            "phone",
            "email",
        ):
            found[values["nip"]] = values
    return found


def _changes(row: PlannedRow, stored: dict, class_names: dict[int, str]) -> dict[str, list]:
    """Field -> [stored, new] for what the row would change; names compared loosely."""
    changes = {}
    for field_name in ("name", "golongan", "position_title"):
        if getattr(row, field_name) != stored[field_name]:
            changes[field_name] = [stored[field_name], getattr(row, field_name)]
    if row.position_class_id != stored["position_class_id"]:
        new_class = class_names[row.position_class_id]
        changes["position_class"] = [stored["position_class__name"], new_class]
    if name_key(row.opd_name) != name_key(stored["opd__name"]):
        changes["opd"] = [stored["opd__name"], row.opd_name]
    if row.upt_name is not None and name_key(row.upt_name) != name_key(stored["upt__name"] or ""):
        changes["upt"] = [stored["upt__name"] or "", row.upt_name]
    for field_name in ("phone", "email"):
        if getattr(row, field_name) != stored[field_name]:
            changes[field_name] = [stored[field_name], getattr(row, field_name)]
    return changes

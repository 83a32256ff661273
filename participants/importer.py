"""Reading a participant sheet into a plan: what would be created, changed and rejected.

Nothing here writes. The plan is computed for the preview and computed again, from the
same stored file, when the operator confirms (services.participant_import_apply).
"""

import os
from collections import defaultdict
from dataclasses import dataclass, field

from core import cells
from core.db import filter_among
from core.imports import RowIssue
from core.planned_rows import ROWS_KEPT
from core.spreadsheet import Column, open_table
from core.text import name_key
from participants.import_rows import Masters, PlannedRow, RowError, check_rows
from participants.models import Participant

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


def build_plan(path: str | os.PathLike, filename: str = "") -> ImportPlan:
    """Read and check every row, then compare the valid ones with the database.

    Raises spreadsheet.SpreadsheetError when the file as a whole cannot be read.
    """
    table = open_table(path, columns=COLUMNS, filename=filename)
    has_upt = "upt" in table.columns
    plan = ImportPlan(
        filename=filename, header_row=table.header_row, sheet=table.sheet, has_upt=has_upt
    )
    masters = Masters()
    seen: dict[str, list[int]] = defaultdict(list)
    for row, planned in check_rows(list(table.rows), table.columns, masters):
        plan.total_rows += 1
        if isinstance(planned, RowError):
            value = cells.cell_repr(row.get(table.columns.get(planned.column, -1)))
            plan.issues.append(RowIssue(row.number, LABELS[planned.column], value, planned.message))
            continue
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


def _classify(plan: ImportPlan, masters: Masters) -> None:
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

    existing = _existing([row.nip for row in plan.rows])
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


def _existing(nips: list[str]) -> dict[str, dict]:
    """The stored participants among nips, by NIP, with what _changes() compares."""
    stored = Participant.objects.order_by().values(*_COMPARED)
    chunks = filter_among(stored, "nip", nips)
    return {values["nip"]: values for chunk in chunks for values in chunk}


_COMPARED = (
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
)


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

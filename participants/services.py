"""Writes to participants and master data. Views and commands call these, nothing else."""

import io
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook

from audit.models import AuditEntry
from audit.services import audit_record
from core.db import bulk_upsert
from core.excel import text_cell, value_cell
from core.imports import ImportRefused, import_size_message
from core.models import ImportBatch
from core.spreadsheet import open_table
from core.text import name_key
from participants.importer import COLUMNS, ImportPlan, build_plan
from participants.models import Opd, Participant, Region, RequiredLevel, Upt
from participants.opd_services import opd_alias_add

INSERT_FIELDS = [
    "nip",
    "name",
    "gender",
    "birth_date",
    "employment_type",
    "golongan",
    "position_title",
    "position_class_id",
    "opd_id",
    "upt_id",
    "phone",
    "email",
    "created_at",
    "updated_at",
]
UPDATE_FIELDS = [
    "name",
    "golongan",
    "position_title",
    "position_class_id",
    "opd_id",
    "phone",
    "email",
    "updated_at",
]
AUDIT_DETAIL_LIMIT = 5000


def participant_import_apply(*, plan: ImportPlan, actor, skip_invalid: bool) -> dict:
    """Write a plan in one transaction: new OPDs and UPTs, then upsert by NIP."""
    if plan.issues and not skip_invalid:
        raise ImportRefused(
            f"Ada {len(plan.rejected_rows)} baris ditolak; tidak ada yang disimpan. "
            "Perbaiki file, atau pilih impor baris yang valid saja."
        )
    with transaction.atomic():
        opd_ids = _ensure_opds(plan)
        upt_ids = _ensure_upts(plan, opd_ids)
        now = timezone.now()
        rows = plan.to_create + [row for row, _ in plan.to_update]
        # An upsert, so a participant another import created meanwhile is updated, not doubled.
        bulk_upsert(
            Participant,
            (
                (
                    row.nip,
                    row.name,
                    row.gender,
                    row.birth_date,
                    row.employment_type,
                    row.golongan,
                    row.position_title,
                    row.position_class_id,
                    opd_ids[name_key(row.opd_name)],
                    upt_ids[(name_key(row.opd_name), name_key(row.upt_name))]
                    if row.upt_name
                    else None,
                    row.phone,
                    row.email,
                    now,
                    now,
                )
                for row in rows
            ),
            fields=INSERT_FIELDS,
            unique=["nip"],
            update=UPDATE_FIELDS + (["upt_id"] if plan.has_upt else []),
        )
        result = {
            "created": len(plan.to_create),
            "updated": len(plan.to_update),
            "unchanged": plan.unchanged,
            "rejected": len(plan.rejected_rows),
            "new_opds": len(plan.new_opds),
            "new_upts": len(plan.new_upts),
        }
        if rows or plan.issues:
            _audit_import(plan, actor, result)
    return result


def _ensure_opds(plan: ImportPlan) -> dict[str, int]:
    Opd.objects.bulk_create(
        [Opd(name=name, name_key=name_key(name)) for name in plan.new_opds],
        ignore_conflicts=True,
    )
    keys = {name_key(row.opd_name) for row in plan.rows}
    return dict(Opd.objects.filter(name_key__in=keys).values_list("name_key", "pk"))


def _ensure_upts(plan: ImportPlan, opd_ids: dict[str, int]) -> dict[tuple[str, str], int]:
    regions = dict(Region.objects.values_list("name", "pk"))
    Upt.objects.bulk_create(
        [
            Upt(
                opd_id=opd_ids[name_key(opd)],
                name=upt,
                name_key=name_key(upt),
                region_id=regions[region],
            )
            for opd, upt, region in plan.new_upts
        ],
        ignore_conflicts=True,
    )
    return {
        (opd_key, key): pk
        for opd_key, key, pk in Upt.objects.filter(opd_id__in=opd_ids.values()).values_list(
            "opd__name_key", "name_key", "pk"
        )
    }


def _audit_import(plan: ImportPlan, actor, result: dict) -> None:
    changes = {f"{row.nip} {row.name}": diff for row, diff in plan.to_update[:AUDIT_DETAIL_LIMIT]}
    audit_record(
        actor=actor,
        action=AuditEntry.Action.IMPORT,
        target_type="participants.participant",
        target_repr=f"Impor peserta dari {plan.filename}"[:255],
        changes={**result, "opd_baru": plan.new_opds, "perubahan": changes},
    )


def import_batch_start(*, upload: UploadedFile, actor) -> ImportBatch:
    """Keep the uploaded file and its preview. Writes no participant data.

    Raises ImportRefused or spreadsheet.SpreadsheetError; then nothing is kept.
    """
    if upload.size > settings.IMPORT_MAX_BYTES:
        raise ImportRefused(import_size_message())
    batch = ImportBatch(
        kind=ImportBatch.Kind.PARTICIPANTS,
        original_name=Path(upload.name or "").name[:255],
        created_by=actor,
    )
    # The stored name carries no user text; the content decides the format.
    batch.file.save(f"{batch.token}.upload", upload, save=False)
    try:
        plan = build_plan(batch.file.path, batch.original_name)
    except Exception:
        batch.file.delete(save=False)
        raise
    batch.summary = plan.summary()
    batch.save()
    return batch


def import_batch_confirm(
    *, batch: ImportBatch, actor, skip_invalid: bool, opd_aliases: dict[str, Opd] | None = None
) -> dict:
    """Apply a previewed batch once; a second confirmation is refused, not repeated.

    opd_aliases maps an OPD name of the file the master data does not know to the existing
    OPD the operator matched it to: kept as an alias (audited), so later imports match it
    by themselves. Raises OpdRefused for an alias that cannot be kept; then nothing is.
    """
    plan = build_plan(batch.file.path, batch.original_name)
    with transaction.atomic():
        claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEW).update(
            status=ImportBatch.Status.DONE, applied_at=timezone.now()
        )
        if claimed != 1:
            raise ImportRefused("Impor ini sudah dikonfirmasi atau dibatalkan sebelumnya.")
        if opd_aliases:
            for name, opd in opd_aliases.items():
                opd_alias_add(name=name, opd=opd, actor=actor)
            plan = build_plan(batch.file.path, batch.original_name)  # its rows now match
        result = participant_import_apply(plan=plan, actor=actor, skip_invalid=skip_invalid)
        if opd_aliases:
            result["opd_aliases"] = {name: opd.name for name, opd in opd_aliases.items()}
        ImportBatch.objects.filter(pk=batch.pk).update(result=result)
    batch.refresh_from_db()
    return result


def rejected_rows_workbook(*, path: str, filename: str) -> bytes:
    """The rejected rows as the operator wrote them, plus what is wrong, ready to fix."""
    plan = build_plan(path, filename)
    messages: dict[int, list[str]] = {}
    for issue in plan.issues:
        messages.setdefault(issue.row, []).append(f"{issue.column}: {issue.message}")
    table = open_table(path, columns=COLUMNS, filename=filename)
    keys = sorted(table.columns, key=table.columns.__getitem__)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Baris Ditolak")
    sheet.freeze_panes = "A2"
    sheet.append([table.headers[key] for key in keys] + ["Baris Asal", "Keterangan"])
    for row in table.rows:
        if row.number not in messages:
            continue
        cells = [
            text_cell(sheet, row.get(table.columns[key]))
            if key == "nip"
            else value_cell(sheet, row.get(table.columns[key]))
            for key in keys
        ]
        sheet.append(cells + [row.number, "; ".join(messages[row.number])])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def required_levels_update(*, actor, levels: dict[tuple[int, str], int]) -> int:
    """Set (position class id, competency) -> level; returns how many changed."""
    stored = {
        (level.position_class_id, level.competency): level
        for level in RequiredLevel.objects.select_related("position_class")
    }
    changed = []
    for key, value in levels.items():
        current = stored.get(key)
        if current is None or current.level == value:
            continue
        changed.append((current, current.level, value))
        current.level = value
    with transaction.atomic():
        RequiredLevel.objects.bulk_update([level for level, _, _ in changed], ["level"])
        for level, before, after in changed:
            audit_record(
                actor=actor,
                action=AuditEntry.Action.UPDATE,
                target=level,
                changes={"level": [before, after]},
            )
    return len(changed)

"""Writes of the scoring side: instruments and the event's scoring rules."""

from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import audit_record
from core.imports import ImportRefused, import_size_message
from core.models import ImportBatch
from scoring.instrument import read_instrument
from scoring.models import Instrument, InstrumentItem, ScoringSettings
from sessions_app.models import Event


def scoring_settings_for(event: Event) -> ScoringSettings:
    settings_row, _ = ScoringSettings.objects.get_or_create(event=event)
    return settings_row


def instrument_upload(*, event: Event, upload: UploadedFile, actor) -> ImportBatch:
    """Keep the Items workbook and its preview; nothing is attached to the event yet.
    Raises ImportRefused or spreadsheet.SpreadsheetError, and then keeps nothing."""
    if upload.size > settings.IMPORT_MAX_BYTES:
        raise ImportRefused(import_size_message())
    batch = ImportBatch(
        kind=ImportBatch.Kind.INSTRUMENT,
        target=event.code,
        original_name=Path(upload.name or "").name[:255],
        created_by=actor,
    )
    batch.file.save(f"{batch.token}.upload", upload, save=False)
    try:
        plan = read_instrument(batch.file.path, filename=batch.original_name)
    except Exception:
        batch.file.delete(save=False)
        raise
    batch.summary = {
        "name": Path(batch.original_name).stem or "Instrumen",
        "counts": plan.counts(),
        "items": len(plan.items),
        "sheet": plan.sheet,
        "header_row": plan.header_row,
        "issues": [[i.row, i.column, i.value, i.message] for i in plan.issues],
        "planned": [_item_row(item) for item in plan.items],
    }
    batch.save()
    return batch


def _item_row(item) -> list:
    """An item as the preview lists it, its key and reverse mark written as in the sheet."""
    key = item.key
    if isinstance(key, dict):
        key = ";".join(f"{option}={score}" for option, score in key.items())
    reverse = "Ya" if item.reverse else ("Tidak" if item.kind == "LIKERT" else "")
    return [item.code, item.component, item.scale, item.kind, key or "", reverse]


def instrument_confirm(*, batch: ImportBatch, event: Event, actor) -> Instrument:
    """Attach the previewed instrument to the event, replacing one of the same name.
    An instrument with any rejected row is refused whole: scoring on part of a test form
    would give wrong figures."""
    plan = read_instrument(batch.file.path, filename=batch.original_name)
    if plan.issues:
        raise ImportRefused(
            f"Instrumen berisi {len({i.row for i in plan.issues})} baris ditolak; perbaiki "
            "file lalu unggah ulang. Tidak ada yang disimpan."
        )
    if not plan.items:
        raise ImportRefused("File tidak berisi satu butir pun.")
    with transaction.atomic():
        claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEW).update(
            status=ImportBatch.Status.DONE, applied_at=timezone.now()
        )
        if claimed != 1:
            raise ImportRefused("Impor ini sudah dikonfirmasi atau dibatalkan sebelumnya.")
        instrument = instrument_attach(
            event=event,
            name=batch.summary["name"],
            source=batch.original_name,
            plan=plan,
            actor=actor,
        )
    return instrument


def store_items(instrument: Instrument, items) -> None:
    """The items given (scoring.instrument's, in order) as the instrument's items."""
    InstrumentItem.objects.bulk_create(
        InstrumentItem(
            instrument=instrument,
            position=position,
            code=item.code,
            component=item.component,
            scale=item.scale,
            kind=item.kind,
            key=item.key,
            reverse=item.reverse,
        )
        for position, item in enumerate(items, start=1)
    )


def instrument_attach(*, event: Event, name: str, source: str, plan, actor) -> Instrument:
    """Attach a valid instrument to an event, replacing the items of one of the same name."""
    with transaction.atomic():
        instrument, created = Instrument.objects.get_or_create(
            event=event, name=name, defaults={"source_name": source, "created_by": actor}
        )
        codes = [item.code for item in plan.items]
        stored = list(instrument.items.values_list("code", flat=True))
        if stored != codes and instrument.answer_sheets.exists():
            # Answers are stored in item order: other items would misread every one of them.
            raise ImportRefused(
                f"Instrumen {name} sudah punya lembar jawaban dan butirnya berbeda dari file "
                "ini. Kunci boleh diperbaiki, tetapi kode dan urutan butir harus tetap; untuk "
                "bentuk tes lain gunakan nama file lain."
            )
        instrument.items.all().delete()
        store_items(instrument, plan.items)
        audit_record(
            actor=actor,
            action=AuditEntry.Action.IMPORT,
            target=instrument,
            changes={"butir": len(plan.items), **plan.counts(), "baru": created},
        )
    return instrument

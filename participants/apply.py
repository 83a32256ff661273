"""Writing what an import planned: one transaction of bulk upserts, the batch marked done with
its result, and an audit entry.

The importers check the rows and decide what is valid (their plans); this module only writes
a plan, the same way for every import, and knows nothing of what the rows mean. A batch is
claimed by a conditional UPDATE that must touch exactly one row, so a second confirmation
(a double click, a second tab, two operators at once) writes nothing.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import audit_record
from core.db import bulk_upsert
from core.models import ImportBatch

ALREADY_APPLIED = "Impor ini sudah dikonfirmasi atau dibatalkan sebelumnya."


class PlanRefused(ValueError):
    """Nothing was written: the plan has rejected rows, or its batch is no longer a preview."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Target:
    """A table an import writes. A row is upserted on `key` and carries `values`, which a
    second import of the same key overwrites; `stamp` is set to the time of the import.
    `label` is what the audit entry counts the rows as; `title` is the entry's text when it
    names no object (then it names the table)."""

    model: type[models.Model]
    key: tuple[str, ...]
    values: tuple[str, ...]
    label: str
    title: str = ""
    stamp: str = "imported_at"


@dataclass(frozen=True)
class Planned:
    """The valid rows of one plan for its target. `rows` is the plan's mapping and `row` turns
    one of its items into the values of target.key then target.values; `rejected` counts the
    file's rows left out; `about` is the object the audit entry names, if any."""

    target: Target
    rows: Mapping[Any, Any]
    row: Callable[[Any, Any], Sequence[object]]
    rejected: int
    about: models.Model | None = None


def apply_plan(
    planned: Planned,
    *,
    actor,
    skip_invalid: bool,
    batch: ImportBatch | None = None,
    summary: dict | None = None,
) -> dict[str, int]:
    """Write the planned rows in one transaction and return {"stored", "rejected"}.

    With rejected rows and not skip_invalid nothing is written (PlanRefused). With a batch,
    the batch is claimed first (PlanRefused when it is not a preview any more), then marked
    done with the result, and with `summary` in place of its preview's when given."""
    if planned.rejected and not skip_invalid:
        raise PlanRefused(f"Ada {planned.rejected} baris ditolak; tidak ada yang disimpan.")
    target = planned.target
    result = {"stored": len(planned.rows), "rejected": planned.rejected}
    now = timezone.now()
    with transaction.atomic():
        if batch is not None:
            claimed = ImportBatch.objects.filter(
                pk=batch.pk, status=ImportBatch.Status.PREVIEW
            ).update(status=ImportBatch.Status.DONE, applied_at=now)
            if claimed != 1:
                raise PlanRefused(ALREADY_APPLIED)
        bulk_upsert(
            target.model,
            ((*planned.row(key, value), now) for key, value in planned.rows.items()),
            fields=[*target.key, *target.values, target.stamp],
            unique=target.key,
            update=[*target.values, target.stamp],
        )
        audit_record(
            actor=actor,
            action=AuditEntry.Action.IMPORT,
            target=planned.about,
            target_type=target.model._meta.label_lower,
            target_repr=target.title,
            changes={target.label: result["stored"], "ditolak": result["rejected"]},
        )
        if batch is not None:
            done: dict[str, Any] = {"result": result}
            if summary is not None:
                done["summary"] = summary
            ImportBatch.objects.filter(pk=batch.pk).update(**done)
    return result

"""What every importer shares around its batch: the refusal it raises, the row issue its
plan lists, the upload limit's message and the cancelling of a preview."""

from dataclasses import dataclass

from django.conf import settings

from core.models import ImportBatch


class ImportRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(slots=True)
class RowIssue:
    row: int
    column: str
    value: str
    message: str


def import_size_message() -> str:
    limit = settings.IMPORT_MAX_BYTES / (1024 * 1024)
    return f"File terlalu besar; batas unggah {limit:.0f} MB. Pecah file menjadi beberapa bagian."


def import_batch_cancel(*, batch: ImportBatch) -> None:
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEW).update(
        status=ImportBatch.Status.CANCELLED
    )
    if claimed:
        batch.file.delete(save=False)

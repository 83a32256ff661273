"""The rejected-rows CSV every import command writes with --errors."""

import csv
import re
from collections.abc import Iterable, Sequence

from django.core.management.base import BaseCommand

from core.excel import FORMULA_TRIGGERS, safe_text

# A signed number such as "-1" or "+2,5" is what a person typed, and no formula: kept as is.
_NUMBER = re.compile(r"[+-]?[0-9][0-9.,]*")


def csv_field(value: object) -> object:
    """A field Excel opens as the text it is: what would run as a formula (=HYPERLINK(...),
    @SUM, +cmd) gets a leading apostrophe, as OWASP advises for CSV; the .xlsx the browser
    offers writes such values as text cells instead (core.excel)."""
    if not isinstance(value, str):
        return value
    value = safe_text(value)
    if value.startswith(FORMULA_TRIGGERS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def write_rejected_csv(path: str, issues: Iterable) -> None:
    """`row,column,value,message`, one line per issue (anything with those attributes)."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["row", "column", "value", "message"])
        for issue in issues:
            fields = (issue.row, issue.column, issue.value, issue.message)
            writer.writerow([csv_field(field) for field in fields])


def report_plan(
    command: BaseCommand,
    *,
    issues: Sequence,
    summary: str,
    errors: str | None,
    dry_run: bool,
    skip_invalid: bool,
) -> bool:
    """What an import command says of a checked file: the rejected rows to --errors, the
    summary line, the first problems, and whether to store it (not on --dry-run, nor with
    rejected rows unless --skip-invalid). The caller exits 1 when there are issues."""
    if errors:
        write_rejected_csv(errors, issues)
    command.stdout.write(summary)
    for issue in issues[:20]:
        command.stderr.write(f"baris {issue.row}, {issue.column} '{issue.value}': {issue.message}")
    if dry_run:
        command.stdout.write("Uji coba (--dry-run): tidak ada yang disimpan.")
        return False
    if issues and not skip_invalid:
        command.stderr.write("Ada baris ditolak; tidak ada yang disimpan. Gunakan --skip-invalid.")
        return False
    return True

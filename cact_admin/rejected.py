"""The rejected-rows CSV every import command writes with --errors."""

import csv
from collections.abc import Iterable


def write_rejected_csv(path: str, issues: Iterable) -> None:
    """`row,column,value,message`, one line per issue (anything with those attributes)."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["row", "column", "value", "message"])
        writer.writerows([issue.row, issue.column, issue.value, issue.message] for issue in issues)


def report_plan(command, *, issues, summary: str, errors, dry_run: bool, skip_invalid: bool):
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

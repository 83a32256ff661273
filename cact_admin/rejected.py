"""The rejected-rows CSV every import command writes with --errors."""

import csv
from collections.abc import Iterable


def write_rejected_csv(path: str, issues: Iterable) -> None:
    """`row,column,value,message`, one line per issue (anything with those attributes)."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["row", "column", "value", "message"])
        writer.writerows([issue.row, issue.column, issue.value, issue.message] for issue in issues)

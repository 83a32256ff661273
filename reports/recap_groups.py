"""The recap's sheets per UPT, golongan, gender and age band: per group n, the mean, median
and standard deviation of each component, and the share of each category; groups of fewer
than SUPPRESS_BELOW people are withheld.

For the whole province these are the statistics the run's final step stored. A recap
limited to some OPDs computes them again, with the same function (reports.groups), over its
own people only: a stored UPT or age group mixes people of every OPD.
"""

from __future__ import annotations

import numpy as np
from django.db.models import QuerySet
from openpyxl.utils import get_column_letter

from cact_admin.excel import value_cell
from reports import scoring
from reports.dashboard import SUPPRESS_BELOW, group_sort_key
from reports.groups import GROUPINGS, Columns, keys_of, statistics
from reports.models import ScoreRun

# grouping -> (sheet, heading of the group column)
SHEETS = {
    "upt": ("Per UPT", "UPT"),
    "golongan": ("Per Golongan", "Golongan"),
    "gender": ("Per Jenis Kelamin", "Jenis Kelamin"),
    "age": ("Per Kelompok Usia", "Kelompok Usia"),
}
COMPONENTS = (
    ("jpm", "JPM"),
    ("ld", "Literasi Digital"),
    ("es", "Keahlian Masa Depan"),
    ("potential", "Skor Potensi"),
)
FIGURES = (("mean", "Rata-rata"), ("median", "Median"), ("sd", "Simpangan Baku"))
CATEGORIES = (
    ("jpm_category", "JPM", (scoring.JPM_OPTIMAL, scoring.JPM_CUKUP, scoring.JPM_KURANG)),
    ("potential_category", "Potensi", (scoring.TINGGI, scoring.MENENGAH, scoring.RENDAH)),
)
HEADER = (
    "Jumlah Peserta",
    *(f"{name} {figure}" for _, name in COMPONENTS for _, figure in FIGURES),
    *(f"{prefix} {label} (%)" for _, prefix, labels in CATEGORIES for label in labels),
)
NOTE = (
    "Simpangan baku: populasi. Persentase: bagian peserta kelompok dalam kategori itu. "
    f"Kelompok dengan kurang dari {SUPPRESS_BELOW} peserta tidak ditampilkan angkanya."
)
PERSON = "registration__participant__"
_FIELDS = (
    f"{PERSON}opd__name",
    f"{PERSON}upt__name",
    f"{PERSON}upt__region__name",
    f"{PERSON}position_class__name",
    f"{PERSON}golongan",
    f"{PERSON}gender",
    f"{PERSON}birth_date",
    "jpm",
    "ld_score",
    "es_score",
    "potential",
    "jpm_category",
    "potential_category",
)


def group_sheets(book, run: ScoreRun, opd_ids: set[int] | None) -> None:
    """Add the four sheets to the recap's workbook."""
    figures = run.summary.get("groups")
    if opd_ids is not None or not figures:
        results = run.results.all()
        if opd_ids is not None:
            results = results.filter(**{PERSON + "opd_id__in": opd_ids})
        figures = scoped_statistics(results, run)
    for grouping, (title, heading) in SHEETS.items():
        _group_sheet(book.create_sheet(title), grouping, heading, figures.get(grouping, []))


def scoped_statistics(results: QuerySet, run: ScoreRun) -> dict[str, list[dict]]:
    """reports.groups.statistics of the sheets' groupings over the results given."""
    keys: dict[str, list[str]] = {grouping: [] for grouping in SHEETS}
    values: dict[str, list[float]] = {key: [] for key, _ in COMPONENTS}
    categories: dict[str, list[str]] = {"jpm_category": [], "potential_category": []}
    on = run.event.start_date
    for row in results.values_list(*_FIELDS).iterator(chunk_size=5000):
        person, scores, (jpm_category, potential_category) = row[:7], row[7:11], row[11:]
        for grouping, key in zip(GROUPINGS, keys_of(*person, on), strict=True):
            if grouping in keys:
                keys[grouping].append(key)
        for (component, _), value in zip(COMPONENTS, scores, strict=True):
            values[component].append(np.nan if value is None else float(value))
        categories["jpm_category"].append(jpm_category)
        categories["potential_category"].append(potential_category)
    columns = Columns(
        keys=keys,
        values={key: np.array(column, dtype=float) for key, column in values.items()},
        jpm_category=categories["jpm_category"],
        potential_category=categories["potential_category"],
    )
    return statistics(columns)


def _group_sheet(sheet, grouping: str, heading: str, rows: list[dict]) -> None:
    from reports.recap import SUPPRESSED, _header, _styled, _widths  # recap imports this module

    def number(value: float | None, number_format: str):
        return None if value is None else _styled(sheet, value, number_format)

    _widths(sheet, (30, 10, *[11] * (len(HEADER) - 1)))
    sheet.freeze_panes = "B2"
    sheet.append(_header(sheet, (heading, *HEADER)))
    rows = sorted(rows, key=lambda row: group_sort_key(grouping, row["name"]))
    for row in rows:
        name, n = value_cell(sheet, row["name"]), row["n"]
        if n < SUPPRESS_BELOW:
            sheet.append([name, SUPPRESSED])
            continue
        figures = [
            number(row["components"].get(component, {}).get(figure), "0.00")
            for component, _ in COMPONENTS
            for figure, _ in FIGURES
        ]
        shares = [
            number(row[field].get(label, 0) / n, "0%")
            for field, _, labels in CATEGORIES
            for label in labels
        ]
        sheet.append([name, n, *figures, *shares])
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADER) + 1)}{len(rows) + 1}"
    sheet.append([])
    sheet.append([NOTE])

"""The recap's sheets per UPT, golongan, gender and age band: per group n, the mean, median
and standard deviation of each component, and the share of each category; groups of fewer
than SUPPRESS_BELOW people, and those hidden beside them, are withheld (reports.disclosure).

For the whole province these are the statistics the run's final step stored. A recap
limited to some OPDs computes them again, with the same function (scoring.runs.groups),
over its own people only: a stored UPT or age group mixes people of every OPD.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import QuerySet
from openpyxl.utils import get_column_letter

from core.excel import header_cells, set_widths, styled_cell, value_cell
from reports.dashboard import group_sort_key
from reports.disclosure import SUPPRESS_BELOW, SUPPRESSED, hide_small
from scoring import core
from scoring.models import ScoreRun
from scoring.runs import columns
from scoring.runs.groups import GroupStatistics, statistics
from scoring.runs.summary import run_summary

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
    ("jpm_category", "JPM", (core.JPM_OPTIMAL, core.JPM_CUKUP, core.JPM_KURANG)),
    ("potential_category", "Potensi", (core.TINGGI, core.MENENGAH, core.RENDAH)),
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


def group_sheets(book, run: ScoreRun, opd_ids: set[int] | None) -> None:
    """Add the four sheets to the recap's workbook."""
    figures = run_summary(run).groups
    if opd_ids is not None or not figures:
        figures = scoped_statistics(run.results.visible_to_opds(opd_ids), run)
    for grouping, (title, heading) in SHEETS.items():
        _group_sheet(book.create_sheet(title), grouping, heading, figures.get(grouping, []))


def scoped_statistics(results: QuerySet, run: ScoreRun) -> dict[str, list[GroupStatistics]]:
    """scoring.runs.groups.statistics over the results given, as the final step computes them."""
    table = columns.read(results.order_by("pk"), with_gaps=False)
    return statistics(columns.statistics_columns(table, run.event.start_date))


def _group_sheet(sheet, grouping: str, heading: str, rows: Sequence[GroupStatistics]) -> None:
    def number(value: float | None, number_format: str):
        return None if value is None else styled_cell(sheet, value, number_format)

    set_widths(sheet, (30, 10, *[11] * (len(HEADER) - 1)))
    sheet.freeze_panes = "B2"
    sheet.append(header_cells(sheet, (heading, *HEADER)))
    rows = sorted(rows, key=lambda row: group_sort_key(grouping, row.name))
    disclosed = hide_small([{"name": row.name, "n": row.n} for row in rows])
    for shown, row in zip(disclosed.rows, rows, strict=True):
        name, n = value_cell(sheet, row.name), row.n
        if shown["suppressed"]:
            sheet.append([name, SUPPRESSED])
            continue
        figures = [
            number(_figure(row, component, figure), "0.00")
            for component, _ in COMPONENTS
            for figure, _ in FIGURES
        ]
        counted = {"jpm_category": row.jpm_category, "potential_category": row.potential_category}
        shares = [
            number(counted[field].get(label, 0) / n, "0%")
            for field, _, labels in CATEGORIES
            for label in labels
        ]
        sheet.append([name, n, *figures, *shares])
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADER) + 1)}{len(rows) + 1}"
    sheet.append([])
    sheet.append([NOTE])


def _figure(row: GroupStatistics, component: str, figure: str) -> float | None:
    """One figure (mean, median, sd) of a component in a group; None when it has none."""
    stats = row.components.get(component)
    return None if stats is None else getattr(stats, figure)

"""The recap's sheets per OPD and per region (the count, the means and the people in each
category) and its gap map per OPD (the share of each OPD's people below the standard, per
competency). Groups of fewer than SUPPRESS_BELOW people, and those hidden beside them, are
withheld (reports.disclosure)."""

from __future__ import annotations

from django.db.models import Avg, Count, Q, QuerySet
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from core.excel import header_cells, set_widths, styled_cell, value_cell
from participants.competencies import COMPETENCY_CODES
from reports.disclosure import SUPPRESSED, hide_small
from scoring import core, rounding
from scoring.runs.groups import PROVINCE

PERSON = "registration__participant__"
OPD_NAME = PERSON + "opd__name"
REGION_NAME = PERSON + "upt__region__name"
JPM_CATEGORIES = (core.JPM_OPTIMAL, core.JPM_CUKUP, core.JPM_KURANG)
POTENTIAL_CATEGORIES = (core.TINGGI, core.MENENGAH, core.RENDAH)
GROUP_HEADER = (
    "Jumlah Peserta",
    "Rata-rata JPM",
    "Rata-rata Literasi Digital",
    "Rata-rata Keahlian Masa Depan",
    "Rata-rata Skor Potensi",
    *(f"JPM {label}" for label in JPM_CATEGORIES),
    *(f"Potensi {label}" for label in POTENTIAL_CATEGORIES),
)


def mean_cell(sheet: WriteOnlyWorksheet, value):
    """A mean rounded half up to two decimals, shown with both; None stays empty."""
    if value is None:
        return None
    return styled_cell(sheet, float(rounding.round_half_up(float(value))), "0.00")


def opd_sheet(sheet, results: QuerySet) -> None:
    _group_sheet(sheet, "OPD", _groups(results, OPD_NAME))


def region_sheet(sheet, results: QuerySet) -> None:
    _group_sheet(sheet, "Kabupaten/Kota", _groups(results, REGION_NAME))


def _groups(results: QuerySet, field: str) -> list[dict]:
    """n, means and category counts per value of field, by name; no region last."""
    rows = (
        results.values(field)
        .annotate(
            n=Count("pk"),
            jpm=Avg("jpm"),
            ld=Avg("ld_score"),
            es=Avg("es_score"),
            potential=Avg("potential"),
            **{
                f"jpm_{i}": Count("pk", filter=Q(jpm_category=label))
                for i, label in enumerate(JPM_CATEGORIES)
            },
            **{
                f"pot_{i}": Count("pk", filter=Q(potential_category=label))
                for i, label in enumerate(POTENTIAL_CATEGORIES)
            },
        )
        .order_by(field)
    )
    groups = [{**row, "name": row[field] or PROVINCE} for row in rows]
    return sorted(groups, key=lambda row: (row[field] is None, row["name"].casefold()))


def _group_sheet(sheet, label: str, groups: list[dict]) -> None:
    set_widths(sheet, (36, 10, 10, 12, 14, 12, 10, 10, 10, 10, 10, 10))
    sheet.freeze_panes = "B2"
    sheet.append(header_cells(sheet, (label, *GROUP_HEADER)))
    for group in hide_small(groups).rows:
        name = value_cell(sheet, group["name"])
        if group["suppressed"]:
            sheet.append([name, SUPPRESSED])
            continue
        means = [mean_cell(sheet, group[key]) for key in ("jpm", "ld", "es", "potential")]
        counts = [group[f"jpm_{i}"] for i in range(3)] + [group[f"pot_{i}"] for i in range(3)]
        sheet.append([name, group["n"], *means, *counts])


def gap_sheet(sheet, results: QuerySet) -> None:
    """Per OPD and competency, the share of its people below the standard (gap < 0)."""
    codes = COMPETENCY_CODES
    set_widths(sheet, (36, 10, *[8] * len(codes)))
    sheet.freeze_panes = "C2"
    sheet.append(header_cells(sheet, ("OPD", "Jumlah Peserta", *codes)))
    rows = (
        results.values(OPD_NAME)
        .annotate(
            n=Count("pk"),
            measured=Count("pk", filter=Q(levels__0__gte=1)),
            **{
                f"below_{i}": Count("pk", filter=Q(**{f"gaps__{i}__lt": 0}))
                for i in range(len(codes))
            },
        )
        .order_by(OPD_NAME)
    )
    last = 1
    for row in hide_small({**row, "name": row[OPD_NAME]} for row in rows).rows:
        name = value_cell(sheet, row["name"])
        last += 1
        if row["suppressed"]:
            sheet.append([name, SUPPRESSED])
            continue
        shares = [
            styled_cell(sheet, row[f"below_{i}"] / row["measured"], "0%")
            if row["measured"]
            else None
            for i in range(len(codes))
        ]
        sheet.append([name, row["n"], *shares])
    if last > 1:
        cells = f"C2:{get_column_letter(2 + len(codes))}{last}"
        scale = ColorScaleRule(
            start_type="num", start_value=0, start_color="FFFFFF",
            end_type="num", end_value=1, end_color="F8696B",
        )  # fmt: skip
        sheet.conditional_formatting.add(cells, scale)
    sheet.append([])
    sheet.append(["Angka: bagian peserta OPD dengan level di bawah standar jabatannya (gap < 0)."])

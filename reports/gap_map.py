"""The competency gap map's figures: per group and competency, the share of people below
their position's standard, from the per-group blocks a score run stored per OPD, region and
position class (scoring.runs.summary.GroupBlock: n, how many have levels, how many are below
in each competency). Pure: blocks in, dataclass out; small groups hidden by
reports.disclosure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from participants.competencies import COMPETENCY_CODES
from reports.disclosure import hide_small
from scoring.runs.summary import GroupBlock

GAP_GROUPINGS = {"opd": "OPD", "region": "Kabupaten/kota", "position_class": "Jenis jabatan"}
HEAT_STEPS = ((0.5, "heat-3"), (0.25, "heat-2"), (0.1, "heat-1"))  # share at least -> class


def heat(share: float) -> str:
    """A CSS class for a share below the standard (no inline style: the CSP forbids it)."""
    return next((css for low, css in HEAT_STEPS if share >= low), "heat-0")


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0


@dataclass(frozen=True)
class GapMap:
    rows: list[dict]  # name, n, suppressed and, when shown, cells: share and heat each
    totals: list[dict] | None  # share, heat and n (people below) per competency; None: withheld
    below: list[int]  # people below the standard per competency, over every group


def gap_map(stored: Mapping[str, GroupBlock], scope: set[int] | None = None) -> GapMap:
    """The rows by name and the totals over the groups whose key is in scope (all: None)."""
    groups = sorted(
        (g for key, g in stored.items() if scope is None or int(key) in scope),
        key=lambda g: g.name,
    )
    below = [sum(g.below[i] for g in groups) for i in range(len(COMPETENCY_CODES))]
    measured = sum(g.measured for g in groups)
    disclosed = hide_small([{"name": g.name, "n": g.n} for g in groups])
    rows = [
        row
        if row["suppressed"]
        else {
            "name": group.name,
            "n": group.n,
            "suppressed": False,
            "cells": [
                {"share": share, "heat": heat(share)}
                for share in (_share(b, group.measured) for b in group.below)
            ],
        }
        for row, group in zip(disclosed.rows, groups, strict=True)
    ]
    totals = [
        {"share": _share(b, measured), "heat": heat(_share(b, measured)), "n": b} for b in below
    ]
    return GapMap(rows=rows, totals=totals if disclosed.total_shown else None, below=below)

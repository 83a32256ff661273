"""The event dashboard's figures, added up from the per-OPD blocks a score run stored
(scoring.runs.summary.GroupBlock) over the OPDs a manager may see, and its breakdown per
group from the per-group statistics the run stored (scoring.runs.groups). Pure: the run's
typed figures in, the template's dicts out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from participants.golongan import PNS_GOLONGAN, PPPK_GOLONGAN
from reports.disclosure import hide_small
from scoring import core, rounding, talent
from scoring.runs.groups import AGE_BANDS, GROUPINGS, NO_UPT, PROVINCE, GroupStatistics
from scoring.runs.summary import BLOCK_COMPONENTS, GroupBlock

JPM_ORDER = (core.JPM_OPTIMAL, core.JPM_CUKUP, core.JPM_KURANG)
POTENTIAL_ORDER = (core.TINGGI, core.MENENGAH, core.RENDAH)


def _mean(total: float, count: int) -> float | None:
    return float(rounding.round_half_up(total / count)) if count else None


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def combine(by_opd: Mapping[str, GroupBlock], opd_ids: set[int] | None = None) -> dict:
    """Totals over the visible OPDs (all when opd_ids is None)."""
    visible = [g for key, g in by_opd.items() if opd_ids is None or int(key) in opd_ids]
    n = sum(g.n for g in visible)
    sums = {k: sum(g.sums[k] for g in visible) for k in BLOCK_COMPONENTS}
    counts = {k: sum(g.counts[k] for g in visible) for k in sums}

    def tally(counted: Sequence[Mapping[str, int]], labels) -> list[dict]:
        values = [(label, sum(c.get(str(label), 0) for c in counted)) for label in labels]
        return [{"label": label, "n": c, "max": n} for label, c in values]

    def bins(histograms: Sequence[Sequence[int]]) -> list[dict]:
        width = 100 // len(histograms[0]) if histograms else 10
        totals = (
            [sum(h[i] for h in histograms) for i in range(len(histograms[0]))] if histograms else []
        )
        top = max(totals, default=0)
        return [
            {"low": i * width, "high": (i + 1) * width, "n": c, "max": top}
            for i, c in enumerate(totals)
        ]

    boxes = {str(b): sum(g.box.get(str(b), 0) for g in visible) for b in range(1, 10)}
    by_name = sorted(visible, key=lambda g: g.name)
    disclosed = hide_small([{"name": g.name, "n": g.n} for g in by_name])
    return {
        "n": n,
        "means": {k: _mean(sums[k], counts[k]) for k in sums},
        "jpm_category": tally([g.jpm_category for g in visible], JPM_ORDER),
        "potential_category": tally([g.potential_category for g in visible], POTENTIAL_ORDER),
        "ld_bins": bins([g.ld_bins for g in visible]),
        "es_bins": bins([g.es_bins for g in visible]),
        "grid": [
            [{"box": b, "n": boxes[str(b)], "action": talent.RECOMMENDED_ACTIONS[b]} for b in row]
            for row in talent.GRID_ROWS
        ],
        "opds": sorted(
            (
                row if row["suppressed"] else _opd_row(group)
                for row, group in zip(disclosed.rows, by_name, strict=True)
            ),
            key=lambda row: (row["suppressed"], row["name"]),
        ),
    }


def _opd_row(group: GroupBlock) -> dict:
    n = group.n
    optimal = group.jpm_category.get(core.JPM_OPTIMAL, 0)
    return {
        "name": group.name,
        "n": n,
        "suppressed": False,
        "jpm": _mean(group.sums["jpm"], group.counts["jpm"]),
        "potential": _mean(group.sums["potential"], group.counts["potential"]),
        "optimal": optimal,
        "optimal_share": _share(optimal, n),
        "tinggi_share": _share(group.potential_category.get(core.TINGGI, 0), n),
    }


# The dashboard's breakdown: every grouping but OPD, which has its own table.
BREAKDOWN_GROUPINGS = {key: label for key, label in GROUPINGS.items() if key != "opd"}
UNGROUPED = (NO_UPT, PROVINCE, "-", "Tidak diketahui")  # the rows of people without a group
_RANKS = {
    "age": {label: rank for rank, (_, label) in enumerate(AGE_BANDS)},
    "golongan": {grade.code: rank for rank, grade in enumerate((*PNS_GOLONGAN, *PPPK_GOLONGAN))},
}


def group_sort_key(grouping: str, name: str) -> tuple:
    """Age bands youngest first, golongan from I/a up, others by name; no group last."""
    rank = _RANKS.get(grouping, {}).get(name, 0)
    return (name in UNGROUPED, rank, name.casefold())


def breakdown(stored: Mapping[str, Sequence[GroupStatistics]], grouping: str) -> list[dict]:
    """The rows of one grouping of the stored statistics, in reading order: n, the mean of
    each component and the shares of JPM Optimal and Potensi Tinggi; small groups bare."""
    rows = sorted(stored.get(grouping, []), key=lambda r: group_sort_key(grouping, r.name))
    disclosed = hide_small([{"name": row.name, "n": row.n} for row in rows])
    return [
        shown if shown["suppressed"] else _group_row(row)
        for shown, row in zip(disclosed.rows, rows, strict=True)
    ]


def _group_row(row: GroupStatistics) -> dict:
    n = row.n
    means = {key: figures.mean for key, figures in row.components.items()}
    return {
        "name": row.name,
        "n": n,
        "suppressed": False,
        **means,
        "optimal_share": _share(row.jpm_category.get(core.JPM_OPTIMAL, 0), n),
        "tinggi_share": _share(row.potential_category.get(core.TINGGI, 0), n),
    }

"""What a run's final step stores in ScoreRun.summary, and the typed view pages read it
through: counts and means of the run, the per-group blocks (OPD, region, position class)
that pages add up over the groups a manager may see (counts add, means come from sums and
counts), and the per-group statistics (scoring.runs.groups).

The database keeps JSON (RunSummary.to_json); readers take `run_summary(run)`, a frozen
RunSummary, and read it by attribute."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from scoring import rounding
from scoring.models import ScoreRun
from scoring.runs import columns
from scoring.runs import groups as groups_module
from scoring.runs.groups import GroupStatistics

BINS = columns.BINS  # score histograms: 0-9.99, 10-19.99, ..., 90-100
BLOCK_GROUPINGS = ("opd", "region", "position_class")
BLOCK_COMPONENTS = columns.BLOCK_COMPONENTS


@dataclass(frozen=True)
class GroupBlock:
    """One group's figures that add up across groups: n, the sum and count of each component
    (BLOCK_COMPONENTS), the category and box counts, the LD and ES histograms (BINS bins),
    and `below[i]`: people under the standard in competency i, of the `measured` ones."""

    name: str
    n: int
    sums: Mapping[str, float]
    counts: Mapping[str, int]
    jpm_category: Mapping[str, int]
    potential_category: Mapping[str, int]
    box: Mapping[str, int]
    ld_bins: Sequence[int]
    es_bins: Sequence[int]
    below: Sequence[int]
    measured: int

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> GroupBlock:
        return cls(
            name=data["name"],
            n=data["n"],
            sums=dict(data["sums"]),
            counts=dict(data["counts"]),
            jpm_category=dict(data["jpm_category"]),
            potential_category=dict(data["potential_category"]),
            box=dict(data["box"]),
            ld_bins=tuple(data["ld_bins"]),
            es_bins=tuple(data["es_bins"]),
            below=tuple(data["below"]),
            measured=data["measured"],
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "n": self.n,
            "sums": dict(self.sums),
            "counts": dict(self.counts),
            "jpm_category": dict(self.jpm_category),
            "potential_category": dict(self.potential_category),
            "box": dict(self.box),
            "ld_bins": list(self.ld_bins),
            "es_bins": list(self.es_bins),
            "below": list(self.below),
            "measured": self.measured,
        }


@dataclass(frozen=True)
class RunSummary:
    """A finished run's figures; a run not finished has the empty one."""

    participants: int = 0
    jpm_category: Mapping[str, int] = field(default_factory=dict)
    potential_category: Mapping[str, int] = field(default_factory=dict)
    box: Mapping[str, int] = field(default_factory=dict)
    kinerja: Mapping[str, int] = field(default_factory=dict)
    es_incomplete: int = 0
    jpm_mean: float | None = None
    potential_mean: float | None = None
    # grouping (BLOCK_GROUPINGS) -> group key (the group's id, as text) -> its block
    blocks: Mapping[str, Mapping[str, GroupBlock]] = field(default_factory=dict)
    # grouping (groups.GROUPINGS) -> its groups' statistics
    groups: Mapping[str, Sequence[GroupStatistics]] = field(default_factory=dict)

    def blocks_by(self, grouping: str) -> Mapping[str, GroupBlock]:
        """The blocks of one of BLOCK_GROUPINGS, keyed by group id (none: empty)."""
        return self.blocks.get(grouping, {})

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> RunSummary:
        data = data or {}
        return cls(
            participants=data.get("participants", 0),
            jpm_category=dict(data.get("jpm_category", {})),
            potential_category=dict(data.get("potential_category", {})),
            box=dict(data.get("box", {})),
            kinerja=dict(data.get("kinerja", {})),
            es_incomplete=data.get("es_incomplete", 0),
            jpm_mean=data.get("jpm_mean"),
            potential_mean=data.get("potential_mean"),
            blocks={
                grouping: {
                    key: GroupBlock.from_json(block)
                    for key, block in data[f"by_{grouping}"].items()
                }
                for grouping in BLOCK_GROUPINGS
                if f"by_{grouping}" in data
            },
            groups={
                grouping: [GroupStatistics.from_json(row) for row in rows]
                for grouping, rows in data.get("groups", {}).items()
            },
        )

    def to_json(self) -> dict[str, Any]:
        """The stored form: the keys above, the blocks as `by_<grouping>`."""
        return {
            "participants": self.participants,
            "jpm_category": dict(self.jpm_category),
            "potential_category": dict(self.potential_category),
            "box": dict(self.box),
            "kinerja": dict(self.kinerja),
            "es_incomplete": self.es_incomplete,
            "jpm_mean": self.jpm_mean,
            "potential_mean": self.potential_mean,
            **{
                f"by_{grouping}": {key: block.to_json() for key, block in blocks.items()}
                for grouping, blocks in self.blocks.items()
            },
            "groups": {
                grouping: [row.to_json() for row in rows] for grouping, rows in self.groups.items()
            },
        }


def run_summary(run: ScoreRun) -> RunSummary:
    """The run's stored figures (empty while it is not finished)."""
    return RunSummary.from_json(run.summary)


# --- the writer: the final step ------------------------------------------------------------


def summarise(run: ScoreRun) -> RunSummary:
    """Counts and means of the run, and the per-group figures the report pages add up, from
    one read of its results (scoring.runs.columns)."""
    table = columns.read(run.results.order_by("pk"), with_gaps=True)
    text = table.text
    statistics = groups_module.statistics(columns.statistics_columns(table, run.event.start_date))
    incomplete = sum(
        1
        for complete, source in zip(text["es_complete"], text["source"], strict=True)
        if not complete and source == "answers"
    )
    return RunSummary(
        participants=len(table),
        jpm_category=columns.counts(text["jpm_category"]),
        potential_category=columns.counts(text["potential_category"]),
        box=columns.counts(text["box"]),
        kinerja=columns.counts(text["kinerja"]),
        es_incomplete=incomplete,
        jpm_mean=_mean(columns.mean(table.values["jpm"])),
        potential_mean=_mean(columns.mean(table.values["potential"])),
        blocks={
            grouping: {key: GroupBlock.from_json(block) for key, block in tally.items()}
            for grouping, tally in columns.blocks(table).items()
        },
        groups=statistics,
    )


def _mean(value: Fraction | None) -> float | None:
    if value is None:
        return None
    return float(rounding.round_half_up(float(value)))

"""What a run's final step stores in ScoreRun.summary, and the typed view pages read it
through: counts and means of the run, the per-group blocks (OPD, region, position class)
that pages add up over the groups a manager may see (counts add, means come from sums and
counts), and the per-group statistics (scoring.runs.groups).

The database keeps JSON (RunSummary.to_json); readers take `run_summary(run)`, a frozen
RunSummary, and read it by attribute."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count

from participants.competencies import COMPETENCY_CODES
from scoring import rounding
from scoring.models import ScoreRun
from scoring.runs import groups as groups_module
from scoring.runs.groups import GroupStatistics

BINS = 10  # score histograms: 0-9.99, 10-19.99, ..., 90-100
BLOCK_GROUPINGS = ("opd", "region", "position_class")
BLOCK_COMPONENTS = ("jpm", "ld", "es", "potential")


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
    """Counts and means of the run, and the per-group figures the report pages add up."""
    results = run.results.all()

    def counts(field: str) -> dict[str, int]:
        return {
            str(key): n
            for key, n in results.values_list(field).annotate(n=Count("pk")).order_by(field)
            if key not in (None, "")
        }

    blocks, statistics = _walk(run)
    return RunSummary(
        participants=results.count(),
        jpm_category=counts("jpm_category"),
        potential_category=counts("potential_category"),
        box=counts("box"),
        kinerja=counts("kinerja"),
        es_incomplete=results.filter(es_complete=False, source="answers").count(),
        jpm_mean=_mean(results.aggregate(v=Avg("jpm"))["v"]),
        potential_mean=_mean(results.aggregate(v=Avg("potential"))["v"]),
        blocks={
            grouping: {key: GroupBlock.from_json(block) for key, block in tally.items()}
            for grouping, tally in blocks.items()
        },
        groups=statistics,
    )


_PERSON = "registration__participant__"
_WALK_FIELDS = (
    f"{_PERSON}opd_id",
    f"{_PERSON}opd__name",
    f"{_PERSON}upt__region_id",
    f"{_PERSON}upt__region__name",
    f"{_PERSON}position_class_id",
    f"{_PERSON}position_class__name",
    f"{_PERSON}upt__name",
    f"{_PERSON}golongan",
    f"{_PERSON}gender",
    f"{_PERSON}birth_date",
    "jpm",
    "ld_score",
    "es_score",
    "potential",
    "jpm_category",
    "potential_category",
    "box",
    "gaps",
)


def _walk(
    run: ScoreRun,
) -> tuple[dict[str, dict[str, dict]], dict[str, list[GroupStatistics]]]:
    """One pass over the results: the per-group blocks (OPD, region, position class), as they
    are counted up, and the per-group statistics (scoring.runs.groups)."""
    blocks: dict[str, dict[str, dict]] = {grouping: {} for grouping in BLOCK_GROUPINGS}
    collector = groups_module.ColumnsCollector(on=run.event.start_date)
    for row in run.results.values_list(*_WALK_FIELDS).iterator(chunk_size=5000):
        (opd_id, opd, region_id, region, class_id, position_class, upt, golongan, gender,
         birth, jpm, ld, es, potential, jpm_cat, pot_cat, box, gaps) = row  # fmt: skip
        figures = (jpm, ld, es, potential, jpm_cat, pot_cat, box, gaps)
        for grouping, key, name in (
            ("opd", opd_id, opd),
            ("region", region_id, region),
            ("position_class", class_id, position_class),
        ):
            _add_to_block(blocks[grouping], key, name, *figures)
        collector.add(
            (opd, upt, region, position_class, golongan, gender, birth)
            + (jpm, ld, es, potential, jpm_cat, pot_cat)
        )
    statistics = groups_module.statistics(collector.columns())
    return blocks, statistics


def _add_to_block(
    groups: dict[str, dict],
    key: object,
    name: str | None,
    jpm: Decimal | None,
    ld: Decimal | None,
    es: Decimal | None,
    potential: Decimal | None,
    jpm_cat: str | None,
    pot_cat: str | None,
    box: int | None,
    gaps: list[int] | None,
) -> None:
    """Count one result into its group's block (the JSON form of a GroupBlock)."""
    group = groups.get(str(key))
    if group is None:
        group = groups[str(key)] = {
            "name": name or groups_module.PROVINCE,
            "n": 0,
            "sums": {component: 0.0 for component in BLOCK_COMPONENTS},
            "counts": {component: 0 for component in BLOCK_COMPONENTS},
            "jpm_category": {},
            "potential_category": {},
            "box": {},
            "ld_bins": [0] * BINS,
            "es_bins": [0] * BINS,
            "below": [0] * len(COMPETENCY_CODES),
            "measured": 0,
        }
    group["n"] += 1
    for component, value in (("jpm", jpm), ("ld", ld), ("es", es), ("potential", potential)):
        if value is not None:
            group["sums"][component] += float(value)
            group["counts"][component] += 1
    for counted, label in (("jpm_category", jpm_cat), ("potential_category", pot_cat),
                           ("box", box)):  # fmt: skip
        if label not in (None, ""):
            group[counted][str(label)] = group[counted].get(str(label), 0) + 1
    for histogram, value in (("ld_bins", ld), ("es_bins", es)):
        if value is not None:
            group[histogram][min(int(float(value) // (100 / BINS)), BINS - 1)] += 1
    if jpm is not None and gaps:  # levels were measured (or given)
        group["measured"] += 1
        for i, gap in enumerate(gaps):
            if gap < 0:
                group["below"][i] += 1


def _mean(value: Decimal | float | None) -> float | None:
    if value is None:
        return None
    return float(rounding.round_half_up(float(value)))

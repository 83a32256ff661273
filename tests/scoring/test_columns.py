"""The final step's blocks and statistics over NumPy columns (scoring/runs/columns.py) store
exactly what adding each result into its groups one at a time stored: the loop the final step
ran before is kept here as the reference, and both read the demo's two scored stages (OPDs,
UPTs with and without a region, pre-scored results without levels, missing ES)."""

import io

import numpy as np
import pytest
from django.core.management import call_command
from django.db.models import Avg, Count

from participants.competencies import COMPETENCY_CODES
from scoring import rounding
from scoring.models import ParticipantResult, ScoreRun
from scoring.runs import columns, groups
from scoring.runs.summary import summarise

pytestmark = pytest.mark.django_db

PERSON = "registration__participant__"
FIELDS = (
    *(PERSON + name for name in ("opd_id", "opd__name", "upt__region_id", "upt__region__name")),
    *(PERSON + name for name in ("position_class_id", "position_class__name", "upt__name")),
    *(PERSON + name for name in ("golongan", "gender", "birth_date")),
    "jpm", "ld_score", "es_score", "potential", "jpm_category", "potential_category", "box", "gaps",
)  # fmt: skip


def reference(run: ScoreRun):
    """The one-result-at-a-time loop (as the final step ran it before the columns)."""
    blocks: dict[str, dict] = {"opd": {}, "region": {}, "position_class": {}}
    keys: dict[str, list] = {grouping: [] for grouping in groups.GROUPINGS}
    values: dict[str, list] = {component: [] for component in groups.COMPONENTS}
    jpm_categories, potential_categories = [], []
    for row in run.results.values_list(*FIELDS).order_by("pk"):
        (opd_id, opd, region_id, region, class_id, position_class, upt, golongan, gender,
         birth, jpm, ld, es, potential, jpm_cat, pot_cat, box, gaps) = row  # fmt: skip
        for grouping, key, name in (("opd", opd_id, opd), ("region", region_id, region),
                                    ("position_class", class_id, position_class)):  # fmt: skip
            add(blocks[grouping], key, name, jpm, ld, es, potential, jpm_cat, pot_cat, box, gaps)
        person = groups.keys_of(opd, upt, region, position_class, golongan, gender, birth,
                                run.event.start_date)  # fmt: skip
        for grouping, key in zip(groups.GROUPINGS, person, strict=True):
            keys[grouping].append(key)
        for component, value in zip(groups.COMPONENTS, (jpm, ld, es, potential), strict=True):
            values[component].append(np.nan if value is None else float(value))
        jpm_categories.append(jpm_cat)
        potential_categories.append(pot_cat)
    table = groups.Columns(
        keys=keys,
        values={key: np.array(column, dtype=float) for key, column in values.items()},
        jpm_category=jpm_categories,
        potential_category=potential_categories,
    )
    return blocks, masked_statistics(table)


def add(tally, key, name, jpm, ld, es, potential, jpm_cat, pot_cat, box, gaps):
    group = tally.setdefault(str(key), {
        "name": name or groups.PROVINCE, "n": 0,
        "sums": dict.fromkeys(columns.BLOCK_COMPONENTS, 0.0),
        "counts": dict.fromkeys(columns.BLOCK_COMPONENTS, 0),
        "jpm_category": {}, "potential_category": {}, "box": {},
        "ld_bins": [0] * 10, "es_bins": [0] * 10, "below": [0] * len(COMPETENCY_CODES),
        "measured": 0,
    })  # fmt: skip
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
            group[histogram][min(int(float(value) // 10), 9)] += 1
    if jpm is not None and gaps:
        group["measured"] += 1
        for i, gap in enumerate(gaps):
            group["below"][i] += gap < 0


def masked_statistics(table: groups.Columns):
    """The statistics by a mask per group, as they were computed before the sorted slices."""
    out = {}
    for grouping, keys in table.keys.items():
        names, inverse = np.unique(np.array(keys, dtype=object), return_inverse=True)
        out[grouping] = [
            groups.GroupStatistics(
                name=str(name),
                n=int((inverse == index).sum()),
                components={
                    component: groups._component(values[inverse == index])
                    for component, values in table.values.items()
                },
                jpm_category=groups._tally(
                    np.array(table.jpm_category, dtype=object)[inverse == index],
                    ("Optimal", "Cukup Optimal", "Kurang Optimal"),
                ),
                potential_category=groups._tally(
                    np.array(table.potential_category, dtype=object)[inverse == index],
                    ("Tinggi", "Menengah", "Rendah"),
                ),
            )
            for index, name in enumerate(names)
        ]
    return out


def test_the_columns_store_what_the_loop_stored_for_both_demo_stages():
    call_command("seed_demo", "--with-results", stdout=io.StringIO())
    runs = list(ScoreRun.objects.filter(status=ScoreRun.Status.DONE))
    assert len(runs) == 2  # Tahap II (pre-scored) and Tahap III (answers)
    for run in runs:
        table = columns.read(run.results.order_by("pk"), with_gaps=True)
        blocks = columns.blocks(table)
        statistics = groups.statistics(columns.statistics_columns(table, run.event.start_date))
        expected_blocks, expected_statistics = reference(run)
        assert blocks == expected_blocks
        assert list(blocks["opd"]) == list(expected_blocks["opd"])  # same order of groups
        for grouping in blocks:
            for key, block in blocks[grouping].items():
                assert list(block["box"]) == list(expected_blocks[grouping][key]["box"])
        assert {g: [row.to_json() for row in rows] for g, rows in statistics.items()} == {
            g: [row.to_json() for row in rows] for g, rows in expected_statistics.items()
        }
        assert run.summary["by_opd"] == blocks["opd"]  # what the final step stored
        assert (
            any(block["measured"] < block["n"] for block in blocks["opd"].values())
            or any(r.gaps == [] for r in run.results.all()) is False
        )


def test_no_results_give_no_groups():
    table = columns.read(ParticipantResult.objects.none(), with_gaps=True)
    assert len(table) == 0
    assert columns.blocks(table) == {"opd": {}, "region": {}, "position_class": {}}


def assert_counts_as_the_database_counts(run: ScoreRun) -> None:
    """The run's counts and means as GROUP BY, COUNT and AVG gave them before."""
    results = run.results.all()

    def counted(field):
        return {
            str(key): n
            for key, n in results.values_list(field).annotate(n=Count("pk")).order_by(field)
            if key not in (None, "")
        }

    summary = summarise(run)
    for field in ("jpm_category", "potential_category", "box", "kinerja"):
        assert getattr(summary, field) == counted(field)
        assert list(getattr(summary, field)) == list(counted(field))
    assert summary.participants == results.count()
    assert summary.es_incomplete == results.filter(es_complete=False, source="answers").count()
    for field in ("jpm", "potential"):
        average = results.aggregate(v=Avg(field))["v"]
        expected = float(rounding.round_half_up(float(average)))
        assert getattr(summary, f"{field}_mean") == expected
    assert summary.to_json() == run.summary  # what the final step stored

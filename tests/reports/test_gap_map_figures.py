"""reports.gap_map, the gap map's figures without a page: the heat classes, the shares per
group and in all, a manager's scope, and small groups hidden by reports.disclosure."""

import pytest

from participants.competencies import COMPETENCY_CODES
from reports.gap_map import gap_map, heat
from scoring.runs.summary import GroupBlock

NINE = len(COMPETENCY_CODES)


def block(name: str, n: int, measured: int, below: list[int]) -> GroupBlock:
    return GroupBlock(
        name=name,
        n=n,
        sums={},
        counts={},
        jpm_category={},
        potential_category={},
        box={},
        ld_bins=(),
        es_bins=(),
        below=below + [0] * (NINE - 1),
        measured=measured,
    )


@pytest.mark.parametrize(
    ("share", "css"),
    [(0, "heat-0"), (0.099, "heat-0"), (0.1, "heat-1"), (0.249, "heat-1"), (0.25, "heat-2"),
     (0.499, "heat-2"), (0.5, "heat-3"), (1, "heat-3")],
)  # fmt: skip
def test_each_share_has_its_heat_class(share, css):
    assert heat(share) == css


def test_the_shares_are_below_over_measured_per_group_and_in_all():
    stored = {"2": block("Kantor B", 10, 8, [2]), "1": block("Kantor A", 6, 6, [3])}
    figures = gap_map(stored)
    assert [row["name"] for row in figures.rows] == ["Kantor A", "Kantor B"]
    a, b = figures.rows
    assert a["cells"][0] == {"share": 0.5, "heat": "heat-3"}
    assert b["cells"][0] == {"share": 0.25, "heat": "heat-2"}
    assert b["cells"][1] == {"share": 0, "heat": "heat-0"}
    assert figures.totals[0] == {"share": 5 / 14, "heat": "heat-2", "n": 5}
    assert figures.below == [5] + [0] * (NINE - 1)


def test_a_group_nobody_was_measured_in_shows_no_share():
    figures = gap_map({"1": block("Kantor A", 5, 0, [0]), "2": block("Kantor B", 6, 6, [6])})
    assert figures.rows[0]["cells"][0]["share"] == 0
    assert figures.totals[0]["share"] == 1.0


def test_a_scope_keeps_its_own_groups():
    stored = {"1": block("Kantor A", 6, 6, [3]), "2": block("Kantor B", 10, 8, [2])}
    figures = gap_map(stored, {2})
    assert [row["name"] for row in figures.rows] == ["Kantor B"]
    assert figures.below[0] == 2


def test_a_lone_small_group_hides_the_smallest_shown_one_too_but_counts_in_the_totals():
    stored = {
        "1": block("Kantor A", 6, 6, [3]),
        "2": block("Kantor B", 10, 8, [2]),
        "3": block("Kantor C", 2, 2, [2]),
    }
    figures = gap_map(stored)
    assert figures.rows[0] == {"name": "Kantor A", "n": 6, "suppressed": True}
    assert figures.rows[2] == {"name": "Kantor C", "n": 2, "suppressed": True}
    assert not figures.rows[1]["suppressed"]
    assert figures.totals[0]["n"] == figures.below[0] == 7


def test_a_table_of_one_small_group_withholds_its_total():
    figures = gap_map({"1": block("Kantor A", 4, 4, [1])})
    assert figures.rows == [{"name": "Kantor A", "n": 4, "suppressed": True}]
    assert figures.totals is None


def test_no_groups_make_an_empty_map():
    figures = gap_map({})
    assert figures.rows == [] and figures.below == [0] * NINE
    assert [cell["share"] for cell in figures.totals] == [0] * NINE

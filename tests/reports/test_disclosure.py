"""reports.disclosure: primary and complementary suppression on tables of counts, that no
hidden mean can be had from the total less the shown rows, and a guard that no other module
compares a count with the threshold."""

import re
from pathlib import Path

from reports.disclosure import SUPPRESS_BELOW, SUPPRESSED, hidden_positions, hide_small

ROOT = Path(__file__).resolve().parents[2]


def table(*sizes: int) -> list[dict]:
    return [{"name": f"G{i}", "n": n, "mean": 70.0 + i} for i, n in enumerate(sizes)]


def hidden_names(rows: list[dict]) -> list[str]:
    return [row["name"] for row in hide_small(rows).rows if row["suppressed"]]


def test_the_threshold_and_the_label_are_as_before():
    assert SUPPRESS_BELOW == 5
    assert SUPPRESSED == "disembunyikan (< 5 orang)"


def test_a_group_under_the_threshold_is_hidden_and_cut_to_its_name_and_count():
    disclosed = hide_small(table(12, 3, 10, 2))
    assert [row["suppressed"] for row in disclosed.rows] == [False, True, False, True]
    assert disclosed.rows[1] == {"name": "G1", "n": 3, "suppressed": True}
    assert disclosed.rows[0] == {"name": "G0", "n": 12, "mean": 70.0, "suppressed": False}
    assert disclosed.total_shown


def test_a_lone_hidden_group_takes_the_smallest_shown_one_with_it():
    assert hidden_names(table(12, 3, 7, 10)) == ["G1", "G2"]


def test_on_a_tie_the_first_of_the_smallest_is_hidden():
    assert hidden_names(table(6, 3, 6)) == ["G0", "G1"]


def test_two_hidden_groups_need_no_third():
    assert hidden_names(table(12, 3, 4, 5)) == ["G1", "G2"]


def test_of_only_two_groups_both_are_hidden_and_the_total_stays():
    # The other group is the only complement; with both hidden, the total is one equation
    # with two unknown sums, and it stays (it is the dashboard's headline, shown anyway).
    disclosed = hide_small(table(3, 40))
    assert [row["suppressed"] for row in disclosed.rows] == [True, True]
    assert disclosed.total_shown


def test_a_table_of_one_hidden_group_withholds_its_total():
    disclosed = hide_small(table(3))
    assert disclosed.rows == [{"name": "G0", "n": 3, "suppressed": True}]
    assert not disclosed.total_shown
    assert hide_small(table(5)).total_shown and hide_small([]).total_shown


def test_a_group_of_nobody_hides_nothing_and_is_not_a_complement():
    # Column by column: a comparison's group with nobody in the earlier event.
    hidden, total_shown = hidden_positions([0, 3, 8, 9], [6, 6, 8, 9])
    assert hidden == {1, 2} and total_shown
    # Small now and new: the smallest shown now (G1) goes with it, which leaves G1 the lone
    # hidden group of the earlier event, so G2 goes too.
    hidden, total_shown = hidden_positions([0, 8, 9], [3, 8, 9])
    assert hidden == {0, 1, 2} and total_shown


def test_each_total_of_a_comparison_gets_its_complement():
    # G0 is small only in the earlier event; G1 has nobody then, so hiding it would not help
    # there: the earlier column hides G2, its smallest shown group with people.
    counts = {"counts": lambda row: (row["before"], row["n"])}
    rows = [
        {"name": "G0", "before": 3, "n": 9},
        {"name": "G1", "before": 0, "n": 6},
        {"name": "G2", "before": 7, "n": 9},
        {"name": "G3", "before": 9, "n": 20},
    ]
    assert hidden_names_with(rows, **counts) == ["G0", "G2"]


def hidden_names_with(rows, **options) -> list[str]:
    return [row["name"] for row in hide_small(rows, **options).rows if row["suppressed"]]


def shown(rows: list[dict]) -> tuple:
    """Everything a reader sees of a table: the shown rows, the hidden rows' counts, the
    total's count and mean."""
    disclosed = hide_small(rows)
    n = sum(row["n"] for row in rows)
    total = sum(row["n"] * row["mean"] for row in rows) / n
    return tuple(tuple(sorted(row.items())) for row in disclosed.rows), n, round(total, 9)


def test_no_hidden_mean_can_be_had_from_the_total_less_the_shown_rows():
    # The case: one small group beside shown ones, total shown. Two tables that a
    # reader sees alike (every shown figure, every count, the total) yet differ in the small
    # group's mean: whatever N * total - the shown sums gives, it is not that mean.
    for sizes in ((3, 10, 12), (2, 5, 40, 41), (4, 6), (1, 5, 5, 5)):
        first = table(*sizes)
        hidden = [i for i, row in enumerate(hide_small(first).rows) if row["suppressed"]]
        assert len(hidden) >= 2, sizes
        a, b = hidden[0], hidden[1]
        second = [dict(row) for row in first]
        second[a]["mean"] += 12.0 / second[a]["n"]  # a's sum up 12, b's down 12
        second[b]["mean"] -= 12.0 / second[b]["n"]
        assert shown(first) == shown(second), sizes
        assert first[a]["mean"] != second[a]["mean"]


def test_in_every_small_table_no_total_leaves_one_hidden_group():
    import itertools

    for sizes in itertools.product((0, 1, 3, 4, 5, 6, 9), repeat=3):
        hidden, total_shown = hidden_positions(sizes)
        present = [i for i, n in enumerate(sizes) if n > 0]
        alone = sum(1 for i in present if i in hidden) == 1
        assert not (alone and total_shown), sizes
        assert all(i in hidden for i, n in enumerate(sizes) if n < SUPPRESS_BELOW), sizes


# --- the guard --------------------------------------------------------------------------

# A comparison of a count with the threshold, by name or as the number itself: the eight
# sites before this module looked like the samples below.
PATTERNS = (
    re.compile(r"[<>]=?\s*(?:\w+\.)*SUPPRESS_BELOW\b"),
    re.compile(r"\bSUPPRESS_BELOW\s*[<>]"),
    re.compile(r"""(?:\bn\b|\["n(?:_\w+)?"\]|\.n(?:_\w+)?\b)\s*<=?\s*\d"""),
)
OLD_SITES = (
    'if group["n"] < SUPPRESS_BELOW:',
    "suppressed = any(0 < n < SUPPRESS_BELOW for n in counts)",
    "if n < SUPPRESS_BELOW:",
    '"rows": [{**row, "suppressed": row["n"] < SUPPRESS_BELOW} for row in rows],',
    'if row["n"] < dashboard.SUPPRESS_BELOW:',
    'if row["n"] < 5:',
    "{% if row.n < 5 %}",
)


def offending_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if any(p.search(line) for p in PATTERNS)]


def test_the_guard_catches_the_old_sites():
    for line in OLD_SITES:
        assert offending_lines(line) == [line]
    assert not offending_lines('"suppress_below": SUPPRESS_BELOW,')  # a page's text is fine
    assert not offending_lines("for n in range(5):")


def test_no_module_but_disclosure_compares_a_count_with_the_threshold():
    sources = [
        path
        for pattern in ("*.py", "*.html")
        for path in ROOT.rglob(pattern)
        if not {".venv", "tests", "node_modules", ".git"} & set(path.relative_to(ROOT).parts)
    ]
    assert len(sources) > 100  # the walk found the project
    found = {
        str(path.relative_to(ROOT)): lines
        for path in sources
        if path.name != "disclosure.py" and (lines := offending_lines(path.read_text()))
    }
    assert found == {}

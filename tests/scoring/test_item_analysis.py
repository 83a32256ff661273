"""scoring.item_analysis: difficulty, corrected item-total r and alpha, worked by hand.

Runs without Django: pytest tests/scoring/test_item_analysis.py -p no:django --noconftest
"""

import json
import math

import numpy as np
import pytest
from scipy.stats import pearsonr

from scoring.answer_codes import encode_answers
from scoring.core import Item, Settings
from scoring.item_analysis import (
    FLAG_CONSTANT,
    FLAG_EASY,
    FLAG_HARD,
    FLAG_LOW_ALPHA,
    FLAG_LOW_DISCRIMINATION,
    FLAG_NEGATIVE,
    FLAG_NO_OTHER_ITEM,
    FLAG_OMITTED,
    FLAG_REST_CONSTANT,
    FLAG_TOO_FEW,
    FLAG_TOO_FEW_ITEMS,
    analyse,
)

IDENTITY = {"A": 1, "B": 2, "C": 3, "D": 4, "E": 5}
LETTER = {1: "A", 2: "B", 3: "C", 4: "D", 5: "E", None: None}


def sjt(code: str, competency: str = "M.01", key: dict[str, int] = IDENTITY) -> Item:
    return Item(code, "MSK", competency, "SJT", dict(key))


def mc(code: str, pillar: str = "LD.DS", key: str = "A") -> Item:
    return Item(code, "LD", pillar, "MC", key)


def likert(code: str, scale: str = "ES.AD", reverse: bool = False) -> Item:
    return Item(code, "ES", scale, "LIKERT", None, reverse)


def run(items, rows, **kwargs) -> dict:
    return analyse(items, encode_answers(rows, items), **kwargs)


def by_code(result: dict) -> dict[str, dict]:
    return {entry["code"]: entry for entry in result["items"]}


def cronbach(x: np.ndarray) -> float:
    """The textbook formula, written out independently of the module."""
    k = x.shape[1]
    return k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / x.sum(axis=1).var(ddof=1))


def corrected_r(x: np.ndarray, j: int) -> float:
    return float(np.corrcoef(x[:, j], np.delete(x, j, axis=1).sum(axis=1))[0, 1])


# Five participants, three MC items keyed A in one pillar; None is unanswered (= wrong).
MC_ITEMS = [mc("q1"), mc("q2"), mc("q3")]
MC_ROWS = [
    ["A", "A", "A"],  # 1 1 1
    ["A", "A", "B"],  # 1 1 0
    ["A", "B", "B"],  # 1 0 0
    ["B", None, "B"],  # 0 0 0
    ["A", "A", None],  # 1 1 0
]
MC_SCORES = np.array([[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0], [1, 1, 0]])


# --- difficulty, omissions --------------------------------------------------------------------


def test_mc_difficulty_is_the_proportion_correct_of_all_participants():
    items = by_code(run(MC_ITEMS, MC_ROWS))
    assert [items[c]["difficulty"] for c in ("q1", "q2", "q3")] == [0.8, 0.6, 0.2]
    assert [items[c]["mean"] for c in ("q1", "q2", "q3")] == [0.8, 0.6, 0.2]


def test_an_unanswered_mc_item_is_wrong_and_counted_as_omitted():
    items = by_code(run(MC_ITEMS, MC_ROWS))
    assert [items[c]["n_answered"] for c in ("q1", "q2", "q3")] == [5, 4, 4]
    assert [items[c]["omitted"] for c in ("q1", "q2", "q3")] == [0.0, 0.2, 0.2]
    assert FLAG_OMITTED in items["q2"]["flags"] and FLAG_OMITTED not in items["q1"]["flags"]


def test_an_omitted_share_of_exactly_the_threshold_is_not_flagged():
    rows = [[LETTER[s], "A"] for s in (1, 2, 3, 4, 5, 1, 2, 3, 4)] + [[None, "B"]]
    items = by_code(run([sjt("a"), sjt("b")], rows))
    assert items["a"]["omitted"] == 0.1
    assert FLAG_OMITTED not in items["a"]["flags"]


def test_sjt_mean_counts_an_unanswered_item_with_the_unanswered_score():
    key = {"A": 5, "B": 4, "C": 3, "D": 2, "E": 1}
    items = [sjt("s1", key=key), sjt("s2")]
    rows = [["A", "A"], ["B", "B"], [None, "C"], ["E", "D"]]  # s1 scores 5, 4, 1, 1
    s1 = by_code(run(items, rows))["s1"]
    assert (s1["n_answered"], s1["omitted"]) == (3, 0.25)
    assert s1["mean"] == 2.75  # 11 / 4
    assert s1["difficulty"] == 0.4375  # (2.75 - 1) / 4
    s1 = by_code(run(items, rows, settings=Settings(sjt_unanswered=3)))["s1"]
    assert (s1["mean"], s1["difficulty"]) == (3.25, 0.5625)  # 13 / 4


def test_likert_mean_is_over_the_answered_and_reverse_keyed():
    items = [likert("e1", reverse=True), likert("e2")]
    rows = [[1, 2], [2, None], [None, 4], [5, 5]]  # e1 scores 5, 4, -, 1
    result = by_code(run(items, rows))
    assert (result["e1"]["n_answered"], result["e1"]["mean"]) == (3, 3.3333)  # 10 / 3
    assert result["e1"]["difficulty"] == 0.5833  # (10/3 - 1) / 4
    assert (result["e2"]["mean"], result["e2"]["omitted"]) == (3.6667, 0.25)  # 11 / 3


def test_a_likert_item_nobody_answered_has_no_mean():
    result = by_code(run([likert("e1"), likert("e2")], [[None, 3], [None, 4]]))
    assert result["e1"]["mean"] is None and result["e1"]["difficulty"] is None
    assert result["e1"]["omitted"] == 1.0
    assert result["e1"]["flags"] == [FLAG_TOO_FEW, FLAG_OMITTED]


@pytest.mark.parametrize(
    ("correct", "flag"),
    [(10, FLAG_EASY), (9, None), (2, None), (1, FLAG_HARD)],
)
def test_mc_easy_and_hard_flags_are_strict(correct, flag):
    # 10 participants; q2 is a varying anchor so q1's r is defined when it varies.
    rows = [["A" if i < correct else "B", "A" if i % 2 else "B"] for i in range(10)]
    flags = by_code(run([mc("q1"), mc("q2")], rows))["q1"]["flags"]
    assert (FLAG_EASY in flags, FLAG_HARD in flags) == (flag == FLAG_EASY, flag == FLAG_HARD)


# --- corrected item-total correlation ---------------------------------------------------------


def test_the_corrected_item_total_r_of_q1_worked_by_hand():
    # q1 = 1 1 1 0 1, rest = q2 + q3 = 2 1 0 0 1: Sxy = 0.8, Sxx = 0.8, Syy = 2.8,
    # r = 0.8 / sqrt(0.8 * 2.8) = sqrt(2 / 7).
    assert by_code(run(MC_ITEMS, MC_ROWS))["q1"]["item_total"] == round(math.sqrt(2 / 7), 4)


def test_the_corrected_item_total_r_matches_numpy_and_scipy():
    items = by_code(run(MC_ITEMS, MC_ROWS))
    for j, code in enumerate(("q1", "q2", "q3")):
        rest = np.delete(MC_SCORES, j, axis=1).sum(axis=1)
        assert items[code]["item_total"] == round(corrected_r(MC_SCORES, j), 4)
        assert items[code]["item_total"] == pytest.approx(
            pearsonr(MC_SCORES[:, j], rest).statistic, abs=5e-5
        )


def test_r_and_alpha_match_independent_formulas_on_random_sjt_data():
    rng = np.random.default_rng(7)
    keys = [dict(zip("ABCDE", map(int, rng.permutation(5) + 1), strict=True)) for _ in range(6)]
    items = [sjt(f"s{j}", "M.03", keys[j]) for j in range(6)]
    codes = rng.integers(0, 6, size=(200, 6)).astype(np.int8)
    result = analyse(items, codes, Settings(sjt_unanswered=2))
    table = np.array([[2, *(key[o] for o in "ABCDE")] for key in keys])
    scores = table[np.arange(6), codes]
    for j, entry in enumerate(result["items"]):
        assert entry["item_total"] == round(corrected_r(scores, j), 4)
        assert entry["mean"] == round(scores[:, j].mean(), 4)
    assert result["scales"][0]["alpha"] == round(cronbach(scores), 4)


def test_likert_r_and_alpha_use_the_rows_that_answered_the_whole_scale():
    items = [likert("e1"), likert("e2", reverse=True), likert("e3")]
    rows = [
        [1, 5, 2],
        [2, 4, 2],
        [3, None, 3],  # not complete: left out of r and alpha
        [4, 2, 5],
        [5, 1, 4],
        [3, 3, None],  # not complete
        [2, 3, 3],
    ]
    complete = np.array([[1, 1, 2], [2, 2, 2], [4, 4, 5], [5, 5, 4], [2, 3, 3]])  # reverse-keyed
    result = run(items, rows)
    assert result["scales"][0]["n"] == 5
    for j, entry in enumerate(result["items"]):
        assert entry["item_total"] == round(corrected_r(complete, j), 4)
    assert result["scales"][0]["alpha"] == round(cronbach(complete), 4)
    assert result["items"][0]["mean"] == round(20 / 7, 4)  # the mean still uses every answer


def test_a_miskeyed_item_correlates_negatively_and_is_flagged():
    # The able participants (top rows) answer q4 with A, but the key says B.
    items = [mc("q1"), mc("q2"), mc("q3"), mc("q4", key="B")]
    rows = [
        ["A", "A", "A", "A"],
        ["A", "A", "A", "A"],
        ["A", "A", "B", "A"],
        ["A", "B", "B", "B"],
        ["B", "B", "A", "B"],
        ["B", "B", "B", "B"],
    ]
    q4 = by_code(run(items, rows))["q4"]
    assert q4["item_total"] < 0
    assert q4["flags"] == [FLAG_LOW_DISCRIMINATION, FLAG_NEGATIVE]


def test_a_well_keyed_item_gets_no_flags():
    items = [mc("q1"), mc("q2"), mc("q3")]
    rows = [["A", "A", "A"], ["A", "A", "B"], ["A", "B", "B"], ["B", "B", "B"]] * 2
    for entry in run(items, rows)["items"]:
        assert entry["item_total"] > 0.2 and entry["flags"] == []


def test_an_item_everyone_answers_the_same_has_no_r():
    items = [mc("q1"), mc("q2"), mc("q3")]
    rows = [["A", "A", "A"], ["A", "B", "A"], ["A", "A", "B"], ["A", "B", "B"]]
    q1 = by_code(run(items, rows))["q1"]
    assert q1["item_total"] is None
    assert q1["flags"] == [FLAG_EASY, FLAG_CONSTANT]


def test_an_item_whose_other_items_sum_to_a_constant_has_no_r():
    items = [sjt("s1"), sjt("s2"), sjt("s3")]
    rows = [["A", "B", "D"], ["C", "C", "C"], ["E", "D", "B"]]  # s2 + s3 = 6 for everyone
    s1 = by_code(run(items, rows))["s1"]
    assert s1["item_total"] is None and s1["flags"] == [FLAG_REST_CONSTANT]


def test_a_one_item_scale_has_no_r_and_no_alpha():
    result = run([mc("q1", "LD.DS"), mc("q2", "LD.DC")], [["A", "A"], ["B", "A"], ["A", "B"]])
    assert result["items"][0]["item_total"] is None
    assert result["items"][0]["flags"] == [FLAG_NO_OTHER_ITEM]
    assert result["scales"][0]["alpha"] is None
    assert result["scales"][0]["flags"] == [FLAG_TOO_FEW_ITEMS]


# --- Cronbach's alpha -------------------------------------------------------------------------


def test_alpha_worked_by_hand():
    # Item variances (ddof=1) 0.2, 0.3, 0.2; totals 3 2 1 0 2 have variance 1.3:
    # alpha = 3/2 * (1 - 0.7 / 1.3) = 0.6923.
    scale = run(MC_ITEMS, MC_ROWS)["scales"][0]
    assert scale == {
        "component": "LD",
        "scale": "LD.DS",
        "n_items": 3,
        "n": 5,
        "alpha": round(1.5 * (1 - 0.7 / 1.3), 4),
        "flags": [],
    }
    assert scale["alpha"] == round(cronbach(MC_SCORES), 4)


def test_a_low_alpha_is_flagged():
    items = [sjt("s1"), sjt("s2")]
    rows = [["A", "E"], ["B", "D"], ["C", "C"], ["D", "A"], ["E", "E"]]
    scale = run(items, rows)["scales"][0]
    assert scale["alpha"] < 0.6 and scale["flags"] == [FLAG_LOW_ALPHA]


def test_a_constant_total_has_no_alpha():
    items = [sjt("s1"), sjt("s2")]
    scale = run(items, [["A", "E"], ["E", "A"], ["C", "C"]])["scales"][0]
    assert scale["alpha"] is None and scale["flags"] == [FLAG_CONSTANT]


def test_scales_are_grouped_per_component_and_scale_in_order_of_first_item():
    items = [likert("e1", "ES.KO"), sjt("s1", "M.02"), likert("e2", "ES.KO"), sjt("s2", "M.02")]
    rows = [[1, "A", 2, "B"], [3, "C", 3, "E"], [5, "E", 4, "D"]]
    result = run(items, rows)
    assert [(s["component"], s["scale"], s["n_items"]) for s in result["scales"]] == [
        ("ES", "ES.KO", 2),
        ("MSK", "M.02", 2),
    ]
    assert [e["code"] for e in result["items"]] == ["e1", "s1", "e2", "s2"]


# --- output -----------------------------------------------------------------------------------


def _plain(value) -> bool:
    if isinstance(value, dict):
        return all(type(k) is str and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(map(_plain, value))
    return value is None or type(value) in (int, float, str)


def test_the_output_is_plain_json_without_nan():
    items = [sjt("s1"), mc("q1"), likert("e1"), likert("e2")]
    rows = [["A", "A", 1, None], ["B", "B", None, None], ["A", None, 3, None]]
    result = run(items, rows)
    assert _plain(result)
    assert json.loads(json.dumps(result, allow_nan=False)) == result
    assert result["participants"] == 3
    assert set(result) == {"participants", "items", "scales"}
    assert set(result["items"][0]) == {
        "code",
        "component",
        "scale",
        "kind",
        "n_answered",
        "omitted",
        "mean",
        "difficulty",
        "item_total",
        "flags",
    }


def test_the_result_does_not_depend_on_the_order_of_participants():
    rng = np.random.default_rng(3)
    items = [sjt(f"s{j}", "M.01") for j in range(4)] + [mc(f"q{j}") for j in range(4)]
    items += [likert(f"e{j}", reverse=j == 0) for j in range(3)]
    codes = rng.integers(0, 6, size=(500, 11)).astype(np.int8)
    result = analyse(items, codes)
    assert analyse(items, codes) == result
    assert analyse(items, codes[rng.permutation(500)]) == result


def test_no_participants_gives_no_figures():
    result = analyse([mc("q1"), mc("q2")], np.zeros((0, 2), dtype=np.int8))
    assert result["participants"] == 0
    assert result["items"][0] | {"flags": None} == {
        "code": "q1",
        "component": "LD",
        "scale": "LD.DS",
        "kind": "MC",
        "n_answered": 0,
        "omitted": None,
        "mean": None,
        "difficulty": None,
        "item_total": None,
        "flags": None,
    }
    assert result["items"][0]["flags"] == [FLAG_TOO_FEW]
    assert result["scales"][0]["alpha"] is None


# --- refusals ---------------------------------------------------------------------------------


def test_codes_out_of_range_or_of_the_wrong_shape_are_refused():
    with pytest.raises(ValueError, match="0 \\(unanswered\\) or 1-5"):
        analyse([mc("q1")], np.array([[6]], dtype=np.int8))
    with pytest.raises(ValueError, match="one column per item"):
        analyse([mc("q1"), mc("q2")], np.array([[1]], dtype=np.int8))
    with pytest.raises(ValueError, match="one column per item"):
        analyse([mc("q1")], np.array([[1.0]]))


def test_items_that_do_not_fit_are_refused():
    with pytest.raises(ValueError, match="MC key"):
        analyse([mc("q1", key="F")], np.array([[1]], dtype=np.int8))
    with pytest.raises(ValueError, match="differ"):
        analyse([Item("x", "LD", "LD.DS", "SJT", IDENTITY)], np.array([[1]], dtype=np.int8))
    with pytest.raises(ValueError, match="twice"):
        analyse([mc("q1"), mc("q1")], np.array([[1, 1]], dtype=np.int8))

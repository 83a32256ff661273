"""scoring.core: the scoring rules of docs/rules.md#scoring, worked by hand, boundaries included.

Runs without Django: pytest tests/scoring/test_scoring.py -p no:django --noconftest
"""

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.answer_codes import AnswerError, encode_answers
from scoring.core import COMPETENCY_CODES, ES_SCALES, LD_PILLARS, Item, Scores, Settings, score
from scoring.rounding import round_half_up
from scoring.talent import (
    DI_ATAS,
    DI_BAWAH,
    RECOMMENDED_ACTIONS,
    SESUAI,
    kinerja_from_predikat,
    talent_box,
)

# With this key an option's letter is its score, so LETTER[s] is the answer that scores s.
IDENTITY = {"A": 1, "B": 2, "C": 3, "D": 4, "E": 5}
LETTER = {1: "A", 2: "B", 3: "C", 4: "D", 5: "E", None: None}


def sjt(code: str, competency: str, key: dict[str, int] = IDENTITY) -> Item:
    return Item(code, "MSK", competency, "SJT", dict(key))


def mc(code: str, pillar: str = "LD.DS", key: str = "A") -> Item:
    return Item(code, "LD", pillar, "MC", key)


def likert(code: str, scale: str = "ES.AD", reverse: bool = False) -> Item:
    return Item(code, "ES", scale, "LIKERT", None, reverse)


ONE_PER_COMPETENCY = [sjt(code, code) for code in COMPETENCY_CODES]


def run(items, rows, required=1, **kwargs) -> Scores:
    required = np.broadcast_to(np.asarray(required), (len(rows), 9)).astype(int)
    return score(items, encode_answers(rows, items), required, **kwargs)


def m01(scores: list[int | None], *, rest: int = 3, **kwargs) -> Scores:
    """One participant: M.01's items score `scores` (None: unanswered), the others `rest`."""
    items = [sjt(f"M01-{i}", "M.01") for i in range(len(scores))] + ONE_PER_COMPETENCY[1:]
    return run(items, [[LETTER[s] for s in scores] + [LETTER[rest]] * 8], **kwargs)


def jpm(levels: list[int], required: list[int], **kwargs) -> tuple[float, str]:
    result = run(ONE_PER_COMPETENCY, [[LETTER[level] for level in levels]], [required], **kwargs)
    return result.jpm[0], result.jpm_category[0]


def full(ld: list[str | None], es: list[int | None], levels=(1,) * 9, required=1) -> Scores:
    """MSK with one item per competency, LD items keyed A, one ES scale (ES.AD)."""
    items = (
        ONE_PER_COMPETENCY
        + [mc(f"LD-{i}") for i in range(len(ld))]
        + [likert(f"ES-{i}") for i in range(len(es))]
    )
    row = [LETTER[level] for level in levels] + list(ld) + list(es)
    return run(items, [row], [required], es_scales=("ES.AD",))


# --- MSK: competency score, level, gap -------------------------------------------------------


def test_a_competency_scores_the_mean_of_its_items_option_scores():
    key = {"A": 5, "B": 3, "C": 1, "D": 2, "E": 4}
    items = [sjt("x1", "M.01", key), sjt("x2", "M.01", key)] + ONE_PER_COMPETENCY[1:]
    result = run(items, [["A", "D"] + ["C"] * 8])
    assert result.competency_score[0, 0] == 3.5  # (5 + 2) / 2
    assert result.level[0, 0] == 4


def test_an_unanswered_sjt_item_scores_1():
    result = m01([5, None])
    assert result.competency_score[0, 0] == 3.0
    assert result.level[0, 0] == 3


def test_the_unanswered_score_is_a_setting():
    assert m01([5, None], settings=Settings(sjt_unanswered=3)).competency_score[0, 0] == 4.0


def test_a_mean_of_exactly_2_5_is_level_3():
    result = m01([2, 3])
    assert (result.competency_score[0, 0], result.level[0, 0]) == (2.5, 3)


def test_a_mean_just_below_2_5_is_level_2():
    assert m01([2, 3, 2, 3, 2]).level[0, 0] == 2  # 2.4
    assert m01([2, 3, 3, 2, 2, 3, 2, 3, 2]).level[0, 0] == 2  # 22 / 9 = 2.44


def test_the_level_comes_from_the_exact_mean_not_the_rounded_score():
    # 499 / 200 = 2.495: shown as 2.50 after rounding, but the mean is below 2.5.
    result = m01([2] * 101 + [3] * 99)
    assert (result.competency_score[0, 0], result.level[0, 0]) == (2.5, 2)


@pytest.mark.parametrize(
    ("scores", "level"),
    [([1, 2], 2), ([4, 5], 5), ([1, 1, 2], 1), ([3, 4, 4], 4), ([5, 5, 4], 5), ([1], 1)],
)
def test_levels_round_half_up(scores, level):
    assert m01(scores).level[0, 0] == level


def test_a_level_below_1_is_clamped_to_1():
    result = m01([None, None], settings=Settings(sjt_unanswered=0))
    assert (result.competency_score[0, 0], result.level[0, 0]) == (0.0, 1)


def test_the_gap_is_the_level_minus_the_required_level():
    result = run(ONE_PER_COMPETENCY, [["A", "B", "C", "D", "E", "C", "C", "C", "C"]], 3)
    assert result.gap[0].tolist() == [-2, -1, 0, 1, 2, 0, 0, 0, 0]


def test_an_instrument_missing_a_competency_is_refused():
    with pytest.raises(ValueError, match="SK.01"):
        run(ONE_PER_COMPETENCY[:8], [["C"] * 8])


# --- JPM --------------------------------------------------------------------------------------


def test_jpm_is_100_when_every_level_meets_the_requirement():
    assert jpm([3] * 9, [3] * 9) == (100.0, "Optimal")


def test_an_excess_in_one_competency_does_not_make_up_for_a_shortfall():
    # min: 8 x 3 + 1 = 25 of 27, although the levels sum to 41.
    assert jpm([5] * 8 + [1], [3] * 9) == (92.59, "Optimal")


def test_jpm_of_exactly_90_is_optimal():
    assert jpm([1] * 9, [2] + [1] * 8) == (90.0, "Optimal")  # 9 / 10


def test_jpm_just_below_90_is_cukup_optimal():
    assert jpm([1] * 9, [2, 2] + [1] * 7) == (81.82, "Cukup Optimal")  # 9 / 11


def test_jpm_equal_to_the_cukup_threshold_is_cukup_optimal():
    # Nine levels over at most 45 required cannot make exactly 78.00 (that needs /50), so the
    # boundary is checked at a threshold they can reach: 36 / 45 = 80.
    assert jpm([4] * 9, [5] * 9, settings=Settings(jpm_cukup=80)) == (80.0, "Cukup Optimal")


def test_the_closest_jpm_below_78_is_kurang_optimal():
    # 35 / 45 = 77.78 is the largest JPM below 78 that nine levels can make.
    assert jpm([4] * 8 + [3], [5] * 9) == (77.78, "Kurang Optimal")


def test_the_closest_jpm_above_78_is_cukup_optimal():
    assert jpm([4] * 7 + [3, 1], [5] * 8 + [1]) == (78.05, "Cukup Optimal")  # 32 / 41


def test_the_category_compares_the_jpm_as_shown():
    # 35 / 45 = 77.777..., shown as 77.78: at a threshold of 77.78 it is Cukup Optimal.
    result = jpm([4] * 8 + [3], [5] * 9, settings=Settings(jpm_cukup=77.78))
    assert result == (77.78, "Cukup Optimal")


# --- LD ---------------------------------------------------------------------------------------


def test_an_unanswered_ld_item_counts_as_wrong():
    result = full(["A", "A", "B", None, "A"], [3])
    assert result.ld_score[0] == 60.0


def test_ld_scores_each_pillar_by_its_own_items():
    items = ONE_PER_COMPETENCY + [
        mc("s1", "LD.DS", "B"),
        mc("s2", "LD.DS", "C"),
        mc("c1", "LD.DC", "D"),
        mc("e1", "LD.DE", "E"),
        mc("e2", "LD.DE", "A"),
        mc("e3", "LD.DE", "A"),
    ]
    result = run(items, [["C"] * 9 + ["B", "A", "d", "E", "A", None]])
    assert result.ld_pillar[0, :3].tolist() == [50.0, 100.0, 66.67]
    assert math.isnan(result.ld_pillar[0, 3])  # LD.DF has no items in this form
    assert result.ld_score[0] == 66.67  # 4 of 6, not the mean of the pillars


def test_a_component_without_items_is_missing_for_everyone():
    result = run([mc("s1")], [["A"], ["B"]])
    assert np.isnan(result.jpm).all() and np.isnan(result.es_score).all()
    assert result.level.tolist() == [[0] * 9] * 2 and result.gap.tolist() == [[0] * 9] * 2
    assert result.jpm_category.tolist() == [None, None]
    assert result.ld_score.tolist() == [100.0, 0.0]
    assert np.isnan(result.potential).all()
    assert result.potential_category.tolist() == [None, None]
    assert not result.es_complete.any()


# --- ES ---------------------------------------------------------------------------------------

TWO_SCALES = ("ES.AD", "ES.KO")


def es(rows: list[list[int | None]], reverse=(False, False, False, False)) -> Scores:
    """Scales ES.AD (items 0-3, reverse keyed as given) and ES.KO (items 4-5), no MSK, no LD."""
    items = [likert(f"ad{i}", "ES.AD", r) for i, r in enumerate(reverse)]
    items += [likert("ko0", "ES.KO"), likert("ko1", "ES.KO")]
    return run(items, rows, es_scales=TWO_SCALES)


def test_a_reverse_keyed_item_scores_6_minus_the_answer():
    result = es([[2, 5, 1, 4, 3, 3]], reverse=(True, False, True, False))
    assert result.es_scale[0, 0] == 4.5  # (4 + 5 + 5 + 4) / 4


def test_the_es_score_rescales_the_mean_of_the_scale_means_to_0_100():
    result = es([[5, 5, 4, 4, 2, 3]])  # scale means 4.5 and 2.5
    assert result.es_scale[0].tolist() == [4.5, 2.5]
    assert result.es_score[0] == 62.5  # 100 * (3.5 - 1) / 4
    assert result.es_complete[0]


def test_a_scale_with_exactly_half_unanswered_scores_the_answered_items():
    result = es([[5, None, 4, None, 2, None]])
    assert result.es_scale[0].tolist() == [4.5, 2.0]
    assert result.es_complete[0]


def test_a_scale_with_more_than_half_unanswered_leaves_es_incomplete():
    result = es([[5, None, None, None, 2, 3]])
    assert math.isnan(result.es_scale[0, 0]) and result.es_scale[0, 1] == 2.5
    assert not result.es_complete[0]
    assert math.isnan(result.es_score[0]) and math.isnan(result.potential[0])


def test_the_unanswered_share_is_a_setting_compared_exactly():
    items = [likert(f"ad{i}") for i in range(100)]
    row = [None] * 29 + [3] * 71
    fine = run(items, [row], es_scales=("ES.AD",), settings=Settings(es_max_unanswered_share=0.29))
    assert fine.es_complete[0]  # 29% unanswered is not more than 29%, though 0.29*100 < 29
    strict = run(
        items, [row], es_scales=("ES.AD",), settings=Settings(es_max_unanswered_share=0.28)
    )
    assert not strict.es_complete[0]


def test_t_scores_use_the_population_sd_of_the_participants_with_a_score():
    # ES.AD means 2, 3, 4 (mean 3, population sd sqrt(2/3)); the fourth has no ES.AD score.
    result = es([[2] * 4 + [3, 3], [3] * 4 + [3, 3], [4] * 4 + [3, 3], [None] * 4 + [3, 3]])
    assert result.es_t[:3, 0].tolist() == [37.75, 50.0, 62.25]  # 50 -+ 10 / 0.8165
    assert math.isnan(result.es_t[3, 0])


def test_a_scale_on_which_everyone_scores_the_same_gives_t_50():
    result = es([[2, 3, 4, 1, 4, 4], [4, 4, 1, 1, 5, 3], [1, 1, 1, 1, 3, 5]])
    assert result.es_t[:, 1].tolist() == [50.0] * 3  # ES.KO: 4, 4, 4


def test_identical_means_that_binary_cannot_hold_exactly_still_give_t_50():
    # 10/3 seven times: NumPy's std of them is 4e-16, not 0, which would make T 40 or 60.
    result = es([[3, 3, 4, None, 2, 2]] * 7)
    assert result.es_t[:, 0].tolist() == [50.0] * 7


def test_t_scores_of_a_cohort_use_each_participants_exact_scale_mean():
    # Means 1, 1, 4: mean 2, population sd sqrt(2) -> T 50 - 10/sqrt(2), 50 + 20/sqrt(2).
    result = es([[1] * 4 + [3, 3], [1] * 4 + [3, 3], [4] * 4 + [3, 3]])
    assert result.es_t[:, 0].tolist() == [42.93, 42.93, 64.14]


# --- potential --------------------------------------------------------------------------------


def test_the_potential_weighs_jpm_ld_and_es_50_25_25():
    result = full(["A", "A", "A", "B"], [4, 4, 4, 4])  # JPM 100, LD 75, ES 75
    assert (result.jpm[0], result.ld_score[0], result.es_score[0]) == (100.0, 75.0, 75.0)
    assert (result.potential[0], result.potential_category[0]) == (87.5, "Tinggi")


def test_a_potential_of_exactly_85_is_tinggi():
    # JPM 100, LD 80 (4 of 5), ES 60 (mean 3.4): 50 + 20 + 15. In binary ES is
    # 59.999999999999993, so only the figure as shown can be compared with 85.
    result = full(["A", "A", "A", "A", "B"], [4, 4, 3, 3, 3])
    assert (result.potential[0], result.potential_category[0]) == (85.0, "Tinggi")


def test_a_potential_of_exactly_70_is_menengah_and_below_it_rendah():
    result = full(["A", "B", "B", "B", "B"], [4, 4, 3, 3, 3])  # 50 + 5 + 15
    assert (result.potential[0], result.potential_category[0]) == (70.0, "Menengah")
    result = full(["B", "B", "B", "B", "B"], [4, 4, 3, 3, 3])  # 50 + 0 + 15
    assert (result.potential[0], result.potential_category[0]) == (65.0, "Rendah")


def test_the_potential_is_computed_from_the_unrounded_components():
    # JPM 90, LD 66.666..., ES 91.666...: 84.5833 -> 84.58. From the rounded components
    # (90, 66.67, 91.67) it would be 84.585 -> 84.59.
    result = full(["A", "A", "B"], [5, 5, 4], levels=[1] * 9, required=[2] + [1] * 8)
    assert (result.jpm[0], result.ld_score[0], result.es_score[0]) == (90.0, 66.67, 91.67)
    assert (result.potential[0], result.potential_category[0]) == (84.58, "Menengah")


def test_the_weights_are_settings_and_a_zero_weight_component_is_not_needed():
    items = ONE_PER_COMPETENCY + [mc("s1"), mc("s2")]
    rows = [["C"] * 9 + ["A", "B"]]
    weights = Settings(weight_msk=3, weight_ld=1, weight_es=0)
    result = run(items, rows, settings=weights)
    assert result.potential[0] == 87.5  # (3 x 100 + 50) / 4, ES is not part of it
    assert math.isnan(run(items, rows).potential[0])  # with the default weights it is


# --- rounding ---------------------------------------------------------------------------------


def test_rounding_is_half_up_on_the_decimal_value_despite_binary_floats():
    values = [2.675, 0.125, 1.005, 84.995, 2.665, 2.6749, -2.675, 0.0, 100.0]
    expected = [2.68, 0.13, 1.01, 85.0, 2.67, 2.67, -2.68, 0.0, 100.0]
    assert round_half_up(np.array(values)).tolist() == expected
    assert math.isnan(round_half_up(np.nan))


def test_a_final_figure_ending_in_half_a_cent_rounds_up():
    # 107 / 40 = 2.675, which binary stores as 2.67499999...
    result = m01([3] * 27 + [2] * 13)
    assert result.competency_score[0, 0] == 2.68
    result = m01([3] * 17 + [2] * 23)  # 97 / 40 = 2.425: x * 100 + 0.5 floors to 242
    assert result.competency_score[0, 0] == 2.43
    result = m01([3] * 5 + [2] * 3)  # 21 / 8 = 2.625 (round-half-even would give 2.62)
    assert result.competency_score[0, 0] == 2.63


def test_an_es_scale_mean_of_1_125_rounds_to_1_13():
    items = [likert(f"ad{i}") for i in range(8)]
    result = run(items, [[1] * 7 + [2]], es_scales=("ES.AD",))
    assert result.es_scale[0, 0] == 1.13  # 9 / 8
    assert result.es_score[0] == 3.13  # 100 * 0.125 / 4 = 3.125


# --- kinerja and the talent box ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("predikat", "kinerja"),
    [
        ("Sangat Baik", DI_ATAS),
        ("  SANGAT   baik ", DI_ATAS),
        ("Baik", SESUAI),
        ("baik", SESUAI),
        ("Butuh Perbaikan", DI_BAWAH),
        ("butuh\tperbaikan", DI_BAWAH),
        ("Kurang", DI_BAWAH),
        ("Sangat Kurang", DI_BAWAH),
        ("SANGAT KURANG", DI_BAWAH),
        (None, None),
        ("  ", None),
    ],
)
def test_kinerja_comes_from_the_skp_predikat(predikat, kinerja):
    assert kinerja_from_predikat(predikat) == kinerja


def test_an_unknown_predikat_is_an_error_not_a_missing_kinerja():
    with pytest.raises(ValueError, match="Cukup"):
        kinerja_from_predikat("Cukup")


@pytest.mark.parametrize(
    ("kinerja", "potential", "box"),
    [
        (DI_BAWAH, "Rendah", 1),
        (SESUAI, "Rendah", 2),
        (DI_BAWAH, "Menengah", 3),
        (DI_ATAS, "Rendah", 4),
        (SESUAI, "Menengah", 5),
        (DI_BAWAH, "Tinggi", 6),
        (DI_ATAS, "Menengah", 7),
        (SESUAI, "Tinggi", 8),
        (DI_ATAS, "Tinggi", 9),
    ],
)
def test_the_talent_box_follows_the_domain_table(kinerja, potential, box):
    assert talent_box(kinerja, potential) == box


def test_there_is_no_talent_box_without_kinerja_or_potential():
    assert talent_box(None, "Tinggi") is None
    assert talent_box(SESUAI, None) is None
    with pytest.raises(ValueError):
        talent_box("sesuai", "Tinggi")


def test_each_box_has_the_recommended_action_of_the_domain_table():
    assert sorted(RECOMMENDED_ACTIONS) == list(range(1, 10))
    assert RECOMMENDED_ACTIONS[1] == "diproses sesuai ketentuan peraturan perundang-undangan"
    assert RECOMMENDED_ACTIONS[7] == (
        "dipertahankan, kelompok rencana suksesi instansi, rotasi/pengayaan jabatan, "
        "pengembangan kompetensi, tugas belajar"
    )
    assert RECOMMENDED_ACTIONS[9] == (
        "dipromosikan dan dipertahankan, kelompok rencana suksesi instansi/nasional, penghargaan"
    )


# --- encoding answers -------------------------------------------------------------------------

MIXED = [sjt("s", "M.01"), mc("m"), likert("k")]


def test_encoding_reads_letters_numbers_and_blanks_as_importers_deliver_them():
    rows = [
        ["A", "e", 1],
        [" b ", "", 5.0],
        [None, "C", "3"],
        ["", None, None],
        ["D", "B", math.nan],
    ]
    assert encode_answers(rows, MIXED).tolist() == [
        [1, 5, 1],
        [2, 0, 5],
        [0, 3, 3],
        [0, 0, 0],
        [4, 2, 0],
    ]


def test_encoding_rejects_out_of_range_answers_naming_row_item_and_value():
    rows = [["A", "A", 3], ["F", "A", 7], ["A", 2, True], ["A", "AB", 0]]
    with pytest.raises(AnswerError) as caught:
        encode_answers(rows, MIXED)
    found = [(p.row, p.item, p.value) for p in caught.value.problems]
    assert found == [
        (1, "s", "F"),
        (1, "k", 7),
        (2, "m", 2),
        (2, "k", True),
        (3, "m", "AB"),
        (3, "k", 0),
    ]
    assert "row 1, item s: 'F'" in str(caught.value)


def test_encoding_rejects_a_row_of_the_wrong_length():
    with pytest.raises(AnswerError, match="row 0"):
        encode_answers([["A", "A"]], MIXED)


def test_scoring_rejects_an_encoded_matrix_with_codes_out_of_range():
    with pytest.raises(AnswerError, match="item k"):
        score(MIXED[1:], np.array([[1, 6]]), np.ones((1, 9), int), es_scales=("ES.AD",))


def test_scoring_encodes_raw_answers_itself():
    items = ONE_PER_COMPETENCY
    raw = np.array([["C"] * 9], dtype=object)
    assert score(items, raw, np.ones((1, 9), dtype=int)).jpm[0] == 100.0


def test_an_instrument_with_an_unusable_key_is_refused():
    with pytest.raises(ValueError, match="SJT key"):
        score([sjt("s", "M.01", {"A": 5, "B": 3})], np.zeros((0, 1), int), np.zeros((0, 9), int))
    with pytest.raises(ValueError, match="appears twice"):
        score([mc("x"), mc("x")], np.zeros((0, 2), int), np.zeros((0, 9), int))


# --- properties over random cohorts -----------------------------------------------------------


@st.composite
def cohorts(draw):
    items = []
    for code in COMPETENCY_CODES:
        for i in range(draw(st.integers(1, 3))):
            scores = draw(st.lists(st.integers(1, 5), min_size=5, max_size=5))
            items.append(sjt(f"{code}-{i}", code, dict(zip("ABCDE", scores, strict=True))))
    for pillar in LD_PILLARS:
        for i in range(draw(st.integers(0, 2))):
            items.append(mc(f"{pillar}-{i}", pillar, draw(st.sampled_from("ABCDE"))))
    for scale in ES_SCALES[:3]:
        for i in range(draw(st.integers(1, 3))):
            items.append(likert(f"{scale}-{i}", scale, draw(st.booleans())))
    n = draw(st.integers(1, 25))
    codes = draw(st.lists(st.integers(0, 5), min_size=n * len(items), max_size=n * len(items)))
    required = draw(st.lists(st.integers(1, 5), min_size=n * 9, max_size=n * 9))
    order = draw(st.permutations(range(n)))
    answers = np.array(codes, dtype=np.int8).reshape(n, len(items))
    return items, answers, np.array(required).reshape(n, 9), np.array(order)


def assert_same(left: Scores, right: Scores) -> None:
    for field in dataclasses.fields(Scores):
        np.testing.assert_array_equal(getattr(left, field.name), getattr(right, field.name))


@settings(max_examples=150, deadline=None)
@given(cohorts())
def test_scoring_the_same_input_twice_gives_identical_results(cohort):
    items, answers, required, _ = cohort
    scales = ES_SCALES[:3]
    assert_same(
        score(items, answers, required, es_scales=scales),
        score(items, answers.copy(), required.copy(), es_scales=scales),
    )


@settings(max_examples=150, deadline=None)
@given(cohorts())
def test_reordering_participants_only_reorders_the_results(cohort):
    items, answers, required, order = cohort
    scales = ES_SCALES[:3]
    whole = score(items, answers, required, es_scales=scales)
    shuffled = score(items, answers[order], required[order], es_scales=scales)
    reordered = Scores(
        **{
            f.name: getattr(whole, f.name)[order] if f.name != "es_scales" else whole.es_scales
            for f in dataclasses.fields(Scores)
        }
    )
    assert_same(shuffled, reordered)


@settings(max_examples=150, deadline=None)
@given(cohorts())
def test_levels_and_categories_agree_with_the_figures_shown(cohort):
    items, answers, required, _ = cohort
    result = score(items, answers, required, es_scales=ES_SCALES[:3])
    assert ((result.level >= 1) & (result.level <= 5)).all()
    assert ((result.jpm >= 0) & (result.jpm <= 100)).all()
    expected = np.where(
        result.jpm >= 90, "Optimal", np.where(result.jpm >= 78, "Cukup Optimal", "Kurang Optimal")
    )
    assert result.jpm_category.tolist() == expected.tolist()
    known = ~np.isnan(result.potential)
    assert (result.potential_category[~known] == None).all()  # noqa: E711 - elementwise
    has_ld = any(item.component == "LD" for item in items)
    assert known.tolist() == (result.es_complete & has_ld).tolist()

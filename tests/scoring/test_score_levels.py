"""scoring.core.score_levels: pre-scored results (levels, LD, ES given), worked by hand.

Runs without Django: pytest tests/scoring/test_score_levels.py -p no:django --noconftest

JPM = 100 x sum(min(level, required)) / sum(required) has a denominator of at most 45 (nine
levels of at most 5), so it is never exactly 78.00: the Cukup Optimal boundary is worked with
the nearest values (77.78 and 78.05) and, for "the category follows the ROUNDED figure", with
a threshold set to a rounded figure.
"""

import math

import numpy as np
import pytest

from scoring.answer_codes import encode_answers
from scoring.core import (
    COMPETENCY_CODES,
    ES_SCALES,
    LD_PILLARS,
    Item,
    Settings,
    score,
    score_levels,
)

NAN = math.nan
IDENTITY = {"A": 1, "B": 2, "C": 3, "D": 4, "E": 5}  # an option's letter is its score


def one(levels, required, ld=70.0, es=70.0, **kwargs):
    """score_levels for one participant."""
    return score_levels(
        np.array([levels]), np.array([required]), np.array([ld]), np.array([es]), **kwargs
    )


@pytest.mark.parametrize(
    ("levels", "required", "jpm", "category", "gap"),
    [
        # Every level meets its requirement.
        ([3] * 9, [3] * 9, 100.0, "Optimal", [0] * 9),
        # 9 / 10 = 90.00 exactly: Optimal starts there.
        ([1] * 9, [2] + [1] * 8, 90.0, "Optimal", [-1] + [0] * 8),
        # 25 / 27: an excess (5 > 3) does not make up for a shortfall (1 < 3).
        ([5] * 8 + [1], [3] * 9, 92.59, "Optimal", [2] * 8 + [-2]),
        # 32 / 41 = 78.0487...: just above 78, Cukup Optimal.
        (
            [5, 5, 5, 5, 5, 4, 1, 1, 1],
            [5] * 5 + [4] * 4,
            78.05,
            "Cukup Optimal",
            [0] * 6 + [-3] * 3,
        ),
        # 21 / 27 = 77.777...: just below 78, Kurang Optimal.
        ([3] * 6 + [1] * 3, [3] * 9, 77.78, "Kurang Optimal", [0] * 6 + [-2] * 3),
    ],
)
def test_jpm_and_gaps_follow_from_the_given_levels(levels, required, jpm, category, gap):
    result = one(levels, required)
    assert result.jpm[0] == jpm
    assert result.jpm_category[0] == category
    assert result.level.tolist() == [levels]
    assert result.gap.tolist() == [gap]


def test_the_jpm_category_compares_the_rounded_figure():
    # 21 / 27 = 77.777... is shown as 77.78; with Cukup Optimal from 77.78 it is Cukup Optimal.
    result = one([3] * 6 + [1] * 3, [3] * 9, settings=Settings(jpm_cukup=77.78))
    assert result.jpm[0] == 77.78
    assert result.jpm_category[0] == "Cukup Optimal"


@pytest.mark.parametrize(
    ("ld", "es", "potential", "category"),
    [
        # JPM 100: 0.50 x 100 + 0.25 x 70 + 0.25 x 70 = 85.00, Tinggi starts there.
        (70.0, 70.0, 85.0, "Tinggi"),
        # 50 + 17.5 + 17.49 = 84.99: Menengah.
        (70.0, 69.96, 84.99, "Menengah"),
        # 50 + 17.4975 + 17.5 = 84.9975, shown as 85.00: Tinggi, as the figure says.
        (69.99, 70.0, 85.0, "Tinggi"),
        # 50 + 10 + 10 = 70.00: Menengah starts there.
        (40.0, 40.0, 70.0, "Menengah"),
        # 50 + 0 + 19.99 = 69.99: Rendah.
        (0.0, 79.96, 69.99, "Rendah"),
    ],
)
def test_potential_is_the_weighted_mean_of_jpm_ld_and_es(ld, es, potential, category):
    result = one([3] * 9, [3] * 9, ld=ld, es=es)
    assert result.potential[0] == potential
    assert result.potential_category[0] == category


def test_missing_es_gives_no_potential():
    result = one([3] * 9, [3] * 9, ld=80.0, es=NAN)
    assert math.isnan(result.es_score[0]) and not result.es_complete[0]
    assert math.isnan(result.potential[0]) and result.potential_category[0] is None
    assert result.ld_score[0] == 80.0 and result.jpm[0] == 100.0  # the rest is still there


def test_missing_ld_gives_no_potential():
    result = one([3] * 9, [3] * 9, ld=NAN, es=80.0)
    assert result.es_complete[0]
    assert math.isnan(result.potential[0]) and result.potential_category[0] is None


def test_a_component_with_weight_0_is_not_needed():
    settings = Settings(weight_es=0)
    # (50 x 100 + 25 x 70) / 75 = 90.00, without an ES score.
    result = one([3] * 9, [3] * 9, ld=70.0, es=NAN, settings=settings)
    assert result.potential[0] == 90.0 and result.potential_category[0] == "Tinggi"
    # An ES score is then not counted either.
    assert one([3] * 9, [3] * 9, ld=70.0, es=0.0, settings=settings).potential[0] == 90.0
    # LD still has weight, so it is still needed.
    assert math.isnan(one([3] * 9, [3] * 9, ld=NAN, es=NAN, settings=settings).potential[0])


def test_what_a_file_of_scores_does_not_carry_is_nan():
    result = score_levels(
        np.array([[3] * 9, [4] * 9]),
        np.full((2, 9), 3),
        np.array([12.345, 66.666]),
        np.array([50.0, NAN]),
        es_scales=ES_SCALES[:4],
    )
    assert result.competency_score.shape == (2, 9) and np.isnan(result.competency_score).all()
    assert result.ld_pillar.shape == (2, len(LD_PILLARS)) and np.isnan(result.ld_pillar).all()
    assert result.es_scale.shape == (2, 4) and np.isnan(result.es_scale).all()
    assert result.es_t.shape == (2, 4) and np.isnan(result.es_t).all()
    assert result.es_scales == ES_SCALES[:4]
    # Given scores are rounded half-up once; 12.345 is stored in binary as 12.3449999...
    assert result.ld_score.tolist() == [12.35, 66.67]
    assert result.es_score[0] == 50.0 and result.es_complete.tolist() == [True, False]


def test_scores_agree_with_scoring_the_answers():
    """The levels, LD and ES that `score` computes, given to score_levels, give the same JPM,
    gaps, categories and potential."""
    items = (
        [Item(f"S{i}", "MSK", code, "SJT", IDENTITY) for i, code in enumerate(COMPETENCY_CODES)]
        + [Item(f"L{i}", "LD", pillar, "MC", "A") for i, pillar in enumerate(LD_PILLARS)]
        + [Item(f"E{i}", "ES", scale, "LIKERT", None) for i, scale in enumerate(ES_SCALES)]
    )
    rows = [
        list("ABCDEABCD") + list("AAAB") + [4] * 6,
        list("EEEEEEEEA") + list("ABBB") + [5] * 6,
        list("CCCCCCCCC") + list("AAAA") + [2] * 6,
    ]
    required = np.array([[3] * 9, [4] * 9, [2] * 9])
    computed = score(items, encode_answers(rows, items), required)
    given = score_levels(computed.level, required, computed.ld_score, computed.es_score)
    for name in ("level", "gap", "jpm", "jpm_category", "potential", "potential_category"):
        assert getattr(given, name).tolist() == getattr(computed, name).tolist(), name


def test_an_empty_cohort():
    result = score_levels(np.array([]), np.zeros((0, 9), int), np.array([]), np.array([]))
    assert result.level.shape == (0, 9) and result.potential.shape == (0,)


@pytest.mark.parametrize(
    ("levels", "required", "ld", "es", "message"),
    [
        ([[6] * 9], [[3] * 9], [50.0], [50.0], "levels must be 1-5"),
        ([[0] * 9], [[3] * 9], [50.0], [50.0], "levels must be 1-5"),
        ([[3.5] * 9], [[3] * 9], [50.0], [50.0], "levels must be an int array"),
        ([[3] * 8], [[3] * 9], [50.0], [50.0], "levels must be an int array"),
        ([[3] * 9], [[0] * 9], [50.0], [50.0], "required levels must be 1-5"),
        ([[3] * 9], [[3] * 9], [100.01], [50.0], "ld scores must be 0-100"),
        ([[3] * 9], [[3] * 9], [50.0], [-1.0], "es scores must be 0-100"),
        ([[3] * 9], [[3] * 9], [50.0, 50.0], [50.0], r"ld must have shape \(1,\)"),
    ],
)
def test_inputs_out_of_range_are_refused(levels, required, ld, es, message):
    with pytest.raises(ValueError, match=message):
        score_levels(np.array(levels), np.array(required), np.array(ld), np.array(es))

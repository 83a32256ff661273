"""The pure side of ES norms: T-scores against a norm or the cohort, and percentiles."""

import numpy as np
import pytest

from scoring import norms


def test_the_percentile_is_the_normal_cdf_of_the_t_score_half_up_within_1_to_99():
    assert norms.percentile(50.0) == 50
    assert norms.percentile(60.0) == 84  # 84.13
    assert norms.percentile(40.0) == 16  # 15.87
    assert norms.percentile(70.0) == 98  # 97.72
    assert norms.percentile(80.0) == 99 and norms.percentile(10.0) == 1  # kept in 1..99
    assert norms.percentile(None) is None and norms.percentile(float("nan")) is None
    assert norms.percentiles(None) == [] and norms.percentiles([50.0, None]) == [50, None]


def test_against_a_norm_each_person_is_scored_alone():
    scale = np.array([[3.0, np.nan], [4.0, 2.0]])
    norm = [norms.ScaleNorm(3.5, 0.5), norms.ScaleNorm(2.5, 0.25)]
    t = norms.t_scores(scale, norm)
    assert t[0, 0] == 40.0 and t[1, 0] == 60.0 and np.isnan(t[0, 1]) and t[1, 1] == 30.0
    assert norms.t_scores(scale[1:], norm)[0].tolist() == t[1].tolist()


def test_the_cohort_figures_are_those_the_cohort_t_scores_use():
    scale = np.array([[1.0, 3.0], [3.0, 3.0], [np.nan, 3.0]])
    figures = norms.cohort_figures(scale)
    assert figures == [norms.ScaleNorm(2.0, 1.0, 2), norms.ScaleNorm(3.0, 0.0, 3)]
    assert norms.t_scores(scale)[:2].tolist() == [[40.0, 50.0], [60.0, 50.0]]
    assert norms.cohort_figures(np.full((2, 1), np.nan)) == [None]


def test_a_norm_without_spread_is_refused():
    with pytest.raises(ValueError, match="must be > 0"):
        norms.t_scores(np.array([[3.0]]), [norms.ScaleNorm(3.0, 0.0)])

"""ES T-scores against a reference (the event's own cohort, or a stored norm), the cohort's
figures and the percentile read from a T-score (NumPy and the standard library, no Django).

docs/rules.md#es-norms-and-percentiles is the rule. What this module decides:

- Against the cohort, the mean and sd are those of the cohort's valid scale means, sorted so
  the order of participants does not matter, population sd; all values equal gives T = 50.
  These are exactly the figures a run without a stored norm has always used.
- Against a stored norm, T = 50 + 10 (x - mean) / sd with the norm's mean and sd (sd > 0);
  the cohort plays no part, so one person scored alone gets the same T as in a large event.
- The percentile is 100 x the standard normal CDF of z = (T - 50) / 10, read from the T-score
  as stored (rounded to 2 decimals), rounded half-up to a whole number and kept in 1..99: a
  normal model says neither "nobody" nor "everybody" of the reference scores below a person.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

PERCENTILE_MIN, PERCENTILE_MAX = 1, 99


@dataclass(frozen=True)
class ScaleNorm:
    """The reference of one ES scale: the mean and sd of scale means 1-5, and how many people
    they came from (None when entered by hand)."""

    mean: float
    sd: float
    n: int | None = None

    def as_json(self) -> dict:
        return {"mean": self.mean, "sd": self.sd, "n": self.n}

    @classmethod
    def from_json(cls, data: dict) -> ScaleNorm:
        return cls(mean=float(data["mean"]), sd=float(data["sd"]), n=data.get("n"))


def cohort_figures(scale: np.ndarray) -> list[ScaleNorm | None]:
    """Per column of the (n, k) scale means (NaN: no score) the cohort's mean and population
    sd, as the T-scores against the cohort use them; None for a scale nobody has a score on.
    An sd of exactly 0 (everyone equal) is reported as 0.0."""
    figures: list[ScaleNorm | None] = []
    for j in range(scale.shape[1]):
        cohort = np.sort(scale[~np.isnan(scale[:, j]), j])
        if len(cohort) == 0:
            figures.append(None)
        elif cohort[0] == cohort[-1]:  # a computed std might be a tiny epsilon
            figures.append(ScaleNorm(mean=float(cohort[0]), sd=0.0, n=len(cohort)))
        else:
            figures.append(
                ScaleNorm(mean=float(cohort.mean()), sd=float(cohort.std()), n=len(cohort))
            )
    return figures


def t_scores(scale: np.ndarray, norm: Sequence[ScaleNorm] | None = None) -> np.ndarray:
    """The unrounded T-scores of the (n, k) scale means (NaN where no score): against the
    cohort when norm is None, else against norm[j] for column j."""
    if norm is None:
        return cohort_t_scores(scale, cohort_figures(scale))
    t = np.full(scale.shape, np.nan)
    for j, reference in enumerate(norm):
        if not reference.sd > 0:
            raise ValueError(f"the norm of scale {j} has sd {reference.sd}; it must be > 0")
        valid = ~np.isnan(scale[:, j])
        t[valid, j] = 50 + 10 * (scale[valid, j] - reference.mean) / reference.sd
    return t


def cohort_t_scores(scale: np.ndarray, figures: Sequence[ScaleNorm | None]) -> np.ndarray:
    """The unrounded T-scores of the (n, k) scale means against a cohort's figures
    (cohort_figures, of these people or of a larger cohort they belong to): no T where the
    cohort has no figure, 50 for everyone where its sd is 0 (all equal)."""
    t = np.full(scale.shape, np.nan)
    for j, figure in enumerate(figures):
        if figure is None:
            continue
        valid = ~np.isnan(scale[:, j])
        if figure.sd == 0:
            t[valid, j] = 50.0
        else:
            t[valid, j] = 50 + 10 * (scale[valid, j] - figure.mean) / figure.sd
    return t


def percentile(t: float | None) -> int | None:
    """The percentile of a stored T-score: 100 x Phi((T - 50) / 10), half-up, within 1..99."""
    if t is None or (isinstance(t, float) and math.isnan(t)):
        return None
    z = (float(t) - 50) / 10
    share = 0.5 * (1 + math.erf(z / math.sqrt(2)))
    return min(PERCENTILE_MAX, max(PERCENTILE_MIN, math.floor(100 * share + 0.5)))


def percentiles(values: Sequence[float | None] | None) -> list[int | None]:
    """percentile() of each stored T-score of a result (an empty list stays empty)."""
    return [percentile(t) for t in values or []]

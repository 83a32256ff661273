"""CACT scoring: answers in, MSK levels, JPM, LD, ES and potential out (NumPy, no Django).

Implements docs/rules.md#scoring, one row per participant, vectorised over the cohort.
Where the rules leave room, this module decides:

- Rounding is half-up to 2 decimals, applied once to the final figures (`round_half_up`).
  Ties round away from zero, as Excel's ROUND does, so a manager checking a figure by hand in
  Excel gets the same digits. Levels are rounded from the exact mean (integer arithmetic), not
  from the 2-decimal score.
- Categories (JPM, potential) compare the ROUNDED figure with the thresholds, so the category
  always agrees with the number printed next to it: a potential shown as 85.00 is Tinggi.
- A component with weight 0 is not part of the potential, so it is not needed for one.
- A component the instrument has no items for is NaN for everyone (levels 0 = NO_LEVEL, gaps
  0). An MSK instrument must measure all nine competencies, and every configured ES scale must
  have items: JPM and the ES score are not defined on part of them.
- T-scores (scoring/norms.py) use the cohort sorted, or a stored norm; never participant order.
- Pre-scored results (`score_levels`: levels, LD and ES delivered as numbers) share the JPM,
  gap, category and potential code of `score`; what the file does not carry (competency
  scores, LD pillars, ES scales and T-scores) is NaN.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from participants.competencies import COMPETENCY_CODES, MAX_LEVEL, MIN_LEVEL
from scoring.answer_codes import UNANSWERED, AnswerError, AnswerProblem, encode_answers
from scoring.norms import t_scores
from scoring.rounding import round_half_up

LD_PILLARS = ("LD.DS", "LD.DC", "LD.DE", "LD.DF")
ES_SCALES = ("ES.AD", "ES.BK", "ES.KI", "ES.KO", "ES.PB", "ES.KE")
OPTIONS = ("A", "B", "C", "D", "E")
NO_LEVEL = 0

JPM_OPTIMAL, JPM_CUKUP, JPM_KURANG = "Optimal", "Cukup Optimal", "Kurang Optimal"
TINGGI, MENENGAH, RENDAH = "Tinggi", "Menengah", "Rendah"

_KIND = {"MSK": "SJT", "LD": "MC", "ES": "LIKERT"}


@dataclass(frozen=True)
class Item:
    code: str
    component: str  # "MSK" | "LD" | "ES"
    scale: str  # competency code, LD pillar or ES scale
    kind: str  # "SJT" | "MC" | "LIKERT"
    key: dict[str, int] | str | None  # SJT: score of each option A-E; MC: the correct letter
    reverse: bool = False  # LIKERT reverse-keyed


@dataclass(frozen=True)
class Settings:
    """Every number of the rules; the defaults are docs/rules.md#settings-and-defaults."""

    sjt_unanswered: int = 1
    jpm_optimal: float = 90.0
    jpm_cukup: float = 78.0
    weight_msk: float = 50.0
    weight_ld: float = 25.0
    weight_es: float = 25.0
    potential_tinggi: float = 85.0
    potential_menengah: float = 70.0
    es_max_unanswered_share: float = 0.5  # a scale with MORE than this share unanswered: no score

    def __post_init__(self) -> None:
        weights = (self.weight_msk, self.weight_ld, self.weight_es)
        if min(weights) < 0 or sum(weights) <= 0:
            raise ValueError(f"weights must be >= 0 with a positive sum, not {weights}")
        if not 0 <= self.sjt_unanswered <= MAX_LEVEL:
            raise ValueError(f"sjt_unanswered must be 0-5, not {self.sjt_unanswered}")
        if not 0 <= self.es_max_unanswered_share < 1:
            raise ValueError("es_max_unanswered_share must be at least 0 and below 1")
        if self.jpm_cukup > self.jpm_optimal or self.potential_menengah > self.potential_tinggi:
            raise ValueError("a lower category's threshold is above the higher one's")


@dataclass
class Scores:
    """One row per participant, in input order; NaN where there is no value; rounded."""

    competency_score: np.ndarray  # (n, 9) mean SJT score per competency
    level: np.ndarray  # (n, 9) int 1-5; NO_LEVEL when the instrument has no MSK items
    gap: np.ndarray  # (n, 9) int level - required; 0 with NO_LEVEL
    jpm: np.ndarray  # (n,)
    jpm_category: np.ndarray  # (n,) object: JPM_OPTIMAL | JPM_CUKUP | JPM_KURANG | None
    ld_score: np.ndarray  # (n,)
    ld_pillar: np.ndarray  # (n, 4) in LD_PILLARS order
    es_scale: np.ndarray  # (n, k) scale means 1-5, in es_scales order
    es_t: np.ndarray  # (n, k) T-scores against the cohort
    es_score: np.ndarray  # (n,)
    es_complete: np.ndarray  # (n,) bool
    potential: np.ndarray  # (n,)
    potential_category: np.ndarray  # (n,) object: TINGGI | MENENGAH | RENDAH | None
    es_scales: tuple[str, ...] = field(default=ES_SCALES)  # column labels of es_scale, es_t


def score(
    items: Sequence[Item],
    answers: np.ndarray,
    required: np.ndarray,
    settings: Settings = Settings(),  # noqa: B008 - frozen, so a shared default is safe
    es_scales: Sequence[str] = ES_SCALES,
) -> Scores:
    """Score every participant. answers: the int matrix of `encode_answers` (or raw cells,
    which are encoded first); required: (n, 9) required levels 1-5 in COMPETENCY_CODES order."""
    items, es_scales = list(items), tuple(es_scales)
    _check_items(items, es_scales)
    codes = np.asarray(answers)
    if codes.dtype.kind in "OUS":
        codes = encode_answers(codes.tolist(), items)
    codes = _check_codes(codes, items)
    req = _check_required(required, len(codes))

    competency, level, jpm = _msk(items, codes, req, settings)
    ld, ld_pillar = _ld(items, codes)
    es_scale, es_t, es, es_complete = _es(items, codes, es_scales, settings)
    return _assemble(
        settings,
        es_scales,
        competency=competency,
        level=level,
        required=req,
        jpm=jpm,
        ld=ld,
        ld_pillar=ld_pillar,
        es_scale=es_scale,
        es_t=es_t,
        es=es,
        es_complete=es_complete,
    )


def score_levels(
    levels: np.ndarray,
    required: np.ndarray,
    ld: np.ndarray,
    es: np.ndarray,
    settings: Settings = Settings(),  # noqa: B008 - frozen, so a shared default is safe
    es_scales: Sequence[str] = ES_SCALES,
) -> Scores:
    """Score pre-scored results (docs/rules.md#pre-scored-results): the levels are given, so
    there are no competency scores, LD pillars or ES scales (NaN), only what follows from the
    levels (gap, JPM) and the given LD and ES scores, with the same rules as `score`.

    levels, required: (n, 9) ints 1-5 in COMPETENCY_CODES order; ld, es: (n,) scores 0-100,
    NaN where the file had none (then no potential, unless that component's weight is 0)."""
    es_scales = tuple(es_scales)
    level = np.asarray(levels)
    if level.size == 0:  # np.array([]) of an empty cohort is (0,) float
        level = np.zeros((0, len(COMPETENCY_CODES)), dtype=np.int8)
    n = len(level)
    if level.shape != (n, len(COMPETENCY_CODES)) or level.dtype.kind not in "iu":
        raise ValueError(f"levels must be an int array of shape ({n}, 9)")
    if level.size and (level.min() < MIN_LEVEL or level.max() > MAX_LEVEL):
        raise ValueError("levels must be 1-5")
    req = _check_required(required, n)
    ld_, es_ = (_check_component(name, values, n) for name, values in (("ld", ld), ("es", es)))
    k = len(es_scales)
    return _assemble(
        settings,
        es_scales,
        competency=np.full((n, len(COMPETENCY_CODES)), np.nan),
        level=level.astype(np.int8),
        required=req,
        jpm=_jpm(level, req),
        ld=ld_,
        ld_pillar=np.full((n, len(LD_PILLARS)), np.nan),
        es_scale=np.full((n, k), np.nan),
        es_t=np.full((n, k), np.nan),
        es=es_,
        es_complete=~np.isnan(es_),
    )


def _check_required(required: np.ndarray, n: int) -> np.ndarray:
    req = np.asarray(required)
    if req.shape != (n, len(COMPETENCY_CODES)) or req.dtype.kind not in "iu":
        raise ValueError(f"required must be an int array of shape ({n}, 9)")
    if req.size and (req.min() < MIN_LEVEL or req.max() > MAX_LEVEL):
        raise ValueError("required levels must be 1-5")
    return req.astype(np.int64)


def _check_component(name: str, values: np.ndarray, n: int) -> np.ndarray:
    x = np.asarray(values, dtype=np.float64)
    if x.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},)")
    known = x[~np.isnan(x)]
    if known.size and (known.min() < 0 or known.max() > 100):
        raise ValueError(f"{name} scores must be 0-100 or NaN")
    return x


def _jpm(level: np.ndarray, required: np.ndarray) -> np.ndarray:
    """Rule 2, unrounded: an excess in one competency does not make up for another's gap."""
    return 100 * np.minimum(level, required).sum(axis=1) / required.sum(axis=1)


def target_match(level: np.ndarray, required: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Levels against a succession target's levels ((9,) or (n, 9)): per row the JPM of
    rule 2 rounded half-up, and the sum of the shortfalls below the target."""
    level = np.asarray(level, dtype=np.int64)
    required = np.broadcast_to(np.asarray(required, dtype=np.int64), level.shape)
    shortfall = np.maximum(required - level, 0).sum(axis=1)
    return round_half_up(_jpm(level, required)), shortfall


def _assemble(
    settings: Settings,
    es_scales: tuple[str, ...],
    *,
    competency: np.ndarray,
    level: np.ndarray,
    required: np.ndarray,
    jpm: np.ndarray,
    ld: np.ndarray,
    ld_pillar: np.ndarray,
    es_scale: np.ndarray,
    es_t: np.ndarray,
    es: np.ndarray,
    es_complete: np.ndarray,
) -> Scores:
    """The unrounded figures -> Scores: gaps, categories and the potential, rounded once."""
    jpm_r, es_r = round_half_up(jpm), round_half_up(es)
    parts = [(settings.weight_msk, jpm), (settings.weight_ld, ld), (settings.weight_es, es)]
    weighted = sum(w * v for w, v in parts if w > 0)  # zero weight: not needed, not counted
    potential = round_half_up(weighted / sum(w for w, _ in parts))
    s = settings
    return Scores(
        competency_score=round_half_up(competency),
        level=level,
        gap=np.where(level == NO_LEVEL, 0, level - required).astype(np.int8),
        jpm=jpm_r,
        jpm_category=_category(
            jpm_r, s.jpm_optimal, s.jpm_cukup, JPM_OPTIMAL, JPM_CUKUP, JPM_KURANG
        ),
        ld_score=round_half_up(ld),
        ld_pillar=round_half_up(ld_pillar),
        es_scale=round_half_up(es_scale),
        es_t=round_half_up(es_t),
        es_score=es_r,
        es_complete=es_complete,
        potential=potential,
        potential_category=_category(
            potential, s.potential_tinggi, s.potential_menengah, TINGGI, MENENGAH, RENDAH
        ),
        es_scales=es_scales,
    )


def _check_items(items: list[Item], es_scales: tuple[str, ...]) -> None:
    scales = {"MSK": COMPETENCY_CODES, "LD": LD_PILLARS, "ES": es_scales}
    seen: set[str] = set()
    for item in items:
        where = f"item {item.code!r}"
        if item.code in seen:
            raise ValueError(f"{where} appears twice")
        seen.add(item.code)
        if _KIND.get(item.component) != item.kind or item.scale not in scales[item.component]:
            raise ValueError(f"{where}: {item.component}/{item.kind}/{item.scale} do not fit")
        if item.kind == "SJT" and not (
            isinstance(item.key, dict)
            and sorted(item.key) == list(OPTIONS)
            and all(type(v) is int and MIN_LEVEL <= v <= MAX_LEVEL for v in item.key.values())
        ):
            raise ValueError(f"{where}: an SJT key scores each option A-E with 1-5")
        if item.kind == "MC" and item.key not in OPTIONS:
            raise ValueError(f"{where}: an MC key is one letter A-E")
    for component in ("MSK", "ES"):
        present = {item.scale for item in items if item.component == component}
        missing = [code for code in scales[component] if code not in present]
        if present and missing:
            raise ValueError(f"the instrument has no {component} items for {', '.join(missing)}")


def _check_codes(codes: np.ndarray, items: list[Item]) -> np.ndarray:
    if codes.ndim != 2 or codes.shape[1] != len(items) or codes.dtype.kind not in "iu":
        raise ValueError(f"answers must be an int matrix with one column per item ({len(items)})")
    bad = np.argwhere((codes < UNANSWERED) | (codes > len(OPTIONS)))
    if len(bad):
        raise AnswerError(
            [
                AnswerProblem(int(r), items[c].code, int(codes[r, c]), "Kode jawaban harus 0-5.")
                for r, c in bad
            ]
        )
    return codes


def _group_sums(values: np.ndarray, groups: np.ndarray, count: int) -> np.ndarray:
    """(n, m) integer values summed per column group -> (n, count); exact below 2**53."""
    onehot = np.zeros((len(groups), count))
    onehot[np.arange(len(groups)), groups] = 1
    return values.astype(np.float64) @ onehot


def _columns(items: list[Item], component: str, scales: Sequence[str]) -> tuple[list, np.ndarray]:
    columns = [i for i, item in enumerate(items) if item.component == component]
    return columns, np.array([scales.index(items[i].scale) for i in columns], dtype=np.intp)


def _msk(
    items: list[Item], codes: np.ndarray, required: np.ndarray, settings: Settings
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n, k = len(codes), len(COMPETENCY_CODES)
    columns, groups = _columns(items, "MSK", COMPETENCY_CODES)
    if not columns:
        return np.full((n, k), np.nan), np.full((n, k), NO_LEVEL, np.int8), np.full(n, np.nan)
    # Row i of the table: what answer code 0-5 scores on item i (code 0 = unanswered).
    table = np.array(
        [[settings.sjt_unanswered, *(items[i].key[o] for o in OPTIONS)] for i in columns]
    )
    item_scores = table[np.arange(len(columns)), codes[:, columns]]
    sums = np.rint(_group_sums(item_scores, groups, k)).astype(np.int64)
    counts = np.bincount(groups, minlength=k)
    # Half-up of sums / counts in integers, so a mean of exactly 2.5 is always level 3.
    level = np.clip((2 * sums + counts) // (2 * counts), MIN_LEVEL, MAX_LEVEL)
    return sums / counts, level.astype(np.int8), _jpm(level, required)


def _ld(items: list[Item], codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n = len(codes)
    columns, groups = _columns(items, "LD", LD_PILLARS)
    if not columns:
        return np.full(n, np.nan), np.full((n, len(LD_PILLARS)), np.nan)
    keys = np.array([OPTIONS.index(items[i].key) + 1 for i in columns])
    correct = codes[:, columns] == keys  # unanswered (0) never equals a key: wrong
    counts = np.bincount(groups, minlength=len(LD_PILLARS))
    with np.errstate(invalid="ignore", divide="ignore"):
        pillar = np.where(
            counts > 0, 100 * _group_sums(correct, groups, len(counts)) / counts, np.nan
        )
    return 100 * correct.sum(axis=1) / len(columns), pillar


def _es(
    items: list[Item], codes: np.ndarray, scales: tuple[str, ...], settings: Settings
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    n, k = len(codes), len(scales)
    columns, groups = _columns(items, "ES", scales)
    if not columns:
        nothing = np.full((n, k), np.nan)
        return nothing, nothing.copy(), np.full(n, np.nan), np.zeros(n, dtype=bool)
    answers = codes[:, columns].astype(np.int64)
    answered = answers > 0
    reverse = np.array([items[i].reverse for i in columns])
    item_scores = np.where(reverse, 6 - answers, answers) * answered
    sums = _group_sums(item_scores, groups, k)
    answered_count = _group_sums(answered, groups, k)
    size = np.bincount(groups, minlength=k)
    # Strictly more than the share unanswered has no score; the 1e-9 because 0.29 * 100 is
    # 28.999999999999996 in binary, and 29 of 100 unanswered is not more than 29%.
    valid = size - answered_count <= settings.es_max_unanswered_share * size + 1e-9
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.where(valid, sums / answered_count, np.nan)
    complete = valid.all(axis=1)
    es = np.where(complete, 100 * (scale.mean(axis=1) - 1) / 4, np.nan)
    return scale, t_scores(scale), es, complete


def _category(
    values: np.ndarray, high: float, middle: float, *labels: str
) -> np.ndarray:  # labels: high, middle, low
    out = np.full(values.shape, None, dtype=object)
    known = ~np.isnan(values)
    out[known] = np.select([values[known] >= high, values[known] >= middle], labels[:2], labels[2])
    return out


def es_scale_means(
    items: Sequence[Item],
    answers: np.ndarray,
    settings: Settings = Settings(),  # noqa: B008 - frozen, so a shared default is safe
    es_scales: Sequence[str] = ES_SCALES,
) -> np.ndarray:
    """The unrounded ES scale means (n, k) of encoded answers, NaN where a scale has no score,
    the same figures `score` gives: a score run's start reads the whole event's mean and sd
    from them, its chunks the T-scores against those or the event's stored norm
    (scoring/norms.py)."""
    items, es_scales = list(items), tuple(es_scales)
    _check_items(items, es_scales)
    codes = _check_codes(np.asarray(answers), items)
    return _es(items, codes, es_scales, settings)[0]

"""Scoring at national scale: 100,000 participants x 104 items (54 SJT, 20 MC, 30 Likert).

Run alone: `python -m bench.scoring`. Peak memory is the whole process's, building included.
"""

import time

import numpy as np

from bench.memory import peak_mb, reset
from scoring.answer_codes import encode_answers
from scoring.core import COMPETENCY_CODES, ES_SCALES, LD_PILLARS, OPTIONS, Item, score

PARTICIPANTS, ENCODED_ROWS, UNANSWERED_SHARE = 100_000, 10_000, 0.03


def build_items(rng: np.random.Generator) -> list[Item]:
    items = []
    for competency in COMPETENCY_CODES:
        for i in range(6):
            scores = rng.permutation(5) + 1  # each option a different score 1-5
            key = {option: int(s) for option, s in zip(OPTIONS, scores, strict=True)}
            items.append(Item(f"{competency}-{i}", "MSK", competency, "SJT", key))
    for pillar in LD_PILLARS:
        for i in range(5):
            key = OPTIONS[int(rng.integers(5))]
            items.append(Item(f"{pillar}-{i}", "LD", pillar, "MC", key))
    for scale in ES_SCALES:
        for i in range(5):
            items.append(Item(f"{scale}-{i}", "ES", scale, "LIKERT", None, reverse=i % 3 == 2))
    return items


def build_answers(rng: np.random.Generator, n: int, items: int) -> np.ndarray:
    codes = rng.integers(1, 6, size=(n, items), dtype=np.int8)
    codes[rng.random((n, items)) < UNANSWERED_SHARE] = 0
    return codes


def as_cells(codes: np.ndarray, items: list[Item]) -> list[list[object]]:
    """What an importer hands over: letters, Likert ints, None for an empty cell."""
    letters = [None, *OPTIONS]
    likert = [item.kind == "LIKERT" for item in items]
    return [
        [c or None if is_likert else letters[c] for c, is_likert in zip(row, likert, strict=True)]
        for row in codes.tolist()
    ]


def run() -> None:
    reset()  # the peak of this run, not of the benches before it in this process
    rng = np.random.default_rng(1)
    items = build_items(rng)
    codes = build_answers(rng, PARTICIPANTS, len(items))
    required = rng.integers(1, 6, size=(PARTICIPANTS, len(COMPETENCY_CODES)))

    cells = as_cells(codes[:ENCODED_ROWS], items)
    started = time.perf_counter()
    encoded = encode_answers(cells, items)
    encode_seconds = time.perf_counter() - started
    assert (encoded == codes[:ENCODED_ROWS]).all()
    del cells
    before_mb = peak_mb()

    started = time.perf_counter()
    result = score(items, codes, required)
    seconds = time.perf_counter() - started
    peak = peak_mb()

    scale = PARTICIPANTS / ENCODED_ROWS
    print(f"participants: {PARTICIPANTS:,}, items: {len(items)}")
    print(
        f"encode_answers: {ENCODED_ROWS:,} rows in {encode_seconds:.2f} s "
        f"(~{encode_seconds * scale:.1f} s for {PARTICIPANTS:,})"
    )
    print(
        f"score(): {seconds:.2f} s; peak memory of the process: {peak:.0f} MB "
        f"({before_mb:.0f} MB before score())"
    )
    print(
        f"ES complete: {result.es_complete.mean():.1%}; "
        f"with a potential: {(~np.isnan(result.potential)).mean():.1%}"
    )


if __name__ == "__main__":
    run()

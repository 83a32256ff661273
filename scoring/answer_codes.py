"""Answer cells as an importer reads them -> the int8 matrix the scoring core takes
(`scoring.core.score`), with every cell out of range named. Pure, no Django."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple, Protocol, cast

import numpy as np

UNANSWERED = 0  # in the encoded matrix; A-E are 1-5, a Likert answer is itself


class Item(Protocol):  # what encoding reads of a scoring.core.Item
    @property
    def code(self) -> str: ...

    @property
    def kind(self) -> str: ...


class AnswerProblem(NamedTuple):
    row: int  # 0-based index in the rows given
    item: str  # item code
    value: object
    message: str  # Indonesian, for the operator


class AnswerError(ValueError):
    """Answers that cannot be scored; `problems` lists every one of them."""

    def __init__(self, problems: list[AnswerProblem]) -> None:
        shown = "; ".join(f"row {p.row}, item {p.item}: {p.value!r}" for p in problems[:20])
        more = f" and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} answer(s) out of range: {shown}{more}")
        self.problems = problems


_BLANK: dict[object, int] = {None: UNANSWERED, "": UNANSWERED}
_LETTERS = _BLANK | {letter: i % 5 + 1 for i, letter in enumerate("ABCDEabcde")}
# Floats 1.0-5.0 (a spreadsheet number) hash equal to the ints, so they are found too.
_LIKERT = _BLANK | {v: v for v in range(1, 6)} | {str(v): v for v in range(1, 6)}


def encode_answers(rows: Sequence[Sequence[object]], items: Sequence[Item]) -> np.ndarray:
    """Cells as an importer reads them -> the int8 matrix `score` takes.

    SJT/MC: a letter A-E (any case, spaces ignored) -> 1-5. LIKERT: 1-5 as int, integral float
    or text -> itself. None, "" or blanks -> 0 (unanswered). Anything else (a Likert 7, a letter
    F, TRUE) raises AnswerError naming every (row index, item code, value), so nothing out of
    range is ever scored.
    """
    tables = [_LIKERT if item.kind == "LIKERT" else _LETTERS for item in items]
    encoded = np.zeros((len(rows), len(items)), dtype=np.int8)
    problems: list[AnswerProblem] = []
    for r, row in enumerate(rows):
        if len(row) != len(items):
            message = f"Baris berisi {len(row)} jawaban, instrumen {len(items)} butir."
            problems.append(AnswerProblem(r, "", len(row), message))
            continue
        codes = list(map(dict.get, tables, row))  # the fast path: one dict lookup per cell
        if None in codes or bool in map(type, row):
            codes = [
                _slow_code(r, item, cell, problems) for item, cell in zip(items, row, strict=True)
            ]
        encoded[r] = cast("list[int]", codes)  # no None is left: the slow path replaced them
    if problems:
        raise AnswerError(problems)
    return encoded


def _slow_code(r: int, item: Item, cell: object, problems: list[AnswerProblem]) -> int:
    likert = item.kind == "LIKERT"
    if isinstance(cell, float) and math.isnan(cell):
        return UNANSWERED
    key = cell.strip().upper() if isinstance(cell, str) else cell
    code = None if isinstance(cell, bool) else (_LIKERT if likert else _LETTERS).get(key)
    if code is None:
        wanted = "angka 1-5" if likert else "huruf A-E"
        problems.append(AnswerProblem(r, item.code, cell, f"Jawaban harus {wanted} atau kosong."))
        return UNANSWERED
    return code

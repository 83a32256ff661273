"""Answer cells as an importer reads them -> the int8 matrix the scoring core takes
(`scoring.core.score`), with every cell out of range named. Pure, no Django."""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import chain, cycle, repeat
from typing import NamedTuple, Protocol

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
_NOT_FOUND = -1


def encode_answers(rows: Sequence[Sequence[object]], items: Sequence[Item]) -> np.ndarray:
    """Cells as an importer reads them -> the int8 matrix `score` takes.

    SJT/MC: a letter A-E (any case, spaces ignored) -> 1-5. LIKERT: 1-5 as int, integral float
    or text -> itself. None, "" or blanks -> 0 (unanswered). Anything else (a Likert 7, a letter
    F, TRUE) raises AnswerError naming every (row index, item code, value), so nothing out of
    range is ever scored.
    """
    width = len(items)
    whole = [r for r, row in enumerate(rows) if len(row) == width]
    problems = [
        AnswerProblem(r, "", len(row), f"Baris berisi {len(row)} jawaban, instrumen {width} butir.")
        for r, row in enumerate(rows)
        if len(row) != width
    ]
    # Every cell at once, in row order, one dict lookup each; `_slow_code` then looks, cell by
    # cell, only at the few the lookup missed (" b ", NaN, a Likert 7) or took wrongly (TRUE).
    cells = list(chain.from_iterable(rows[r] for r in whole))
    tables = [_LIKERT if item.kind == "LIKERT" else _LETTERS for item in items]
    found = map(dict.get, cycle(tables), cells, repeat(_NOT_FOUND))
    codes = np.fromiter(found, dtype=np.int8, count=len(cells))
    likert = np.array([item.kind == "LIKERT" for item in items], dtype=bool)
    for i in _second_look(cells, codes.reshape(len(whole), width), likert).tolist():
        r, c = divmod(i, width)
        codes[i] = _slow_code(whole[r], items[c], cells[i], problems)
    if problems:
        problems.sort(key=lambda problem: problem.row)  # stable: a row's cells keep their order
        raise AnswerError(problems)
    encoded = np.zeros((len(rows), width), dtype=np.int8)
    encoded[whole] = codes.reshape(len(whole), width)
    return encoded


def _second_look(cells: list[object], codes: np.ndarray, likert: np.ndarray) -> np.ndarray:
    """The flat indexes, in row order, of the cells the lookup did not find, and of the TRUE
    cells it took for the Likert answer 1 (True == 1 to a dict)."""
    ones = np.flatnonzero((codes == 1) & likert)
    values = list(map(cells.__getitem__, ones.tolist()))
    if bool in set(map(type, values)):
        ones = ones[[isinstance(value, bool) for value in values]]
    else:
        ones = ones[:0]
    return np.union1d(np.flatnonzero(codes == _NOT_FOUND), ones)


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

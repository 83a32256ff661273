"""Raw answers from a results file: every row checked, then stored per participant."""

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter

import numpy as np

from core import cells
from core.imports import RowIssue
from core.spreadsheet import (
    DEFAULT_MAX_BYTES,
    Column,
    SpreadsheetError,
    header_key,
    open_table,
)
from participants.apply import Planned, Target, apply_plan
from scoring.answer_codes import AnswerError, encode_answers
from scoring.core import Item
from scoring.event_rows import registration_of_row
from scoring.models import AnswerSheet, Instrument
from sessions_app.models import Event

ENCODE_BLOCK = 10_000  # rows encoded per call


@dataclass
class AnswersPlan:
    total_rows: int = 0
    sheets: dict[int, str] = field(default_factory=dict)  # registration id -> encoded answers
    issues: list[RowIssue] = field(default_factory=list)

    @property
    def rejected_rows(self) -> set[int]:
        return {issue.row for issue in self.issues}


def answers_plan(
    event: Event,
    items: list[Item],
    path: str | os.PathLike,
    filename: str = "",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> AnswersPlan:
    """Read `NIP` and one column per item code, in the instrument's item order. Nothing is
    written. `max_bytes`: the command line reads larger files than an upload may be."""
    table = open_table(
        path,
        columns=[Column("nip", "NIP")],
        filename=filename,
        extra_columns=True,
        max_bytes=max_bytes,
    )
    by_key = {header_key(text): index for text, index in table.extra.items()}
    missing = [item.code for item in items if header_key(item.code) not in by_key]
    if missing:
        shown = ", ".join(missing[:10]) + (
            f" dan {len(missing) - 10} lainnya" if len(missing) > 10 else ""
        )
        raise SpreadsheetError(f"Kolom butir instrumen tidak ada di file: {shown}.")
    columns = [by_key[header_key(item.code)] for item in items]
    registrations = dict(event.registrations.values_list("participant__nip", "pk"))
    plan, seen, pending = AnswersPlan(), {}, []
    width, take = max(columns) + 1, _taker(columns)

    def pick(values: tuple) -> tuple:
        # Short rows (trailing empty cells cut off) are padded: a missing cell is unanswered.
        return take(values if len(values) >= width else values + (None,) * (width - len(values)))

    nip_column = table.columns["nip"]
    for row in table.rows:
        plan.total_rows += 1
        registration = registration_of_row(
            row.number,
            row.get(nip_column),
            column="NIP",
            registrations=registrations,
            seen=seen,
            issues=plan.issues,
        )
        if registration is None:
            continue
        pending.append((row.number, registration, pick(row.values)))
    for start in range(0, len(pending), ENCODE_BLOCK):
        _encode_block(pending[start : start + ENCODE_BLOCK], items, plan)
    plan.issues.sort(key=lambda issue: issue.row)
    return plan


def _taker(columns: list[int]) -> Callable[[tuple], tuple]:
    """A row's cells at columns, in one call (itemgetter gives one cell alone for one column)."""
    take = itemgetter(*columns)
    return take if len(columns) > 1 else lambda values: (take(values),)


def _encode_block(block: list, items: list[Item], plan: AnswersPlan) -> None:
    """Encode many rows in one call; a row with a bad cell is reported and left out."""
    try:
        encoded = encode_answers([cells_ for _, _, cells_ in block], items)
    except AnswerError as error:
        bad = set()
        for problem in error.problems:
            number = block[problem.row][0]
            bad.add(problem.row)
            plan.issues.append(
                RowIssue(number, problem.item, cells.cell_repr(problem.value), problem.message)
            )
        block = [entry for i, entry in enumerate(block) if i not in bad]
        encoded = encode_answers([cells_ for _, _, cells_ in block], items)
    # Codes 0-5 -> the characters "0"-"5", a whole row at a time.
    text = (encoded.astype(np.uint8) + ord("0")).view(f"S{len(items)}").ravel()
    for (_, registration, _), answers in zip(block, text, strict=True):
        plan.sheets[registration] = answers.decode("ascii")


ANSWER_SHEETS = Target(
    AnswerSheet,
    key=("instrument_id", "registration_id"),
    values=("answers",),
    label="lembar jawaban",
)


def answers_planned(instrument: Instrument, plan: AnswersPlan) -> Planned:
    """The valid sheets of plan for instrument, a person's earlier sheet replaced."""
    return Planned(
        ANSWER_SHEETS,
        plan.sheets,
        lambda registration, answers: (instrument.pk, registration, answers),
        rejected=len(plan.rejected_rows),
        about=instrument,
    )


def answers_apply(*, instrument: Instrument, plan: AnswersPlan, actor, skip_invalid: bool) -> int:
    """Store the valid sheets in one transaction, replacing a person's earlier sheet."""
    planned = answers_planned(instrument, plan)
    return apply_plan(planned, actor=actor, skip_invalid=skip_invalid)["stored"]

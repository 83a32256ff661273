"""encode_answers looks every cell up at once and takes a second look only at the few it
cannot place: what it gives must be what the rules give one cell at a time, problems
included, in the same order."""

import csv
import math
import random

import numpy as np
import pytest

from scoring.answer_codes import AnswerError, AnswerProblem, _slow_code, encode_answers
from scoring.answers import answers_plan
from tests.scoring.test_scoring import likert, mc, sjt

ITEMS = [sjt("s", "M.01"), mc("m"), likert("k")]
ODD_CELLS = [
    *(None, "", " ", "\t", math.nan),
    *("A", "a", " b ", "E", "e", "F", "AB", "x", "TRUE", "C\u00a0", 1, 2.0),
    *("1", " 3 ", "3.0", "6", "0", 3, 5.0, 2.5, 7, 0, -1, np.int64(2), np.float64(4.0)),
    *(True, False, np.bool_(True)),
]


def cell_by_cell(rows, items) -> tuple[list[list[int]], list[AnswerProblem]]:
    """The rules applied to one cell at a time, the answer the bulk path must give."""
    encoded, problems = [], []
    for r, row in enumerate(rows):
        if len(row) != len(items):
            message = f"Baris berisi {len(row)} jawaban, instrumen {len(items)} butir."
            problems.append(AnswerProblem(r, "", len(row), message))
            encoded.append([0] * len(items))
            continue
        encoded.append(
            [_slow_code(r, item, cell, problems) for item, cell in zip(items, row, strict=True)]
        )
    return encoded, problems


def named(problems) -> list[tuple]:
    # repr tells TRUE from 1 and 3.0 from 3, which == does not.
    return [(p.row, p.item, repr(p.value), p.message) for p in problems]


def assert_same_as_cell_by_cell(rows, items) -> None:
    expected, problems = cell_by_cell(rows, items)
    if problems:
        with pytest.raises(AnswerError) as caught:
            encode_answers(rows, items)
        assert named(caught.value.problems) == named(problems)
    else:
        encoded = encode_answers(rows, items)
        assert encoded.dtype == np.int8 and encoded.tolist() == expected


def test_odd_but_valid_cells_get_the_codes_of_the_cell_by_cell_rules():
    rows = [
        ["a", " e ", 3.0],
        [" B", "", "3"],
        [None, "\t", np.int64(2)],
        ["c", "D", np.float64(5.0)],
        ["", None, math.nan],
        ["E", "b", np.bool_(True)],
    ]
    assert encode_answers(rows, ITEMS).tolist() == [
        [1, 5, 3],
        [2, 0, 3],
        [0, 0, 2],
        [3, 4, 5],
        [0, 0, 0],
        [5, 2, 1],
    ]
    assert_same_as_cell_by_cell(rows, ITEMS)


def test_bad_cells_are_named_in_the_order_and_words_of_the_cell_by_cell_rules():
    rows = [
        ["A", "b", 4],
        ["F", "a", 7],  # a letter past E, a Likert past 5
        ["A", True, True],  # TRUE is no answer, though True == 1
        ["a", "B"],  # a cell short
        [" c ", "AB", "3.0"],  # two letters; a Likert written as a decimal text
        ["A", "B", 3, "extra"],  # a cell too many
        ["x", 2.0, 0],
        [False, "E", 2.5],
    ]
    with pytest.raises(AnswerError) as caught:
        encode_answers(rows, ITEMS)
    assert named(caught.value.problems) == [
        (1, "s", "'F'", "Jawaban harus huruf A-E atau kosong."),
        (1, "k", "7", "Jawaban harus angka 1-5 atau kosong."),
        (2, "m", "True", "Jawaban harus huruf A-E atau kosong."),
        (2, "k", "True", "Jawaban harus angka 1-5 atau kosong."),
        (3, "", "2", "Baris berisi 2 jawaban, instrumen 3 butir."),
        (4, "m", "'AB'", "Jawaban harus huruf A-E atau kosong."),
        (4, "k", "'3.0'", "Jawaban harus angka 1-5 atau kosong."),
        (5, "", "4", "Baris berisi 4 jawaban, instrumen 3 butir."),
        (6, "s", "'x'", "Jawaban harus huruf A-E atau kosong."),
        (6, "m", "2.0", "Jawaban harus huruf A-E atau kosong."),
        (6, "k", "0", "Jawaban harus angka 1-5 atau kosong."),
        (7, "s", "False", "Jawaban harus huruf A-E atau kosong."),
        (7, "k", "2.5", "Jawaban harus angka 1-5 atau kosong."),
    ]
    assert_same_as_cell_by_cell(rows, ITEMS)


def test_random_odd_rows_get_what_the_cell_by_cell_rules_give():
    rng = random.Random(17)
    kinds = {"SJT": lambda code: sjt(code, "M.01"), "MC": mc, "LIKERT": likert}
    for _ in range(400):
        items = [kinds[rng.choice(list(kinds))](f"i{j}") for j in range(rng.randint(0, 6))]
        rows = []
        for _ in range(rng.randint(0, 8)):
            length = len(items) if rng.random() < 0.9 else rng.randint(0, len(items) + 2)
            odd = rng.random() < 0.3  # the other rows hold valid cells only, mostly
            rows.append(
                tuple(
                    rng.choice(ODD_CELLS)
                    if odd and rng.random() < 0.2
                    else rng.choice([None, "A", "c", 1, "4", 5.0])
                    for _ in range(length)
                )
            )
        rows = [row for row in rows if len(row) == len(items)] if rng.random() < 0.5 else rows
        assert_same_as_cell_by_cell(rows, items)


def test_an_empty_answer_list_encodes_to_an_empty_matrix():
    assert encode_answers([], ITEMS).shape == (0, 3)
    assert encode_answers([[], []], []).shape == (2, 0)


@pytest.mark.django_db
def test_an_answers_file_names_each_bad_cell_by_its_line_and_item(tmp_path, event, registered):
    nips = [person.nip for person in registered]
    path = tmp_path / "jawaban.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["NIP", "s", "m", "k"])
        writer.writerows(
            [
                [nips[0], " a ", "e", "3"],
                [nips[1], "F", "b", "7"],
                [nips[2], "", "", ""],
                [nips[3], "c"],  # trailing cells cut off: unanswered
                [nips[4], "A", "3.0", "TRUE"],
                [nips[5], "d", "B", " 5 "],
            ]
        )
    plan = answers_plan(event, ITEMS, path)
    assert [(i.row, i.column, i.value, i.message) for i in plan.issues] == [
        (3, "s", "F", "Jawaban harus huruf A-E atau kosong."),
        (3, "k", "7", "Jawaban harus angka 1-5 atau kosong."),
        (6, "m", "3.0", "Jawaban harus huruf A-E atau kosong."),
        (6, "k", "TRUE", "Jawaban harus angka 1-5 atau kosong."),
    ]
    by_nip = {person.nip: registration for person, registration in _registrations(event)}
    assert {nip: plan.sheets[by_nip[nip]] for nip in (nips[0], nips[2], nips[3], nips[5])} == {
        nips[0]: "153",
        nips[2]: "000",
        nips[3]: "300",
        nips[5]: "425",
    }
    assert len(plan.sheets) == 4 and plan.total_rows == 6


def _registrations(event):
    return [(r.participant, r.pk) for r in event.registrations.select_related("participant")]

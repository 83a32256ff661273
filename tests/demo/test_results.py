"""The demo's instrument, simulated answers and SKP ratings (demo.results).

Pure Python: runs without a database. Files are written for real in tmp_path and read back
with the importers' own reader.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from core.spreadsheet import Column, open_table
from demo.participants import demo_participant_rows
from demo.results import (
    ABSENT_SHARE,
    ANSWERS_HEADER_ROW,
    DEMO_ITEMS_HEADER,
    SKP_HEADER_ROW,
    absent_nips,
    demo_instrument_rows,
    demo_items,
    simulate_answers,
    simulate_skp,
    write_answers,
    write_instrument,
    write_skp,
)
from scoring.answer_codes import encode_answers
from scoring.core import (
    COMPETENCY_CODES,
    ES_SCALES,
    JPM_CUKUP,
    JPM_KURANG,
    JPM_OPTIMAL,
    LD_PILLARS,
    MENENGAH,
    OPTIONS,
    RENDAH,
    TINGGI,
    Scores,
    score,
)
from scoring.instrument import read_instrument

PREDIKATS = ("Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang")


@pytest.fixture(scope="module")
def nips() -> list[str]:
    return [row["NIP"] for row in demo_participant_rows()]


@pytest.fixture(scope="module")
def answers(nips: list[str]) -> list[list]:
    return simulate_answers(nips)


@pytest.fixture(scope="module")
def encoded(answers: list[list]) -> np.ndarray:
    return encode_answers([row[1:] for row in answers], demo_items())


@pytest.fixture(scope="module")
def scores(encoded: np.ndarray) -> Scores:
    required = np.full((len(encoded), len(COMPETENCY_CODES)), 3)
    return score(demo_items(), encoded, required)


# --- the instrument -----------------------------------------------------------------------


def test_the_instrument_has_104_items_with_unique_codes():
    rows = demo_instrument_rows()
    assert DEMO_ITEMS_HEADER == ("kode", "komponen", "skala", "tipe", "kunci", "terbalik")
    assert len(rows) == 104
    assert len({row[0] for row in rows}) == 104
    per_scale = Counter((row[1], row[2], row[3]) for row in rows)
    assert per_scale == {
        **{("MSK", code, "SJT"): 6 for code in COMPETENCY_CODES},
        **{("LD", code, "MC"): 5 for code in LD_PILLARS},
        **{("ES", code, "LIKERT"): 5 for code in ES_SCALES},
    }


def test_every_sjt_option_has_a_different_score_and_the_keys_are_shuffled():
    keys = [row[4] for row in demo_instrument_rows() if row[3] == "SJT"]
    for key in keys:
        parts = dict(part.split("=") for part in key.split(";"))
        assert list(parts) == list(OPTIONS)
        assert sorted(parts.values()) == ["1", "2", "3", "4", "5"]
    assert len(set(keys)) > 40


def test_mc_keys_use_every_letter_equally_and_likert_items_are_partly_reversed():
    rows = demo_instrument_rows()
    assert Counter(row[4] for row in rows if row[3] == "MC") == dict.fromkeys(OPTIONS, 4)
    likert = [row for row in rows if row[3] == "LIKERT"]
    assert all(row[4] is None for row in likert)
    for scale in ES_SCALES:
        marks = Counter(row[5] for row in likert if row[2] == scale)
        assert marks["Y"] >= 1 and marks["N"] >= 1  # N: not reversed (T would be Terbalik)
    assert all(row[5] is None for row in rows if row[3] != "LIKERT")


def test_the_written_instrument_is_read_back_without_issues(tmp_path: Path):
    path = tmp_path / "instrumen.xlsx"
    write_instrument(path)
    plan = read_instrument(path)
    assert plan.issues == []
    assert plan.sheet == "Items"
    assert plan.counts() == {"MSK": 54, "LD": 20, "ES": 30}
    read = [(i.code, i.component, i.scale, i.kind, i.key, i.reverse) for i in plan.items]
    assert read == [(i.code, i.component, i.scale, i.kind, i.key, i.reverse) for i in demo_items()]


# --- the answers --------------------------------------------------------------------------


def test_the_same_arguments_give_the_same_data(nips: list[str], answers: list[list]):
    assert simulate_answers(nips) == answers
    assert demo_instrument_rows() == demo_instrument_rows()
    assert simulate_skp(nips) == simulate_skp(nips)
    assert absent_nips(nips) == absent_nips(nips)
    assert simulate_answers(nips, seed=7) != answers


def test_a_participants_answers_do_not_depend_on_the_order_given(
    nips: list[str], answers: list[list]
):
    assert simulate_answers(nips[::-1]) == answers[::-1]


def test_rows_hold_the_nip_then_a_plausible_cell_per_item(nips: list[str], answers: list[list]):
    kinds = [row[3] for row in demo_instrument_rows()]
    assert [row[0] for row in answers] == nips
    cells = [(kind, cell) for row in answers for kind, cell in zip(kinds, row[1:], strict=True)]
    for kind, cell in cells:
        if kind == "LIKERT":
            assert cell is None or (type(cell) is int and 1 <= cell <= 5)
        else:
            assert cell is None or cell in OPTIONS
    blank = sum(cell is None for _, cell in cells) / len(cells)
    assert 0.01 <= blank <= 0.025


def test_duplicate_nips_are_refused(nips: list[str]):
    with pytest.raises(ValueError):
        simulate_answers([nips[0], nips[1], nips[0]])


def test_absent_participants_are_about_three_percent_in_the_order_given(nips: list[str]):
    absent = absent_nips(nips)
    assert len(absent) == round(len(nips) * ABSENT_SHARE) == 12
    assert absent == [nip for nip in nips if nip in set(absent)]
    assert absent_nips(nips[::-1]) == absent[::-1]
    assert absent_nips(nips, seed=1) != absent


# --- scored with the project's rules ------------------------------------------------------


def test_the_cohort_spreads_over_every_jpm_and_potential_category(scores: Scores):
    jpm = Counter(scores.jpm_category.tolist())
    potential = Counter(scores.potential_category.tolist())
    for category in (JPM_OPTIMAL, JPM_CUKUP, JPM_KURANG):
        assert jpm[category] >= 20, jpm
    for category in (TINGGI, MENENGAH, RENDAH):
        assert potential[category] >= 20, potential
    assert Counter(scores.level.ravel().tolist()).keys() == {1, 2, 3, 4, 5}


def test_a_few_participants_have_an_incomplete_es_and_so_no_potential(scores: Scores):
    incomplete = ~scores.es_complete
    assert 1 <= incomplete.sum() <= 8
    assert np.isnan(scores.potential[incomplete]).all()
    assert not np.isnan(scores.potential[~incomplete]).any()


def test_items_correlate_positively_with_the_rest_of_their_component(encoded: np.ndarray):
    items = demo_items()
    points = np.zeros(encoded.shape)
    for j, item in enumerate(items):
        answer = encoded[:, j]
        if item.kind == "SJT":
            points[:, j] = [item.key[OPTIONS[a - 1]] if a else 1 for a in answer]
        elif item.kind == "MC":
            points[:, j] = answer == OPTIONS.index(item.key) + 1
        else:  # LIKERT: reverse keyed items scored 6 - answer; unanswered as neutral
            points[:, j] = np.where(answer == 0, 3, 6 - answer if item.reverse else answer)
    correlations = []
    for component in ("MSK", "LD", "ES"):
        columns = [j for j, item in enumerate(items) if item.component == component]
        total = points[:, columns].sum(axis=1)
        for j in columns:
            rest = total - points[:, j]
            correlations.append(np.corrcoef(points[:, j], rest)[0, 1])
    assert np.mean(correlations) > 0.3
    assert np.mean(np.array(correlations) > 0) >= 0.95


# --- the files ----------------------------------------------------------------------------


def test_the_answers_file_is_read_back_below_its_title(
    tmp_path: Path, answers: list[list], encoded: np.ndarray
):
    path = tmp_path / "jawaban.xlsx"
    write_answers(path, answers)
    table = open_table(path, columns=[Column("nip", "NIP")], extra_columns=True)
    assert table.header_row == ANSWERS_HEADER_ROW > 1
    codes = [row[0] for row in demo_instrument_rows()]
    assert list(table.extra) == codes
    rows = list(table.rows)
    assert [row.get(table.columns["nip"]) for row in rows] == [row[0] for row in answers]
    assert all(isinstance(row.values[0], str) and len(row.values[0]) == 18 for row in rows)
    cells = [[row.get(table.extra[code]) for code in codes] for row in rows]
    assert (encode_answers(cells, demo_items()) == encoded).all()


def test_an_answer_row_of_the_wrong_length_is_refused(tmp_path: Path, answers: list[list]):
    with pytest.raises(ValueError):
        write_answers(tmp_path / "jawaban.xlsx", [answers[0][:-1]])


def test_skp_ratings_are_mostly_baik_with_every_predikat_present(nips: list[str]):
    ratings = simulate_skp(nips, year=2023)
    assert [nip for nip, _, _ in ratings] == nips
    assert {year for _, year, _ in ratings} == {2023}
    counts = Counter(predikat for _, _, predikat in ratings)
    assert counts.keys() == set(PREDIKATS)
    assert counts["Baik"] > len(nips) / 2
    assert counts["Baik"] > counts["Sangat Baik"] > counts["Butuh Perbaikan"]
    assert counts["Butuh Perbaikan"] + counts["Kurang"] + counts["Sangat Kurang"] < len(nips) / 10


def test_the_skp_file_is_read_back_with_nips_as_text(tmp_path: Path, nips: list[str]):
    ratings = simulate_skp(nips)
    path = tmp_path / "skp.xlsx"
    write_skp(path, ratings)
    columns = [Column("nip", "NIP"), Column("year", "Tahun"), Column("predikat", "Predikat")]
    table = open_table(path, columns=columns)
    assert table.header_row == SKP_HEADER_ROW > 1
    read = [
        tuple(row.get(table.columns[key]) for key in ("nip", "year", "predikat"))
        for row in table.rows
    ]
    assert read == ratings
    assert all(isinstance(nip, str) and len(nip) == 18 for nip, _, _ in read)

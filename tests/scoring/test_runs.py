"""Score runs through the real tasks (in-process here; tests/scoring/test_worker.py runs
real workers): chunks, the final step, reproducibility, publishing, a broker outage."""

import importlib

import numpy as np
import pytest
from django.apps import apps as django_apps

from cact_admin.celery import app
from participants.competencies import COMPETENCY_CODES
from scoring import core, norms, rounding
from scoring.models import AnswerSheet, ParticipantResult, PrescoredResult, ScoreRun
from scoring.runs import lifecycle, pipeline
from scoring.runs.pipeline import RESULT_FIELDS, _decode
from scoring.runs.summary import RunSummary

pytestmark = pytest.mark.django_db

FIGURES = RESULT_FIELDS[1:]  # every stored figure but the run


def figures(run):
    return list(run.results.order_by("registration_id").values_list(*FIGURES))


@pytest.fixture
def small_chunks(settings):
    settings.SCORE_CHUNK_SIZE = 4  # 11 people with answers: 3 chunks


def test_a_run_in_chunks_gives_the_figures_of_the_core_on_the_whole_cohort(
    tested_event, small_chunks
):
    run = lifecycle.start_run(event=tested_event, actor=None)
    assert run.status == ScoreRun.Status.DONE and run.chunks_total == 3
    assert run.chunks.filter(done_at__isnull=True).count() == 0
    instrument = run.instrument
    sheets = list(
        AnswerSheet.objects.filter(instrument=instrument)
        .order_by("registration_id")
        .values_list("registration_id", "answers")
    )
    items = instrument.scoring_items()
    codes = _decode([answers for _, answers in sheets], len(items))
    required = np.full((len(sheets), len(COMPETENCY_CODES)), 0)
    for row, (registration, _) in enumerate(sheets):
        levels = dict(
            ParticipantResult.objects.get(
                run=run, registration_id=registration
            ).registration.participant.position_class.required_levels.values_list(
                "competency", "level"
            )
        )
        required[row] = [levels[code] for code in COMPETENCY_CODES]
    expected = core.score(items, codes, required, core.Settings(**run.settings_snapshot))
    results = list(run.results.order_by("registration_id"))
    assert [r.registration_id for r in results] == [registration for registration, _ in sheets]
    for i, result in enumerate(results):
        assert result.levels == expected.level[i].tolist()
        assert float(result.jpm) == expected.jpm[i]
        assert result.jpm_category == expected.jpm_category[i]
        # T-scores are the cohort's, not the chunk's: the start recorded the cohort's figures.
        assert result.es_t == [None if np.isnan(t) else t for t in expected.es_t[i].tolist()]
        potential = expected.potential[i]
        assert (result.potential is None) == bool(np.isnan(potential))
        if result.potential is not None:
            assert float(result.potential) == potential
    assert run.summary["participants"] == len(sheets)
    assert run.item_analysis["participants"] == len(sheets)
    assert len(run.item_analysis["items"]) == len(items)


def test_the_start_records_the_cohort_and_each_chunk_writes_its_t_scores(
    tested_event, broker_down, small_chunks
):
    """The final step writes no T-scores: a chunk scored alone already holds the whole
    cohort's, because the start recorded the cohort's mean and sd before any chunk ran."""
    run = lifecycle.start_run(event=tested_event, actor=None)
    sheets = dict(
        AnswerSheet.objects.filter(instrument=run.instrument).values_list(
            "registration_id", "answers"
        )
    )
    ids = sorted(sheets)
    items = run.instrument.scoring_items()
    rules = core.Settings(**run.settings_snapshot)
    scale = core.es_scale_means(items, _decode([sheets[i] for i in ids], len(items)), rules)
    cohort = dict(zip(core.ES_SCALES, norms.cohort_figures(scale), strict=True))
    assert run.status == ScoreRun.Status.QUEUED and not run.results.exists()
    assert run.es_reference["cohort"] == {code: f.as_json() for code, f in cohort.items()}
    pipeline.score_chunk(run.pk, 1)  # the middle chunk alone, nothing else done yet
    expected = dict(zip(ids, rounding.round_half_up(norms.t_scores(scale)).tolist(), strict=True))
    chunk = run.results.all()
    assert chunk.count() == 4
    for result in chunk:
        want = [None if np.isnan(t) else t for t in expected[result.registration_id]]
        assert result.es_t == want and any(t is not None for t in want)


def test_a_run_unfinished_when_the_update_comes_is_stopped_with_a_message(
    tested_event, broker_down
):
    """Its chunks stored before would have no T-scores (the old final step wrote them)."""
    migration = importlib.import_module(
        "scoring.migrations.0004_unfinished_runs_before_start_cohort"
    )
    unfinished = lifecycle.start_run(event=tested_event, actor=None)
    finished = ScoreRun.objects.create(
        event=tested_event, number=9, inputs_hash="x" * 64, status=ScoreRun.Status.DONE
    )
    migration.stop_unfinished(django_apps, None)
    migration.stop_unfinished(django_apps, None)  # twice: the same
    unfinished.refresh_from_db()
    assert unfinished.status == ScoreRun.Status.FAILED
    assert "jalankan penilaian baru" in unfinished.error
    assert ScoreRun.objects.get(pk=finished.pk).status == ScoreRun.Status.DONE
    app.conf.task_always_eager = True
    assert lifecycle.start_run(event=tested_event, actor=None).status == ScoreRun.Status.DONE


def test_a_stored_sheet_that_does_not_fit_the_instrument_refuses_the_start(tested_event):
    """Codes other than 0-5 cannot be stored (a check constraint); a length can drift."""
    AnswerSheet.objects.filter(pk=AnswerSheet.objects.first().pk).update(answers="1" * 50)
    with pytest.raises(lifecycle.RunRefused, match="tidak cocok dengan instrumen"):
        lifecycle.start_run(event=tested_event, actor=None)
    assert not ScoreRun.objects.exists()


def test_the_stored_summary_reads_back_as_the_same_json(tested_event):
    run = lifecycle.start_run(event=tested_event, actor=None)
    run.refresh_from_db()
    summary = RunSummary.from_json(run.summary)
    assert summary.to_json() == run.summary
    assert set(run.summary) == {
        "participants", "jpm_category", "potential_category", "box", "kinerja",
        "es_incomplete", "jpm_mean", "potential_mean", "by_opd", "by_region",
        "by_position_class", "groups",
    }  # fmt: skip
    assert summary.participants == run.results.count() > 0
    assert sum(block.n for block in summary.blocks_by("opd").values()) == summary.participants
    assert RunSummary.from_json({}) == RunSummary()


def test_a_run_on_unchanged_inputs_reproduces_every_figure(tested_event, small_chunks):
    first = lifecycle.start_run(event=tested_event, actor=None)
    second = lifecycle.start_run(event=tested_event, actor=None)
    assert second.number == first.number + 1
    assert second.inputs_hash == first.inputs_hash
    assert figures(second) == figures(first)
    assert second.summary == first.summary and second.item_analysis == first.item_analysis


def test_changed_inputs_change_the_hash(tested_event):
    first = lifecycle.start_run(event=tested_event, actor=None)
    sheet = AnswerSheet.objects.first()
    sheet.answers = "1" * len(sheet.answers)
    sheet.save()
    assert lifecycle.start_run(event=tested_event, actor=None).inputs_hash != first.inputs_hash


def test_a_published_run_is_never_overwritten(tested_event):
    first = lifecycle.publish_run(
        run=lifecycle.start_run(event=tested_event, actor=None), actor=None
    )
    before = figures(first)
    AnswerSheet.objects.update(answers="3" * 104)
    second = lifecycle.start_run(event=tested_event, actor=None)
    assert second.published_at is None  # a draft until an admin publishes it
    assert lifecycle.published_run(tested_event) == first
    assert figures(first) == before and figures(second) != before
    lifecycle.publish_run(run=second, actor=None)
    assert lifecycle.published_run(tested_event) == second
    first.refresh_from_db()
    assert first.published_at is not None and figures(first) == before
    with pytest.raises(lifecycle.RunRefused):
        lifecycle.publish_run(run=second, actor=None)


def test_pre_scored_results_are_scored_from_their_levels(event, registered):
    registration = registered[0].registrations.get()
    PrescoredResult.objects.create(
        registration=registration,
        levels=[3] * 9,
        ld_score=80,
        es_score=90,
        imported_at="2024-03-01T00:00:00Z",
    )
    run = lifecycle.start_run(event=event, actor=None)
    result = run.results.get()
    required = registered[0].position_class.required_levels
    expected_jpm = rounding.round_half_up(
        100
        * sum(min(3, level.level) for level in required.all())
        / sum(level.level for level in required.all())
    )
    assert result.source == "prescored" and float(result.jpm) == expected_jpm
    assert result.es_t == [] or all(t is None for t in result.es_t)
    assert run.instrument is None and run.item_analysis == {}


def test_nothing_to_score_is_refused(event, registered):
    with pytest.raises(lifecycle.RunRefused, match="Belum ada jawaban"):
        lifecycle.start_run(event=event, actor=None)
    assert not ScoreRun.objects.exists()


def test_with_the_broker_down_a_run_waits_and_says_so_then_resumes(
    tested_event, broker_down, small_chunks
):
    run = lifecycle.start_run(event=tested_event, actor=None)
    assert run.status == ScoreRun.Status.QUEUED
    assert "tidak bisa dihubungi" in run.dispatch_error
    assert not run.results.exists()
    # The broker is back (here: tasks in-process again); a worker starting resumes the run.
    app.conf.task_always_eager = True
    assert pipeline.resume_unfinished() == 1
    run.refresh_from_db()
    assert run.status == ScoreRun.Status.DONE and run.dispatch_error == ""
    assert run.results.count() == run.participants_total


def test_chunks_and_the_final_step_are_idempotent(tested_event, broker_down, small_chunks):
    run = lifecycle.start_run(event=tested_event, actor=None)
    with pytest.raises(pipeline.ChunksPending):
        pipeline.finalize(run.pk)
    for index in range(run.chunks_total):
        pipeline.score_chunk(run.pk, index)
    assert pipeline.score_chunk(run.pk, 0) == 0  # delivered twice: done once
    rows = run.results.count()
    pipeline.finalize(run.pk)
    pipeline.finalize(run.pk)
    run.refresh_from_db()
    assert run.status == ScoreRun.Status.DONE and run.results.count() == rows
    assert rows == run.participants_total


def test_inputs_changed_while_running_fail_the_run(tested_event, broker_down):
    run = lifecycle.start_run(event=tested_event, actor=None)
    pipeline.score_chunk(run.pk, 0)
    AnswerSheet.objects.filter(pk=AnswerSheet.objects.first().pk).update(answers="2" * 104)
    pipeline.finalize(run.pk)
    run.refresh_from_db()
    assert run.status == ScoreRun.Status.FAILED and "berubah" in run.error
    # The run no longer blocks a new one.
    app.conf.task_always_eager = True
    assert lifecycle.start_run(event=tested_event, actor=None).status == ScoreRun.Status.DONE


def test_one_unfinished_run_at_a_time(tested_event, broker_down):
    lifecycle.start_run(event=tested_event, actor=None)
    with pytest.raises(lifecycle.RunRefused, match="belum selesai"):
        lifecycle.start_run(event=tested_event, actor=None)

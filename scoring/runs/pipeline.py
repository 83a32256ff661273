"""The work of the tasks: send a run's chunks and its final step to the workers, score a
chunk, run the final step, resend unfinished runs. scoring/tasks.py calls this module only,
and this module sends the tasks by name, never importing them."""

from __future__ import annotations

import logging
import math
from decimal import Decimal

import numpy as np
from celery import chord, signature
from django.db import transaction
from django.utils import timezone

from core.db import bulk_upsert
from participants.standards import levels_of_positions
from scoring import core, norms, talent
from scoring.item_analysis import analyse
from scoring.models import (
    AnswerSheet,
    Instrument,
    ParticipantResult,
    PrescoredResult,
    ScoreRun,
    ScoreRunChunk,
)
from scoring.rounding import round_half_up
from scoring.runs.inputs import inputs_and_sheets, skp_of
from scoring.runs.summary import summarise
from sessions_app.models import Registration

log = logging.getLogger(__name__)

# The tasks, sent by name (scoring/tasks.py calls this module, never the other way round).
SCORE_CHUNK, FINALIZE_RUN = "scoring.tasks.score_chunk", "scoring.tasks.finalize_run"

RESULT_FIELDS = (
    "run_id",
    "registration_id",
    "source",
    "competency_scores",
    "levels",
    "gaps",
    "jpm",
    "jpm_category",
    "ld_score",
    "ld_pillars",
    "es_scales",
    "es_t",
    "es_score",
    "es_complete",
    "potential",
    "potential_category",
    "kinerja",
    "skp_year",
    "box",
)


class ChunksPending(Exception):
    """The final step came before every chunk was done; it is tried again later."""


def dispatch(run_id: int) -> None:
    """Send the chunks not yet done, then the final step, to the workers. Safe to repeat: a
    chunk done is skipped, the final step runs once. With the broker down the run waits, and
    says so; it is sent again when a worker starts or an operator asks."""
    pending = list(
        ScoreRunChunk.objects.filter(run_id=run_id, done_at__isnull=True).values_list(
            "index", flat=True
        )
    )
    try:
        if pending:
            chunks = (signature(SCORE_CHUNK, (run_id, index), immutable=True) for index in pending)
            chord(chunks)(signature(FINALIZE_RUN, (run_id,), immutable=True))
        else:
            signature(FINALIZE_RUN, (run_id,)).apply_async(retry=False)
    except Exception as error:  # noqa: BLE001 - any broker failure leaves the run waiting
        log.warning("score run %s: not sent, or failed in-process: %s", run_id, error)
        run = ScoreRun.objects.get(pk=run_id)
        if run.status in (ScoreRun.Status.QUEUED, ScoreRun.Status.RUNNING):
            message = f"Antrean tugas tidak bisa dihubungi ({type(error).__name__})."
            ScoreRun.objects.filter(pk=run_id).update(dispatch_error=message[:300])
        return
    ScoreRun.objects.filter(pk=run_id).exclude(dispatch_error="").update(dispatch_error="")


def resume_unfinished() -> int:
    """Send every unfinished run again; a worker calls it when it starts."""
    runs = list(
        ScoreRun.objects.filter(
            status__in=[ScoreRun.Status.QUEUED, ScoreRun.Status.RUNNING]
        ).values_list("pk", flat=True)
    )
    for run_id in runs:
        dispatch(run_id)
    return len(runs)


def mark_failed(run_id: int, error: str) -> None:
    ScoreRun.objects.filter(
        pk=run_id, status__in=[ScoreRun.Status.QUEUED, ScoreRun.Status.RUNNING]
    ).update(status=ScoreRun.Status.FAILED, error=error[:2000], finished_at=timezone.now())


def score_chunk(run_id: int, index: int) -> int:
    """Score one chunk and store its rows; returns how many (0 when already done)."""
    with transaction.atomic():
        chunk = (
            ScoreRunChunk.objects.select_for_update(of=("self",))
            .select_related("run__event", "run__instrument")
            .get(run_id=run_id, index=index)
        )
        run = chunk.run
        if chunk.done_at is not None or run.status not in (
            ScoreRun.Status.QUEUED,
            ScoreRun.Status.RUNNING,
        ):
            return 0
        rows = chunk_rows(run, chunk.first_registration, chunk.last_registration)
        # Writes come last, after the scoring: a write to runs or results takes the data
        # stamp's row lock (talent/migrations/0001) until the commit, and taken first it
        # made the workers score their chunks one at a time.
        if run.status == ScoreRun.Status.QUEUED:
            ScoreRun.objects.filter(pk=run.pk, status=ScoreRun.Status.QUEUED).update(
                status=ScoreRun.Status.RUNNING
            )
        bulk_upsert(
            ParticipantResult,
            rows,
            fields=RESULT_FIELDS,
            unique=("run_id", "registration_id"),
            update=RESULT_FIELDS[2:],
        )
        chunk.done_at = timezone.now()
        chunk.save(update_fields=["done_at"])
    return len(rows)


def _decode(sheets: list[str], width: int) -> np.ndarray:
    """The stored answer strings ("0"-"5" per item) -> the int8 matrix of the scoring core."""
    if not sheets:
        return np.zeros((0, width), dtype=np.int8)
    raw = np.frombuffer("".join(sheets).encode("ascii"), dtype=np.uint8)
    return (raw - ord("0")).astype(np.int8).reshape(len(sheets), width)


decode_sheets = _decode  # its public name, for scoring/es_norms.py


def chunk_rows(run: ScoreRun, first: int, last: int) -> list[tuple]:
    event, instrument = run.event, run.instrument
    rules = core.Settings(**run.settings_snapshot)
    people, positions = {}, {}
    for pk, participant, position_class, title in Registration.objects.filter(
        event=event, pk__range=(first, last)
    ).values_list(
        "pk", "participant_id", "participant__position_class_id", "participant__position_title"
    ):
        people[pk], positions[pk] = participant, (position_class, title)
    # The position's own standard when it has one, else its class's (participants.standards).
    required = levels_of_positions(positions)
    skp = skp_of(event, first, last)
    rows: list[tuple] = []
    answered: dict[int, str] = {}
    if instrument is not None:
        answered = dict(
            AnswerSheet.objects.filter(
                instrument=instrument, registration__pk__range=(first, last)
            ).values_list("registration_id", "answers")
        )
        ids = sorted(answered)
        items = instrument.scoring_items()
        scores = core.score(
            items,
            _decode([answered[i] for i in ids], len(items)),
            np.array([required[i] for i in ids], dtype=np.int64).reshape(-1, 9),
            rules,
        )
        es_t = _list_rows(es_t_scores(run, scores.es_scale))
        rows += _rows(run, ids, scores, ParticipantResult.Source.ANSWERS, people, skp, es_t)
    prescored = {
        registration: (levels, ld, es)
        for registration, levels, ld, es in PrescoredResult.objects.filter(
            registration__event=event, registration__pk__range=(first, last)
        ).values_list("registration_id", "levels", "ld_score", "es_score")
        if registration not in answered
    }
    if prescored:
        ids = sorted(prescored)
        scores = core.score_levels(
            np.array([prescored[i][0] for i in ids], dtype=np.int64),
            np.array([required[i] for i in ids], dtype=np.int64),
            np.array([_float(prescored[i][1]) for i in ids]),
            np.array([_float(prescored[i][2]) for i in ids]),
            rules,
        )
        rows += _rows(
            run, ids, scores, ParticipantResult.Source.PRESCORED, people, skp, [[]] * len(ids)
        )
    return rows


def _float(value: Decimal | float | None) -> float:
    return math.nan if value is None else float(value)


def _decimal(value: float) -> Decimal | None:
    return None if math.isnan(value) else Decimal(f"{value:.2f}")


def _list(values: np.ndarray) -> list[float | None]:
    return [None if math.isnan(v) else float(f"{v:.2f}") for v in values.tolist()]


def _list_rows(values: np.ndarray) -> list[list[float | None]]:
    return [_list(row) for row in values]


def _rows(
    run: ScoreRun,
    ids: list[int],
    scores: core.Scores,
    source: str,
    people: dict[int, int],
    skp: dict[int, tuple[int, str]],
    es_t: list[list[float | None]],
) -> list[tuple]:
    rows: list[tuple] = []
    for i, registration in enumerate(ids):
        year, predikat = skp.get(people[registration], (None, None))
        kinerja = talent.kinerja_from_predikat(predikat)
        potential_category = scores.potential_category[i]
        rows.append(
            (
                run.pk,
                registration,
                source,
                _list(scores.competency_score[i]),
                scores.level[i].tolist(),
                scores.gap[i].tolist(),
                _decimal(scores.jpm[i]),
                scores.jpm_category[i] or "",
                _decimal(scores.ld_score[i]),
                _list(scores.ld_pillar[i]),
                _list(scores.es_scale[i]),
                es_t[i],
                _decimal(scores.es_score[i]),
                bool(scores.es_complete[i]),
                _decimal(scores.potential[i]),
                potential_category or "",
                kinerja or "",
                year,
                talent.talent_box(kinerja, potential_category),
            )
        )
    return rows


def finalize(run_id: int) -> None:
    """The cohort step: T-scores, item analysis and aggregates, then the run is done."""
    run = ScoreRun.objects.select_related("event", "instrument").get(pk=run_id)
    if run.status not in (ScoreRun.Status.QUEUED, ScoreRun.Status.RUNNING):
        return
    if run.chunks.filter(done_at__isnull=True).exists():
        raise ChunksPending(run_id)
    _, inputs_hash, sheets = inputs_and_sheets(run.event, run.instrument)
    if inputs_hash != run.inputs_hash:
        mark_failed(
            run_id,
            "Data masukan berubah selama penilaian (jawaban, skor jadi, SKP, standar level, "
            "aturan atau norma ES); jalankan penilaian baru.",
        )
        return
    analysis = {}
    if run.instrument is not None:
        items = run.instrument.scoring_items()
        ids = sorted(sheets)  # everyone scored from answers (the hash says nothing changed)
        codes = _decode([sheets[i] for i in ids], len(items))
        analysis = analyse(items, codes, core.Settings(**run.settings_snapshot))
    with transaction.atomic():
        locked = ScoreRun.objects.select_for_update().get(pk=run_id)
        if locked.status not in (ScoreRun.Status.QUEUED, ScoreRun.Status.RUNNING):
            return
        locked.item_analysis = analysis
        locked.summary = summarise(locked).to_json()
        locked.status, locked.finished_at = ScoreRun.Status.DONE, timezone.now()
        locked.save(update_fields=["item_analysis", "summary", "status", "finished_at"])


def es_cohort(
    instrument: Instrument | None, rules: core.Settings, sheets: dict[int, str]
) -> dict[str, dict | None]:
    """The mean, sd and size of the ES scale means of everyone scored from answers, per
    scale (ScaleNorm's JSON; None where nobody has a score): what the chunks read T-scores
    against when the run has no stored norm, and what a norm taken from the run copies. The
    run's start records it in es_reference["cohort"], from the sheets it hashed."""
    if instrument is None or not sheets:
        return dict.fromkeys(core.ES_SCALES)
    items = instrument.scoring_items()
    scale = core.es_scale_means(
        items, _decode([sheets[i] for i in sorted(sheets)], len(items)), rules
    )
    figures = norms.cohort_figures(scale)
    return {
        code: None if f is None else f.as_json()
        for code, f in zip(core.ES_SCALES, figures, strict=True)
    }


def es_t_scores(run: ScoreRun, scale: np.ndarray) -> np.ndarray:
    """The rounded T-scores of these scale means: against the norm the run recorded when it
    started, else against the figures of the whole cohort its start recorded."""
    reference = run.es_reference
    if recorded := reference.get("norm"):
        norm = [norms.ScaleNorm.from_json(recorded["scales"][code]) for code in core.ES_SCALES]
        return round_half_up(norms.t_scores(scale, norm))
    cohort = reference["cohort"]
    figures = [
        None if cohort[c] is None else norms.ScaleNorm.from_json(cohort[c]) for c in core.ES_SCALES
    ]
    return round_half_up(norms.cohort_t_scores(scale, figures))

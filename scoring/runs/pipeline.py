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

from core.db import bulk_update_rows, bulk_upsert
from participants.standards import required_levels_of
from scoring import core, norms, talent
from scoring.item_analysis import analyse
from scoring.models import AnswerSheet, ParticipantResult, PrescoredResult, ScoreRun, ScoreRunChunk
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
    people = {
        pk: (participant, position_class)
        for pk, participant, position_class in Registration.objects.filter(
            event=event, pk__range=(first, last)
        ).values_list("pk", "participant_id", "participant__position_class_id")
    }
    # The position's own standard when it has one, else its class's (participants.standards).
    required = required_levels_of({pk: person[0] for pk, person in people.items()})
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
        rows += _rows(run, ids, scores, ParticipantResult.Source.ANSWERS, people, skp)
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
        rows += _rows(run, ids, scores, ParticipantResult.Source.PRESCORED, people, skp)
    return rows


def _float(value: Decimal | float | None) -> float:
    return math.nan if value is None else float(value)


def _decimal(value: float) -> Decimal | None:
    return None if math.isnan(value) else Decimal(f"{value:.2f}")


def _list(values: np.ndarray) -> list[float | None]:
    return [None if math.isnan(v) else float(f"{v:.2f}") for v in values.tolist()]


def _rows(
    run: ScoreRun,
    ids: list[int],
    scores: core.Scores,
    source: str,
    people: dict[int, tuple[int, int]],
    skp: dict[int, tuple[int, str]],
) -> list[tuple]:
    rows: list[tuple] = []
    for i, registration in enumerate(ids):
        year, predikat = skp.get(people[registration][0], (None, None))
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
                [],  # T-scores: the final step, against the whole cohort
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
    analysis, t_rows, reference = {}, [], run.es_reference
    if run.instrument is not None:
        rules = core.Settings(**run.settings_snapshot)
        items = run.instrument.scoring_items()
        ids = sorted(sheets)  # everyone scored from answers (the hash says nothing changed)
        codes = _decode([sheets[i] for i in ids], len(items))
        t_scores, reference = es_t_and_reference(run, items, codes, rules)
        t_rows = [(run.pk, i, _list(t)) for i, t in zip(ids, t_scores, strict=True)]
        analysis = analyse(items, codes, rules)
    with transaction.atomic():
        locked = ScoreRun.objects.select_for_update().get(pk=run_id)
        if locked.status not in (ScoreRun.Status.QUEUED, ScoreRun.Status.RUNNING):
            return
        bulk_update_rows(
            ParticipantResult, t_rows, key=("run_id", "registration_id"), fields=("es_t",)
        )
        locked.item_analysis, locked.es_reference = analysis, reference
        locked.summary = summarise(locked).to_json()
        locked.status, locked.finished_at = ScoreRun.Status.DONE, timezone.now()
        locked.save(
            update_fields=["item_analysis", "es_reference", "summary", "status", "finished_at"]
        )


def es_t_and_reference(
    run: ScoreRun, items: list[core.Item], codes: np.ndarray, rules: core.Settings
) -> tuple[np.ndarray, dict]:
    """The rounded T-scores of everyone scored from answers, against the norm the run
    recorded when it started or else the cohort, and the run's es_reference with the cohort's
    own figures added (what a norm taken from this run copies)."""
    scale = core.es_scale_means(items, codes, rules)
    recorded = (run.es_reference or {}).get("norm")
    norm = None
    if recorded:
        norm = [norms.ScaleNorm.from_json(recorded["scales"][code]) for code in core.ES_SCALES]
    cohort = [None if f is None else f.as_json() for f in norms.cohort_figures(scale)]
    reference = {"norm": recorded, "cohort": dict(zip(core.ES_SCALES, cohort, strict=True))}
    return round_half_up(norms.t_scores(scale, norm)), reference

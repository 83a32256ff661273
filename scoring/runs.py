"""Score runs: an event's inputs fixed by a hash, scored in chunks on Celery workers, then one
final step for what needs the whole cohort (ES T-scores, item analysis, aggregates).

Every step is idempotent: a chunk is scored under a lock on its row and marked done in the
same transaction, so a chunk delivered twice (a worker killed after its work, before its
acknowledgement) writes the same rows once. The final step checks that every chunk is done
and that the inputs still hash to what the run recorded; a published run is never changed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import time
from dataclasses import asdict
from decimal import Decimal

import numpy as np
from celery import chord, signature
from django.conf import settings
from django.db import transaction
from django.db.models import Avg, Count, Max, Sum
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import audit_record
from cact_admin.db import bulk_update_rows, bulk_upsert
from participants.competencies import COMPETENCY_CODES
from participants.models import RequiredLevel
from participants.standards import own_standards_used, required_levels_of
from scoring import core, rounding, talent
from scoring import groups as groups_module
from scoring.item_analysis import analyse
from scoring.models import (
    AnswerSheet,
    Instrument,
    ParticipantResult,
    PrescoredResult,
    ScoreRun,
    ScoreRunChunk,
    SkpRating,
)
from sessions_app.models import Event, Registration

log = logging.getLogger(__name__)

# The tasks, sent by name (scoring/tasks.py calls this module, never the other way round).
SCORE_CHUNK, FINALIZE_RUN = "scoring.tasks.score_chunk", "scoring.tasks.finalize_run"

SCORING_VERSION = 1  # part of the inputs hash: a change of the rules' code is a change of input
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


class RunRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ChunksPending(Exception):
    """The final step came before every chunk was done; it is tried again later."""


# --- inputs -------------------------------------------------------------------------------


def scoring_instrument(event: Event) -> Instrument | None:
    """The instrument a run scores: the most recent one of the event that has answers."""
    return (
        event.instruments.filter(answer_sheets__isnull=False)
        .distinct()
        .order_by("-created_at", "-pk")
        .first()
    )


def _settings_snapshot(event: Event) -> dict:
    from scoring.services import scoring_settings_for

    return asdict(scoring_settings_for(event).as_settings())


def _required_table() -> dict[int, np.ndarray]:
    table: dict[int, dict[str, int]] = {}
    for position_class, competency, level in RequiredLevel.objects.values_list(
        "position_class_id", "competency", "level"
    ):
        table.setdefault(position_class, {})[competency] = level
    return {
        pc: np.array([levels.get(code, 0) for code in COMPETENCY_CODES])
        for pc, levels in table.items()
    }


def _skp_of(event: Event, first: int = 0, last: int | None = None) -> dict[int, tuple[int, str]]:
    """The latest SKP rating up to the event's year of each participant registered for the
    event (with a registration id in first..last when given)."""
    ratings = SkpRating.objects.filter(
        participant__registrations__event=event, year__lte=event.start_date.year
    )
    if last is not None:
        ratings = ratings.filter(participant__registrations__pk__range=(first, last))
    latest: dict[int, tuple[int, str]] = {}
    for participant, year, predikat in ratings.order_by("participant_id", "year").values_list(
        "participant_id", "year", "predikat"
    ):
        latest[participant] = (year, predikat)
    return latest


def run_inputs(event: Event, instrument: Instrument | None) -> tuple[list[int], str]:
    """The registrations a run scores (sorted ids) and the hash of everything it reads."""
    registrations, inputs_hash, _ = _inputs(event, instrument)
    return registrations, inputs_hash


def _inputs(event: Event, instrument: Instrument | None) -> tuple[list[int], str, dict]:
    """run_inputs, plus the answer sheets it read (registration id -> answers)."""
    digest = hashlib.sha256()

    def feed(*parts) -> None:
        digest.update(json.dumps(parts, default=str, separators=(",", ":")).encode())
        digest.update(b"\n")

    feed("version", SCORING_VERSION)
    feed("settings", _settings_snapshot(event))
    sheets: dict[int, str] = {}
    if instrument is not None:
        feed(
            "items",
            list(
                instrument.items.order_by("position").values_list(
                    "code", "component", "scale", "kind", "key", "reverse"
                )
            ),
        )
        sheets = dict(
            AnswerSheet.objects.filter(instrument=instrument, registration__event=event)
            .order_by("registration_id")
            .values_list("registration_id", "answers")
            .iterator(chunk_size=10_000)
        )
        # One line per sheet, hashed in one go: a json.dumps per row costs seconds at 100,000.
        digest.update("".join(f"s{pk}:{answers}\n" for pk, answers in sheets.items()).encode())
    scored = set(sheets)
    for registration, levels, ld, es in (
        PrescoredResult.objects.filter(registration__event=event)
        .order_by("registration_id")
        .values_list("registration_id", "levels", "ld_score", "es_score")
    ):
        if registration not in scored:
            feed("prescored", registration, levels, ld, es)
            scored.add(registration)
    people = {
        pk: (participant, position_class)
        for pk, participant, position_class in Registration.objects.filter(event=event).values_list(
            "pk", "participant_id", "participant__position_class_id"
        )
        if pk in scored
    }
    feed("required", sorted((pc, levels.tolist()) for pc, levels in _required_table().items()))
    if own := own_standards_used(people[pk][0] for pk in scored):
        feed("position standards", own)
    ordered = sorted(scored)
    digest.update("".join(f"c{pk}:{people[pk][1]}\n" for pk in ordered).encode())
    skp = _skp_of(event)
    digest.update("".join(f"k{pk}:{skp.get(people[pk][0])}\n" for pk in ordered).encode())
    return ordered, digest.hexdigest(), sheets


# --- starting, dispatching, publishing ----------------------------------------------------


def start_run(*, event: Event, actor, instrument: Instrument | None = None) -> ScoreRun:
    """Fix the inputs of a new run, split it into chunks and send it to the workers."""
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)  # one run started at a time
        busy = event.score_runs.filter(status__in=[ScoreRun.Status.QUEUED, ScoreRun.Status.RUNNING])
        if (running := busy.first()) is not None:
            raise RunRefused(
                f"Penilaian #{running.number} belum selesai; tunggu atau lanjutkan proses itu dulu."
            )
        instrument = instrument or scoring_instrument(event)
        registrations, inputs_hash = run_inputs(event, instrument)
        if not registrations:
            raise RunRefused(
                "Belum ada jawaban mentah atau skor jadi untuk kegiatan ini; impor dulu."
            )
        _check_ready(event, instrument, registrations)
        number = (event.score_runs.aggregate(top=Max("number"))["top"] or 0) + 1
        run = ScoreRun.objects.create(
            event=event,
            number=number,
            instrument=instrument,
            inputs_hash=inputs_hash,
            settings_snapshot=_settings_snapshot(event),
            participants_total=len(registrations),
            started_by=actor,
        )
        size = settings.SCORE_CHUNK_SIZE
        chunks = [registrations[i : i + size] for i in range(0, len(registrations), size)]
        ScoreRunChunk.objects.bulk_create(
            ScoreRunChunk(
                run=run,
                index=index,
                first_registration=chunk[0],
                last_registration=chunk[-1],
                size=len(chunk),
            )
            for index, chunk in enumerate(chunks)
        )
        run.chunks_total = len(chunks)
        run.save(update_fields=["chunks_total"])
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            target=run,
            changes={"peserta": len(registrations), "hash": inputs_hash},
        )
    dispatch(run.pk)
    run.refresh_from_db()
    return run


def _check_ready(event: Event, instrument: Instrument | None, registrations: list[int]) -> None:
    if instrument is not None:
        try:
            core.score(
                instrument.scoring_items(),
                np.zeros((0, instrument.items.count()), dtype=np.int8),
                np.zeros((0, 9), dtype=np.int64),
            )
        except ValueError as error:
            raise RunRefused(f"Instrumen {instrument.name} tidak bisa dinilai: {error}") from error
    scored = set(registrations)
    classes = {
        (name, pk)
        for registration, name, pk in Registration.objects.filter(event=event).values_list(
            "pk", "participant__position_class__name", "participant__position_class_id"
        )
        if registration in scored
    }
    required = _required_table()
    incomplete = sorted(
        name for name, pk in classes if pk not in required or (required[pk] < core.MIN_LEVEL).any()
    )
    if incomplete:
        raise RunRefused(
            "Standar level kompetensi belum lengkap untuk jenis jabatan: "
            f"{', '.join(incomplete)}. Lengkapi di Master > Standar level."
        )


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


def publish_run(*, run: ScoreRun, actor) -> ScoreRun:
    with transaction.atomic():
        run = ScoreRun.objects.select_for_update().get(pk=run.pk)
        if run.status != ScoreRun.Status.DONE:
            raise RunRefused("Hanya penilaian yang sudah selesai yang bisa diterbitkan.")
        if run.published_at is not None:
            raise RunRefused(f"Penilaian #{run.number} sudah diterbitkan.")
        run.published_at, run.published_by = timezone.now(), actor
        run.save(update_fields=["published_at", "published_by"])
        audit_record(
            actor=actor, action=AuditEntry.Action.UPDATE, target=run, changes={"terbit": True}
        )
    return run


def stop_run(*, run: ScoreRun, actor) -> None:
    """Give up an unfinished run (its worker will not come back); its rows stay a draft."""
    with transaction.atomic():
        claimed = ScoreRun.objects.filter(
            pk=run.pk, status__in=[ScoreRun.Status.QUEUED, ScoreRun.Status.RUNNING]
        ).update(
            status=ScoreRun.Status.FAILED,
            error=f"Dihentikan oleh {actor or 'sistem'}.",
            finished_at=timezone.now(),
        )
        if claimed:
            audit_record(
                actor=actor, action=AuditEntry.Action.UPDATE, target=run, changes={"henti": True}
            )


def published_run(event: Event) -> ScoreRun | None:
    return event.score_runs.filter(published_at__isnull=False).order_by("-published_at").first()


def wait_for(run: ScoreRun, timeout: float, on_progress=None) -> ScoreRun:
    """Block until the run is done or failed (a command's view of the workers); calls
    on_progress(run, progress) whenever the percentage moves. TimeoutError after timeout."""
    deadline, shown = time.monotonic() + timeout, None
    while True:
        run.refresh_from_db()
        if run.status in (ScoreRun.Status.DONE, ScoreRun.Status.FAILED):
            return run
        now = progress(run)
        if on_progress and now["percent"] != shown:
            shown = now["percent"]
            on_progress(run, now)
        if time.monotonic() > deadline:
            raise TimeoutError(run.number)
        time.sleep(0.5)


def mark_failed(run_id: int, error: str) -> None:
    ScoreRun.objects.filter(
        pk=run_id, status__in=[ScoreRun.Status.QUEUED, ScoreRun.Status.RUNNING]
    ).update(status=ScoreRun.Status.FAILED, error=error[:2000], finished_at=timezone.now())


def progress(run: ScoreRun) -> dict:
    done = run.chunks.filter(done_at__isnull=False).aggregate(
        chunks=Count("pk"), people=Sum("size")
    )
    chunks_done, people_done = done["chunks"], done["people"] or 0
    steps = run.chunks_total + 1  # the final step counts as one
    finished = run.status == ScoreRun.Status.DONE
    percent = 100 if finished else math.floor(100 * chunks_done / steps) if steps else 0
    return {
        "chunks_done": chunks_done,
        "people_done": people_done,
        "percent": percent,
        "final_step": chunks_done == run.chunks_total and not finished,
    }


# --- the work of the tasks ----------------------------------------------------------------


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
        ScoreRun.objects.filter(pk=run.pk, status=ScoreRun.Status.QUEUED).update(
            status=ScoreRun.Status.RUNNING
        )
        rows = chunk_rows(run, chunk.first_registration, chunk.last_registration)
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
    skp = _skp_of(event, first, last)
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


def _float(value) -> float:
    return math.nan if value is None else float(value)


def _decimal(value) -> Decimal | None:
    return None if math.isnan(value) else Decimal(f"{value:.2f}")


def _list(values) -> list:
    return [None if math.isnan(v) else float(f"{v:.2f}") for v in values.tolist()]


def _rows(run, ids, scores: core.Scores, source, people, skp) -> list[tuple]:
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
    _, inputs_hash, sheets = _inputs(run.event, run.instrument)
    if inputs_hash != run.inputs_hash:
        mark_failed(
            run_id,
            "Data masukan berubah selama penilaian (jawaban, skor jadi, SKP, standar level atau "
            "aturan); jalankan penilaian baru.",
        )
        return
    analysis, t_rows = {}, []
    if run.instrument is not None:
        rules = core.Settings(**run.settings_snapshot)
        items = run.instrument.scoring_items()
        ids = sorted(sheets)  # everyone scored from answers (the hash says nothing changed)
        codes = _decode([sheets[i] for i in ids], len(items))
        t_scores = core.es_t_scores(items, codes, rules)
        t_rows = [(run.pk, i, _list(t)) for i, t in zip(ids, t_scores, strict=True)]
        analysis = analyse(items, codes, rules)
    with transaction.atomic():
        locked = ScoreRun.objects.select_for_update().get(pk=run_id)
        if locked.status not in (ScoreRun.Status.QUEUED, ScoreRun.Status.RUNNING):
            return
        bulk_update_rows(
            ParticipantResult, t_rows, key=("run_id", "registration_id"), fields=("es_t",)
        )
        locked.item_analysis = analysis
        locked.summary = summarise(locked)
        locked.status, locked.finished_at = ScoreRun.Status.DONE, timezone.now()
        locked.save(update_fields=["item_analysis", "summary", "status", "finished_at"])


def summarise(run: ScoreRun) -> dict:
    """Counts and means of the run, and the per-group figures the report pages add up."""
    results = run.results.all()

    def counts(field: str) -> dict:
        return {
            str(key): n
            for key, n in results.values_list(field).annotate(n=Count("pk")).order_by(field)
            if key not in (None, "")
        }

    blocks, statistics = _walk(run)
    return {
        "participants": results.count(),
        "jpm_category": counts("jpm_category"),
        "potential_category": counts("potential_category"),
        "box": counts("box"),
        "kinerja": counts("kinerja"),
        "es_incomplete": results.filter(es_complete=False, source="answers").count(),
        "jpm_mean": _mean(results.aggregate(v=Avg("jpm"))["v"]),
        "potential_mean": _mean(results.aggregate(v=Avg("potential"))["v"]),
        **{f"by_{grouping}": block for grouping, block in blocks.items()},
        "groups": statistics,
    }


BINS = 10  # score histograms: 0-9.99, 10-19.99, ..., 90-100
BLOCK_GROUPINGS = ("opd", "region", "position_class")
_PERSON = "registration__participant__"
_WALK_FIELDS = (
    f"{_PERSON}opd_id",
    f"{_PERSON}opd__name",
    f"{_PERSON}upt__region_id",
    f"{_PERSON}upt__region__name",
    f"{_PERSON}position_class_id",
    f"{_PERSON}position_class__name",
    f"{_PERSON}upt__name",
    f"{_PERSON}golongan",
    f"{_PERSON}gender",
    f"{_PERSON}birth_date",
    "jpm",
    "ld_score",
    "es_score",
    "potential",
    "jpm_category",
    "potential_category",
    "box",
    "gaps",
)


def _walk(run: ScoreRun) -> tuple[dict[str, dict[str, dict]], dict[str, list[dict]]]:
    """One pass over the results: the per-group blocks (OPD, region, position class) that
    pages add up over the groups a manager may see (counts add, means come from sums and
    counts), and the columns of the per-group statistics (scoring.groups)."""
    blocks: dict[str, dict[str, dict]] = {grouping: {} for grouping in BLOCK_GROUPINGS}
    collector = groups_module.ColumnsCollector(on=run.event.start_date)
    for row in run.results.values_list(*_WALK_FIELDS).iterator(chunk_size=5000):
        (opd_id, opd, region_id, region, class_id, position_class, upt, golongan, gender,
         birth, jpm, ld, es, potential, jpm_cat, pot_cat, box, gaps) = row  # fmt: skip
        figures = (jpm, ld, es, potential, jpm_cat, pot_cat, box, gaps)
        for grouping, key, name in (
            ("opd", opd_id, opd),
            ("region", region_id, region),
            ("position_class", class_id, position_class),
        ):
            _add_to_block(blocks[grouping], key, name, *figures)
        collector.add(
            (opd, upt, region, position_class, golongan, gender, birth)
            + (jpm, ld, es, potential, jpm_cat, pot_cat)
        )
    statistics = groups_module.statistics(collector.columns())
    return blocks, statistics


def _add_to_block(groups, key, name, jpm, ld, es, potential, jpm_cat, pot_cat, box, gaps):
    """Count one result into its group's block; `below[i]`: people under the standard in
    competency i, of the `measured` ones."""
    group = groups.get(str(key))
    if group is None:
        group = groups[str(key)] = {
            "name": name or groups_module.PROVINCE,
            "n": 0,
            "sums": {"jpm": 0.0, "ld": 0.0, "es": 0.0, "potential": 0.0},
            "counts": {"jpm": 0, "ld": 0, "es": 0, "potential": 0},
            "jpm_category": {},
            "potential_category": {},
            "box": {},
            "ld_bins": [0] * BINS,
            "es_bins": [0] * BINS,
            "below": [0] * len(COMPETENCY_CODES),
            "measured": 0,
        }
    group["n"] += 1
    for field, value in (("jpm", jpm), ("ld", ld), ("es", es), ("potential", potential)):
        if value is not None:
            group["sums"][field] += float(value)
            group["counts"][field] += 1
    for field, value in (("jpm_category", jpm_cat), ("potential_category", pot_cat), ("box", box)):
        if value not in (None, ""):
            group[field][str(value)] = group[field].get(str(value), 0) + 1
    for field, value in (("ld_bins", ld), ("es_bins", es)):
        if value is not None:
            group[field][min(int(float(value) // (100 / BINS)), BINS - 1)] += 1
    if jpm is not None and gaps:  # levels were measured (or given)
        group["measured"] += 1
        for i, gap in enumerate(gaps):
            if gap < 0:
                group["below"][i] += 1


def _mean(value) -> float | None:
    if value is None:
        return None
    return float(rounding.round_half_up(float(value)))

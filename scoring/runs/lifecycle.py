"""A run's life as people see it: started (its inputs fixed, split into chunks, sent to the
workers), watched, published or stopped. The workers' side is scoring.runs.pipeline."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import numpy as np
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import audit_record
from scoring import core
from scoring.models import Instrument, ScoreRun, ScoreRunChunk
from scoring.runs.inputs import (
    es_norm_of,
    inputs_and_sheets,
    required_table,
    scoring_instrument,
    settings_snapshot,
)
from scoring.runs.pipeline import dispatch, es_cohort
from scoring.signals import announce_published
from sessions_app.models import Event, Registration


class RunRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def start_run(
    *, event: Event, actor: User | None, instrument: Instrument | None = None
) -> ScoreRun:
    """Fix the inputs of a new run, split it into chunks and send it to the workers."""
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)  # one run started at a time
        busy = event.score_runs.filter(status__in=[ScoreRun.Status.QUEUED, ScoreRun.Status.RUNNING])
        if (running := busy.first()) is not None:
            raise RunRefused(
                f"Penilaian #{running.number} belum selesai; tunggu atau lanjutkan proses itu dulu."
            )
        instrument = instrument or scoring_instrument(event)
        registrations, inputs_hash, sheets = inputs_and_sheets(event, instrument)
        if not registrations:
            raise RunRefused(
                "Belum ada jawaban mentah atau skor jadi untuk kegiatan ini; impor dulu."
            )
        _check_ready(event, instrument, registrations)
        number = (event.score_runs.aggregate(top=Max("number"))["top"] or 0) + 1
        norm, snapshot = es_norm_of(event), settings_snapshot(event)
        try:
            cohort = es_cohort(instrument, core.Settings(**snapshot), sheets)
        except ValueError as error:  # a stored sheet of another length than the items
            raise RunRefused(
                f"Jawaban tersimpan tidak cocok dengan instrumen {instrument}; impor ulang "
                "jawabannya."
            ) from error
        run = ScoreRun.objects.create(
            event=event,
            number=number,
            instrument=instrument,
            inputs_hash=inputs_hash,
            settings_snapshot=snapshot,
            es_norm=norm,
            es_reference={"norm": None if norm is None else norm.as_json(), "cohort": cohort},
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
            changes={
                "peserta": len(registrations),
                "hash": inputs_hash,
                "norma ES": norm.name if norm else "kohort kegiatan",
            },
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
    required = required_table()
    incomplete = sorted(
        name for name, pk in classes if pk not in required or (required[pk] < core.MIN_LEVEL).any()
    )
    if incomplete:
        raise RunRefused(
            "Standar level kompetensi belum lengkap untuk jenis jabatan: "
            f"{', '.join(incomplete)}. Lengkapi di Master > Standar level."
        )


def publish_run(*, run: ScoreRun, actor: User | None) -> ScoreRun:
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
        announce_published(run=run, actor=actor)
    return run


def stop_run(*, run: ScoreRun, actor: User | None) -> None:
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


def wait_for(
    run: ScoreRun,
    timeout: float,
    on_progress: Callable[[ScoreRun, dict], None] | None = None,
) -> ScoreRun:
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

"""Celery tasks of a score run: chunks in parallel, then the final step (see reports.runs)."""

import logging

from celery import shared_task
from celery.signals import worker_ready

from reports import runs

log = logging.getLogger(__name__)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def score_chunk(run_id: int, index: int) -> int:
    try:
        return runs.score_chunk(run_id, index)
    except Exception as error:
        runs.mark_failed(run_id, f"Bagian {index + 1}: {error}")
        raise


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=300)
def finalize_run(self, run_id: int) -> None:
    try:
        runs.finalize(run_id)
    except runs.ChunksPending as pending:
        # A chunk delivered twice can complete the chord early; wait for the real last one.
        raise self.retry(countdown=2) from pending
    except Exception as error:
        runs.mark_failed(run_id, f"Langkah akhir: {error}")
        raise


@worker_ready.connect
def resume_runs(**kwargs) -> None:
    """A worker that (re)starts picks up runs a killed worker left unfinished."""
    resumed = runs.resume_unfinished()
    if resumed:
        log.warning("resumed %d unfinished score run(s)", resumed)

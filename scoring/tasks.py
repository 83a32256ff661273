"""Celery tasks of a score run: chunks in parallel, then the final step (see
scoring.runs.pipeline, which sends them by name)."""

import logging

from celery import shared_task

from scoring.runs import pipeline

log = logging.getLogger(__name__)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def score_chunk(run_id: int, index: int) -> int:
    try:
        return pipeline.score_chunk(run_id, index)
    except Exception as error:
        # The page shows what failed, never the error's own text (SQL, a NIP): that is logged.
        pipeline.mark_failed(run_id, f"Bagian {index + 1} gagal dinilai ({type(error).__name__}).")
        raise


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=300)
def finalize_run(self, run_id: int) -> None:
    try:
        pipeline.finalize(run_id)
    except pipeline.ChunksPending as pending:
        # A chunk delivered twice can complete the chord early; wait for the real last one.
        raise self.retry(countdown=2) from pending
    except Exception as error:
        pipeline.mark_failed(run_id, f"Langkah akhir gagal ({type(error).__name__}).")
        raise


def resume_work() -> None:
    """Runs a killed worker or a Redis outage left unfinished, sent again; a worker calls it
    each time it connects to the broker (settings.RESUME_ON_WORKER_CONNECT)."""
    resumed = pipeline.resume_unfinished()
    if resumed:
        log.warning("resumed %d unfinished score run(s)", resumed)

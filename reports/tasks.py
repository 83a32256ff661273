"""Celery task of the Excel recap (see reports.recap_exports, which sends it by name)."""

import logging

from celery import shared_task

from reports import recap_exports

log = logging.getLogger(__name__)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def write_recap_export(export_id: int) -> None:
    """An Excel recap a manager asked for."""
    recap_exports.write_export(export_id)


def resume_work() -> None:
    """Recaps asked for while the queue was down, sent now; a worker calls it each time it
    connects to the broker (settings.RESUME_ON_WORKER_CONNECT)."""
    sent = recap_exports.resend_unsent()
    if sent:
        log.warning("sent %d recap(s) asked for while the queue was down", sent)

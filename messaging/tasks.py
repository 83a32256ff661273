"""The Celery task that sends one message (see messaging.services, which sends it by name)."""

import logging

from celery import shared_task
from django.contrib.auth import get_user_model

from messaging import notices, services

log = logging.getLogger(__name__)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=services.MAX_ATTEMPTS,
)
def send_message(self, message_id: int) -> str | None:
    outcome = services.message_send(message_id)
    while outcome.retry_in is not None and self.request.is_eager:
        # In-process Celery (no broker, the embedded default) has no worker to come back
        # later: the next attempt is now, until sent or failed after MAX_ATTEMPTS.
        outcome = services.message_send(message_id)
    if outcome.retry_in is not None:
        raise self.retry(countdown=outcome.retry_in)
    return outcome.state


@shared_task(acks_late=True, reject_on_worker_lost=True)
def queue_notices(registration_ids: list[int], kind: str, actor_id: int | None) -> int:
    """Compose and queue the notices of a saved schedule (messaging.notices.notices_later).
    Safe to run twice: a notice already queued for the same session and seat is skipped."""
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    queued, _before = notices.notices_for(registration_ids, kind, actor)
    return queued


def resume_work() -> None:
    """Queued e-mails sent again; a worker calls it each time it connects to the broker
    (settings.RESUME_ON_WORKER_CONNECT)."""
    resumed = services.resend_queued()
    if resumed:
        log.warning("resent %d queued message(s)", resumed)

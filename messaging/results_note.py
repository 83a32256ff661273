"""On publication of a score run, each OPD contact is told that its people's results are
available, with a link to the results page; never the results themselves."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse

from messaging.models import Message, kind_enabled
from messaging.notices import Notice
from messaging.services import Draft, message_queue
from participants.models import Opd
from scoring.models import ScoreRun

log = logging.getLogger(__name__)

KIND = Message.Kind.RESULTS


def opds_of(run: ScoreRun):
    """The OPDs with someone in the run's results, each with their count as `people`."""
    return Opd.objects.filter(participants__registrations__results__run=run).annotate(
        people=Count("participants__registrations__results", distinct=True)
    )


def dedupe_key(run: ScoreRun, opd: Opd) -> str:
    return f"{KIND}:{run.pk}:{opd.pk}"


def compose(run: ScoreRun, opd: Opd, *, channel: str = Message.Channel.EMAIL) -> Notice:
    event = run.event
    link = settings.SITE_URL + reverse("reports:results", args=[event.code])
    context = {
        "contact": opd.contact_name or f"Kepala {opd.name}",
        "opd": opd.name,
        "event": event.name,
        "people": getattr(opd, "people", 0),
        "link": link,
    }
    subject = render_to_string("messaging/email/results_subject.txt", context)
    body = render_to_string("messaging/email/results_body.txt", context)
    base = {
        "kind": KIND,
        "recipient_name": context["contact"],
        "event_id": event.pk,
        "opd_id": opd.pk,
    }
    return Notice(" ".join(subject.split()), body.strip() + "\n", base)


def draft_of(run: ScoreRun, opd: Opd) -> Draft:
    notice = compose(run, opd)
    return Draft(
        **notice.draft_base,
        recipient_address=opd.contact_email,
        subject=notice.subject,
        body=notice.body,
        dedupe_key=dedupe_key(run, opd),
    )


def notes_queue(*, run: ScoreRun, actor) -> tuple[int, int]:
    """Queue each OPD contact's note of this run once; (queued, already queued before)."""
    opds = list(opds_of(run).exclude(contact_email=""))
    queued = message_queue(drafts=[draft_of(run, opd) for opd in opds], actor=actor)
    return len(queued), len(opds) - len(queued)


def on_run_published(sender, *, run: ScoreRun, actor, **kwargs) -> None:
    try:
        if kind_enabled(run.event_id, KIND):
            notes_queue(run=run, actor=actor)
    except Exception:
        # The run is published; the event's message page can queue the notes again.
        log.exception("results notes of run %s not queued", run.pk)

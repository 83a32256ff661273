"""What a placed participant is told: where and when to come, with their card (PDF with the
QR), when the schedule places or moves them, and their new session after a no-show.

The same text goes by e-mail (with the card attached) and prefilled in a wa.me link.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from celery import signature
from django.db.models import F, QuerySet
from django.template.loader import render_to_string

from core.db import filter_among
from messaging.models import Message, kind_enabled
from messaging.services import Draft, message_queue
from sessions_app.card_pdf import CARD_NOTE, Card, cards_pdf
from sessions_app.cards import card_code
from sessions_app.documents import indonesian_date, time_range
from sessions_app.models import Attendance, Event, Placement, Registration
from sessions_app.services.reschedule import MISSED

log = logging.getLogger(__name__)

PDF = "application/pdf"
QUEUE_NOTICES = "messaging.tasks.queue_notices"


def placements_of(registration_ids) -> QuerySet[Placement]:
    return (
        Placement.objects.filter(registration_id__in=registration_ids)
        .select_related(
            "registration__participant__opd",
            "registration__event",
            "session",
            "workstation__lab__venue",
        )
        .order_by("session__date", "session__start_time", "workstation__label")
    )


def recipients(event: Event, kind: str) -> QuerySet[Placement]:
    """Everyone of the event a notice of this kind is about: every placed participant, or
    for a reschedule the no-shows now placed in another session."""
    placements = placements_of(event.registrations.values("pk"))
    if kind == Message.Kind.RESCHEDULE:
        moved = Attendance.objects.filter(session__event=event, status__in=MISSED).exclude(
            registration__placement__session_id=F("session_id")
        )
        placements = placements.filter(registration_id__in=moved.values("registration_id"))
    return placements


@dataclass(frozen=True)
class Notice:
    subject: str
    body: str
    draft_base: dict


def _missed_session(placement: Placement):
    missed = (
        Attendance.objects.filter(registration_id=placement.registration_id, status__in=MISSED)
        .exclude(session_id=placement.session_id)
        .select_related("session")
        .order_by("-session__date", "-session__start_time")
        .first()
    )
    return missed.session if missed else None


def compose(placement: Placement, kind: str, *, channel: str = Message.Channel.EMAIL) -> Notice:
    """The subject and text of one participant's notice of this kind."""
    person, event, session = (
        placement.registration.participant,
        placement.registration.event,
        placement.session,
    )
    venue = placement.workstation.lab.venue
    missed = _missed_session(placement) if kind == Message.Kind.RESCHEDULE else None
    context = {
        "name": person.name,
        "event": event.name,
        "day": indonesian_date(session.date),
        "hours": time_range(session.start_time, session.end_time),
        "session": session.name or "Sesi",
        "venue": venue.name,
        "address": venue.address,
        "room": placement.workstation.lab.name,
        "seat": placement.workstation.label,
        "note": CARD_NOTE,
        "missed_day": indonesian_date(missed.date) if missed else "",
        "missed_session": (missed.name or "Sesi") if missed else "",
        "attached": channel == Message.Channel.EMAIL,
    }
    subject = render_to_string(f"messaging/email/{kind}_subject.txt", context)
    body = render_to_string(f"messaging/email/{kind}_body.txt", context)
    base = {
        "kind": kind,
        "recipient_name": person.name,
        "event_id": event.pk,
        "participant_id": person.pk,
        "opd_id": person.opd_id,
    }
    return Notice(" ".join(subject.split()), body.strip() + "\n", base)


def card_of(placement: Placement) -> Card:
    person, session, lab = (
        placement.registration.participant,
        placement.session,
        placement.workstation.lab,
    )
    return Card(
        code=card_code(placement.registration_id),
        event_name=placement.registration.event.name,
        name=person.name,
        nip=person.nip,
        opd=person.opd.name,
        session_label=session.name or "Sesi",
        day=session.date,
        start=session.start_time,
        end=session.end_time,
        venue=lab.venue.name,
        room=lab.name,
        seat=placement.workstation.label,
    )


def dedupe_key(placement: Placement, kind: str) -> str:
    """One notice per change: the same session and seat are announced once."""
    return f"{kind}:{placement.registration_id}:{placement.session_id}:{placement.workstation_id}"


def draft_of(placement: Placement, kind: str) -> Draft:
    notice = compose(placement, kind)
    card = ("kartu-peserta.pdf", PDF, cards_pdf([card_of(placement)]))
    return Draft(
        **notice.draft_base,
        recipient_address=placement.registration.participant.email,
        subject=notice.subject,
        body=notice.body,
        dedupe_key=dedupe_key(placement, kind),
        attachments=(card,),
    )


COMPOSE_BATCH = 500  # notices composed (card PDFs in memory) and queued at a time


def pending(placements, kind: str) -> tuple[list[Placement], int]:
    """The placements whose participant has an address and has not had this notice for this
    session and seat, and how many with an address had it already."""
    with_email = [p for p in placements if p.registration.participant.email]
    known = set(
        Message.objects.filter(
            dedupe_key__in=[dedupe_key(p, kind) for p in with_email]
        ).values_list("dedupe_key", flat=True)
    )
    fresh = [p for p in with_email if dedupe_key(p, kind) not in known]
    return fresh, len(with_email) - len(fresh)


def notices_queue(*, placements, kind: str, actor) -> tuple[int, int]:
    """Queue the e-mail notice of each pending placement, COMPOSE_BATCH at a time so memory
    stays flat; (queued, already queued before)."""
    fresh, before = pending(placements, kind)
    queued = 0
    for start in range(0, len(fresh), COMPOSE_BATCH):
        batch = fresh[start : start + COMPOSE_BATCH]
        queued += len(message_queue(drafts=[draft_of(p, kind) for p in batch], actor=actor))
    return queued, before + len(fresh) - queued


def notices_for(registration_ids, kind: str, actor) -> tuple[int, int]:
    """Queue the notices of these people in the events that send this kind."""
    placements = list(placements_of(registration_ids))
    events = {p.registration.event_id for p in placements}
    enabled = {event for event in events if kind_enabled(event, kind)}
    return notices_queue(
        placements=[p for p in placements if p.registration.event_id in enabled],
        kind=kind,
        actor=actor,
    )


def notices_later(registration_ids, kind: str, actor) -> None:
    """Compose and queue the notices on the workers, COMPOSE_BATCH people a task (a card PDF
    each: minutes for a big event, never in the request that saved the schedule). Without a
    reachable task queue they are composed here and now, so nobody is left untold."""
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    # Only people with an address get a notice: the others are left here, not loaded batch
    # by batch (a schedule of 100,000 without addresses spent 18 s on them).
    addressed = Registration.objects.order_by().exclude(participant__email="")
    found = {
        pk
        for chunk in filter_among(addressed.values_list("pk", flat=True), "id", registration_ids)
        for pk in chunk
    }
    ids = [pk for pk in registration_ids if pk in found]
    for start in range(0, len(ids), COMPOSE_BATCH):
        batch = ids[start : start + COMPOSE_BATCH]
        try:
            signature(QUEUE_NOTICES, (batch, str(kind), actor_id)).apply_async(retry=False)
        except Exception:  # noqa: BLE001 - the broker is down: do the work in this process
            log.warning("task queue unreachable; %d notices composed in process", len(batch))
            notices_for(batch, kind, actor)


def on_placements_changed(sender, *, registration_ids, kind: str, actor, **kwargs) -> None:
    """The schedule saved: the notices of the events that send this kind, on a worker."""
    try:
        notices_later(registration_ids, kind, actor)
    except Exception:
        # The schedule is saved; the outbox page and the event's send page can queue again.
        log.exception("schedule notices not queued (%d people)", len(registration_ids))

"""Each kind of message as a batch for an event: who it would reach, one sample to preview,
and the queuing of the whole batch, so the event's message page treats every kind alike."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from messaging import letters, notices, proctors, results_note
from messaging.models import Message
from messaging.services import Draft
from scoring.runs.lifecycle import published_run
from sessions_app.models import Event


@dataclass(frozen=True)
class Batch:
    kind: Message.Kind
    audience: str  # who the recipients are, plural, for the page: "peserta", "OPD"
    total: int  # everyone the kind is about
    reachable: int  # of them, those with an e-mail address
    sample: Callable[[], Draft | None]  # one recipient's message, built only when shown
    queue: Callable[..., tuple[int, int]]  # queue(actor=...) -> (queued, queued before)
    empty: str = ""  # why there is nobody, when total is 0


def _participants_later(placements, kind: Message.Kind, actor) -> tuple[int, int]:
    """The participants' notices are built by the worker (a card PDF each), as main queues them."""
    fresh, before = notices.pending(placements, kind)
    notices.notices_later([p.registration_id for p in fresh], kind, actor)
    return len(fresh), before


def _participants(event: Event, kind: Message.Kind) -> Batch:
    placements = notices.recipients(event, kind)
    with_email = placements.exclude(registration__participant__email="")

    def sample() -> Draft | None:
        placement = with_email.first() or placements.first()
        return notices.draft_of(placement, kind) if placement else None

    return Batch(
        kind,
        "peserta",
        placements.count(),
        with_email.count(),
        sample,
        lambda *, actor: _participants_later(placements, kind, actor),
        "Belum ada peserta untuk pesan jenis ini.",
    )


def _opd_letters(event: Event) -> Batch:
    opds = letters.opds_placed(event)

    def sample() -> Draft | None:
        opd = opds.exclude(contact_email="").first() or opds.first()
        return letters.draft_of(letters.listing_of(event, opd)) if opd else None

    return Batch(
        Message.Kind.OPD_LETTER,
        "OPD",
        opds.count(),
        opds.exclude(contact_email="").count(),
        sample,
        lambda *, actor: letters.letters_queue(event=event, actor=actor),
        "Belum ada OPD dengan peserta terjadwal.",
    )


def _results(event: Event) -> Batch:
    run = published_run(event)
    if run is None:
        return Batch(
            Message.Kind.RESULTS,
            "OPD",
            0,
            0,
            lambda: None,
            lambda *, actor: (0, 0),
            "Belum ada hasil yang diterbitkan untuk kegiatan ini.",
        )
    opds = results_note.opds_of(run)

    def sample() -> Draft | None:
        opd = opds.exclude(contact_email="").first() or opds.first()
        return results_note.draft_of(run, opd) if opd else None

    return Batch(
        Message.Kind.RESULTS,
        "OPD",
        opds.count(),
        opds.exclude(contact_email="").count(),
        sample,
        lambda *, actor: results_note.notes_queue(run=run, actor=actor),
    )


def _proctors(event: Event) -> Batch:
    users = proctors.proctors_of(event)

    def sample() -> Draft | None:
        user = users.exclude(email="").first() or users.first()
        return proctors.draft_of(event, user, proctors.sessions_of(event, user)) if user else None

    return Batch(
        Message.Kind.PROCTOR,
        "pengawas",
        users.count(),
        users.exclude(email="").count(),
        sample,
        lambda *, actor: proctors.lists_queue(
            event=event, user_ids=list(users.values_list("pk", flat=True)), actor=actor
        ),
        "Belum ada pengawas yang ditugaskan pada sesi kegiatan ini.",
    )


def batch_of(event: Event, kind: Message.Kind) -> Batch:
    if kind in (Message.Kind.SCHEDULE, Message.Kind.RESCHEDULE):
        return _participants(event, kind)
    if kind == Message.Kind.OPD_LETTER:
        return _opd_letters(event)
    if kind == Message.Kind.RESULTS:
        return _results(event)
    return _proctors(event)

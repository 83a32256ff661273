"""What an OPD's contact is told when the schedule places or moves its people: one letter
listing them with day, session, room and seat, as the e-mail's text, a PDF with the office's
letterhead and the .xlsx (docs/formats.md#the-opd-letter), the same text in a wa.me link.

One message per OPD per change: the dedupe key holds a digest of the OPD's whole listing, so
a batch that moves ten of its people is one letter, and the same listing is never sent twice
(the signal firing twice, the operator pressing send again).
"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from core.db import filter_among
from messaging.letter_pdf import opd_letter_pdf
from messaging.models import Message, kind_enabled
from messaging.notices import Notice
from messaging.services import Draft, message_queue
from participants.models import Opd
from sessions_app.documents import (
    ARRIVAL_NOTE,
    ScheduleRow,
    display_nip,
    indonesian_date,
    opd_letters_workbook,
    time_range,
)
from sessions_app.models import Event, Registration
from sessions_app.schedule_rows import schedule_rows

log = logging.getLogger(__name__)

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KIND = Message.Kind.OPD_LETTER


@dataclass(frozen=True)
class Listing:
    event: Event
    opd: Opd
    rows: tuple[ScheduleRow, ...]

    @property
    def placed(self) -> bool:
        return any(row.day is not None for row in self.rows)

    @property
    def digest(self) -> str:
        parts = (
            f"{r.nip}|{r.day}|{r.session}|{r.start}|{r.end}|{r.room}|{r.seat}" for r in self.rows
        )
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]

    @property
    def dedupe_key(self) -> str:
        return f"{KIND}:{self.event.pk}:{self.opd.pk}:{self.digest}"


def venue_of(event: Event) -> str:
    return ", ".join(sorted({lab.venue.name for lab in event.labs.select_related("venue")}))


def listing_of(event: Event, opd: Opd) -> Listing:
    return Listing(event, opd, tuple(schedule_rows(event, opd_ids={opd.pk})))


def opds_placed(event: Event, opd_ids=None):
    """The OPDs with someone placed in the event (of opd_ids, when given)."""
    placed = Registration.objects.filter(event=event, placement__isnull=False)
    opds = Opd.objects.filter(pk__in=placed.values("participant__opd_id"))
    return opds if opd_ids is None else opds.filter(pk__in=opd_ids)


def _line(number: int, row: ScheduleRow) -> str:
    who = f"{number}. {row.name} (NIP {display_nip(row.nip)})"
    if row.day is None or row.start is None or row.end is None:
        return f"{who}: belum dijadwalkan"
    when = f"{indonesian_date(row.day)}, {row.session} {time_range(row.start, row.end)}"
    return f"{who}: {when}, ruang {row.room}, kursi {row.seat}"


def compose(listing: Listing, *, channel: str = Message.Channel.EMAIL) -> Notice:
    opd, event = listing.opd, listing.event
    context = {
        "contact": opd.contact_name or f"Kepala {opd.name}",
        "opd": opd.name,
        "event": event.name,
        "venue": venue_of(event),
        "count": len(listing.rows),
        "lines": [_line(n, row) for n, row in enumerate(listing.rows, start=1)],
        "note": ARRIVAL_NOTE,
        "attached": channel == Message.Channel.EMAIL,
    }
    subject = render_to_string("messaging/email/opd_letter_subject.txt", context)
    body = render_to_string("messaging/email/opd_letter_body.txt", context)
    base = {"kind": KIND, "recipient_name": context["contact"], "event_id": event.pk}
    return Notice(" ".join(subject.split()), body.strip() + "\n", {**base, "opd_id": opd.pk})


def attachments(listing: Listing) -> tuple[tuple[str, str, bytes], ...]:
    event, opd = listing.event, listing.opd
    venue = venue_of(event)
    pdf = opd_letter_pdf(
        event_name=event.name,
        venue=venue,
        opd=opd.name,
        contact=opd.contact_name,
        rows=listing.rows,
        day=timezone.localdate(),
    )
    sheet = io.BytesIO()
    opd_letters_workbook(event.name, venue, {opd.name: listing.rows}, sheet)
    return (
        (f"surat-jadwal-{event.code}.pdf", PDF, pdf),
        (f"jadwal-{event.code}.xlsx", XLSX, sheet.getvalue()),
    )


def draft_of(listing: Listing) -> Draft:
    notice = compose(listing)
    return Draft(
        **notice.draft_base,
        recipient_address=listing.opd.contact_email,
        subject=notice.subject,
        body=notice.body,
        dedupe_key=listing.dedupe_key,
        attachments=attachments(listing),
    )


def letters_queue(*, event: Event, opd_ids=None, actor) -> tuple[int, int]:
    """Queue the letter of each OPD with a contact e-mail and someone placed, unless this
    very listing was queued before; (queued, already queued before)."""
    opds = opds_placed(event, opd_ids).exclude(contact_email="")
    listings = [listing_of(event, opd) for opd in opds]
    known = set(
        Message.objects.filter(
            dedupe_key__in=[listing.dedupe_key for listing in listings]
        ).values_list("dedupe_key", flat=True)
    )
    fresh = [listing for listing in listings if listing.dedupe_key not in known]
    queued = message_queue(drafts=[draft_of(listing) for listing in fresh], actor=actor)
    return len(queued), len(listings) - len(queued)


def on_placements_changed(sender, *, registration_ids, actor, **kwargs) -> None:
    """The schedule saved (a first save, a move, a no-show's new session): the letters of the
    OPDs whose people changed, one per OPD, for the events that send them."""
    try:
        changed = Registration.objects.order_by().values_list("event_id", "participant__opd_id")
        pairs = {pair for chunk in filter_among(changed, "id", registration_ids) for pair in chunk}
        for event in Event.objects.filter(pk__in={event_id for event_id, _opd in pairs}):
            if kind_enabled(event.pk, KIND):
                opd_ids = {opd for event_id, opd in pairs if event_id == event.pk}
                letters_queue(event=event, opd_ids=opd_ids, actor=actor)
    except Exception:
        # The schedule is saved; the event's message page can queue the letters again.
        log.exception("OPD letters not queued (%d people)", len(registration_ids))

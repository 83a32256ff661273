"""Registering the unassessed for a coming event, through sessions_app's registration
service (which refuses a closed event, skips people already registered and audits)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from participants.models import Opd
from sessions_app.models import Event
from sessions_app.selectors import session_counts
from sessions_app.services import ScheduleError
from sessions_app.services.registration import event_register
from talent.coverage import Scope, unassessed
from talent.latest import today


class EnrolRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class EnrolPlan:
    event: Event
    opd: Opd | None
    candidates: int  # the unassessed of the choice
    already: int  # of them, registered for the event already
    registered: int  # people registered for the event now
    seats: int  # usable seats over the event's sessions; 0 when it has none yet

    @property
    def new(self) -> int:
        return self.candidates - self.already

    @property
    def after(self) -> int:
        return self.registered + self.new

    @property
    def fits(self) -> bool:
        """Room for everyone in the event's sessions (or no sessions yet to count seats in)."""
        return not self.seats or self.after <= self.seats


def coming_events():
    """The events still to come that take registrations."""
    return Event.objects.filter(start_date__gt=today()).exclude(status=Event.Status.CLOSED)


def enrol_plan(*, event: Event, scope: Scope, opd: Opd | None, as_of: datetime.date) -> EnrolPlan:
    people = unassessed(scope, as_of, opd.pk if opd else None)
    return EnrolPlan(
        event=event,
        opd=opd,
        candidates=people.count(),
        already=people.filter(registrations__event=event).count(),
        registered=event.registrations.count(),
        seats=sum(row["usable"] for row in session_counts(event)),
    )


def enrol_unassessed(
    *, event: Event, scope: Scope, opd: Opd | None, as_of: datetime.date, actor
) -> int:
    """Register the unassessed of the scope (of one OPD when given) for the event; the
    number newly registered (0 the second time)."""
    plan = enrol_plan(event=event, scope=scope, opd=opd, as_of=as_of)
    if not plan.fits:
        raise EnrolRefused(
            f"Kursi tidak cukup: {plan.after} peserta untuk {plan.seats} kursi pada sesi "
            f"kegiatan {event.code}. Tambah sesi atau lab, atau daftarkan per OPD."
        )
    people = unassessed(scope, as_of, opd.pk if opd else None).select_related(None).only("pk")
    try:
        return event_register(event=event, participants=people.iterator(), actor=actor)
    except ScheduleError as error:
        raise EnrolRefused(str(error.message)) from error

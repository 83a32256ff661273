"""What a proctor has to do: today's sessions, the next ones, and the last ones done."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from sessions_app.models import Session


@dataclass
class Agenda:
    today: list[Session] = field(default_factory=list)
    upcoming: list[Session] = field(default_factory=list)  # after today, soonest first
    earlier: list[Session] = field(default_factory=list)  # before today, latest first

    @property
    def empty(self) -> bool:
        return not (self.today or self.upcoming or self.earlier)


def proctor_agenda(user, day: dt.date | None = None) -> Agenda:
    day = day or timezone.localdate()
    agenda = Agenda()
    sessions = (
        Session.objects.for_proctor(user).select_related("event").order_by("date", "start_time")
    )
    for session in sessions:
        if session.date == day:
            agenda.today.append(session)
        elif session.date > day:
            agenda.upcoming.append(session)
        else:
            agenda.earlier.append(session)
    agenda.earlier.reverse()
    return agenda

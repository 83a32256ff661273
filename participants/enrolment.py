"""Where `import_participants FILE --event CODE` enrols the imported people.

Events live in sessions_app, which may import participants but not the other way round. So the
participants app only keeps a slot here: sessions_app fills it when it loads
(`SessionsAppConfig.ready`) with a lookup from an event code to the enrolment of that event,
and the command asks the slot, never sessions_app itself.
"""

from __future__ import annotations

from collections.abc import Callable

from participants.importer import ImportPlan

# Enrols the plan's valid rows (saved already) and returns the line the command prints.
Enrolment = Callable[[ImportPlan], str]
# The enrolment into the event with this code, or None when there is no such event.
EnrolmentLookup = Callable[[str], Enrolment | None]

_lookups: dict[str, EnrolmentLookup] = {}


def enrolment_register(*, lookup: EnrolmentLookup) -> None:
    """Called once by sessions_app when Django loads; registering again replaces it."""
    _lookups["event"] = lookup


def enrolment_for_event(code: str) -> Enrolment | None:
    """The enrolment into the event with this code; None if no such event (or no app
    that knows events is installed)."""
    lookup = _lookups.get("event")
    return lookup(code) if lookup else None

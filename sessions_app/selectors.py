"""Counts the schedule pages show."""

from collections import defaultdict

from django.db.models import Count, Exists, OuterRef

from participants.models import Opd
from sessions_app.models import Event, Placement, Registration, Workstation
from sessions_app.roster_tokens import roster_token
from sessions_app.services.occupancy import seats_taken_elsewhere


def session_counts(event: Event, opd_id: int | None = None) -> list[dict]:
    """Per session: placed (optionally of one OPD), usable seats (less those another event
    holds at the same hours) and seats left."""
    seats = set(
        Workstation.objects.filter(lab__events=event, status=Workstation.Status.USABLE).values_list(
            "pk", flat=True
        )
    )
    sessions = list(event.sessions.all())
    elsewhere = seats_taken_elsewhere(sessions)
    placements = Placement.objects.filter(session__event=event)
    placed = dict(placements.values_list("session").annotate(n=Count("id")))
    of_opd = (
        dict(
            placements.filter(registration__participant__opd_id=opd_id)
            .values_list("session")
            .annotate(n=Count("id"))
        )
        if opd_id
        else {}
    )
    rows = []
    for session in sessions:
        count = placed.get(session.pk, 0)
        usable = len(seats - elsewhere[session.pk])
        rows.append(
            {
                "session": session,
                "placed": count,
                "of_opd": of_opd.get(session.pk, 0),
                "usable": usable,
                "left": usable - count,
            }
        )
    return rows


def days_with_sessions(rows: list[dict]) -> list[tuple]:
    days: dict = defaultdict(list)
    for row in rows:
        days[row["session"].date].append(row)
    return sorted(days.items())


def session_roster(session) -> list[dict]:
    """Everyone expected in a session, with their seat and attendance, in seat order; then
    the people marked here who have been moved to another session since (`moved`). Each row
    carries the token a tap on it sends back (sessions_app.roster_tokens)."""
    from sessions_app.models import Attendance, Placement

    attendance = {
        a.registration_id: a
        for a in Attendance.objects.filter(session=session).select_related(
            "workstation", "registration__participant__opd"
        )
    }
    rows = []
    placements = (
        Placement.objects.filter(session=session)
        .select_related("registration__participant__opd", "workstation__lab")
        .order_by("workstation__lab__name", "workstation__label")
    )
    for placement in placements:
        rows.append(
            {
                "registration": placement.registration,
                "participant": placement.registration.participant,
                "seat": placement.workstation,
                "attendance": attendance.pop(placement.registration_id, None),
                "moved": False,
                "token": roster_token(session.pk, placement.registration_id),
            }
        )
    # Marked here but moved to another session since (a rescheduled no-show).
    for leftover in attendance.values():
        rows.append(
            {
                "registration": leftover.registration,
                "participant": leftover.registration.participant,
                "seat": None,
                "attendance": leftover,
                "moved": True,
                "token": roster_token(session.pk, leftover.registration_id),
            }
        )
    return rows


COUNT_KEYS = ("expected", "hadir", "terlambat", "izin", "tidak_hadir", "unmarked", "moved")


def attendance_counts(rows: list[dict]) -> dict:
    """The counts of the people placed in the session, whose statuses add up to `expected`;
    those marked here and moved away since are counted apart, whatever their mark."""
    counts = dict.fromkeys(COUNT_KEYS, 0)
    for row in rows:
        if row["moved"]:
            counts["moved"] += 1
            continue
        counts["expected"] += 1
        counts[row["attendance"].status if row["attendance"] else "unmarked"] += 1
    return counts


def sessions_attendance_counts(sessions) -> dict[int, dict]:
    """attendance_counts for several sessions at once (the operator's overview), in two
    queries: the people placed in each, and the marks made in each."""
    from sessions_app.models import Attendance, Placement

    placed = set(
        Placement.objects.filter(session__in=sessions).values_list("session_id", "registration_id")
    )
    counts = {session.pk: dict.fromkeys(COUNT_KEYS, 0) for session in sessions}
    for session_id, _registration_id in placed:
        counts[session_id]["expected"] += 1
        counts[session_id]["unmarked"] += 1
    marks = Attendance.objects.filter(session__in=sessions).values_list(
        "session_id", "registration_id", "status"
    )
    for session_id, registration_id, status in marks:
        if (session_id, registration_id) in placed:
            counts[session_id][status] += 1
            counts[session_id]["unmarked"] -= 1
        else:
            counts[session_id]["moved"] += 1
    return counts


def opds_of(event: Event):
    """The OPDs with someone registered for the event, by name: per OPD whether one such
    registration exists (an index lookup each), not a DISTINCT over every registration."""
    registered = Registration.objects.filter(event=event, participant__opd=OuterRef("pk"))
    return Opd.objects.filter(Exists(registered)).order_by("name")

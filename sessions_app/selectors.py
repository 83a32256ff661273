"""Counts the schedule pages show."""

from collections import defaultdict

from django.db.models import Count

from sessions_app.models import Event, Placement, Workstation


def session_counts(event: Event, opd_id: int | None = None) -> list[dict]:
    """Per session: placed (optionally of one OPD), usable seats and seats left."""
    usable = Workstation.objects.filter(lab__events=event, status=Workstation.Status.USABLE).count()
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
    for session in event.sessions.all():
        count = placed.get(session.pk, 0)
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
    """Everyone expected in a session, with their seat and attendance, in seat order."""
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
            }
        )
    return rows


def attendance_counts(rows: list[dict]) -> dict:
    counts = {"expected": 0, "hadir": 0, "terlambat": 0, "izin": 0, "tidak_hadir": 0, "unmarked": 0}
    for row in rows:
        if row["seat"] is not None:
            counts["expected"] += 1
        status = row["attendance"].status if row["attendance"] else "unmarked"
        counts[status] += 1
    return counts

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

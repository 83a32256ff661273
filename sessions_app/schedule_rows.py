"""The schedule as rows for the documents (export, OPD letters)."""

from collections import defaultdict
from collections.abc import Iterator

from django.db.models import F

from sessions_app.documents import ScheduleRow
from sessions_app.models import Event, Registration, Unavailability


def schedule_rows(event: Event, *, opd_ids: set[int] | None = None) -> Iterator[ScheduleRow]:
    """One row per registered participant, sorted by date, session and name; the unplaced
    last. Streams, so 100,000 registrations stay light."""
    registrations = Registration.objects.filter(event=event).visible_to_opds(opd_ids)
    unavailable: dict[int, list] = defaultdict(list)
    dates = Unavailability.objects.filter(registration__in=registrations)
    for reg_id, day in dates.values_list("registration_id", "date").order_by("date"):
        unavailable[reg_id].append(day)
    fields = (
        "pk",
        "participant__nip",
        "participant__name",
        "participant__opd__name",
        "participant__upt__name",
        "placement__session__date",
        "placement__session__name",
        "placement__session__start_time",
        "placement__session__end_time",
        "placement__workstation__lab__name",
        "placement__workstation__label",
    )
    ordered = registrations.order_by(
        F("placement__session__date").asc(nulls_last=True),
        "placement__session__start_time",
        "participant__opd__name",
        "participant__name",
    )
    for row in ordered.values_list(*fields).iterator(chunk_size=5000):
        reg, nip, name, opd, upt, day, session, start, end, room, seat = row
        yield ScheduleRow(
            nip=nip,
            name=name,
            opd=opd,
            upt=upt or "",
            day=day,
            session=session or ("Sesi" if day else ""),
            start=start,
            end=end,
            room=room or "",
            seat=seat or "",
            unavailable=unavailable.get(reg, ()),
        )

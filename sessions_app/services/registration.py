import datetime as dt
from collections.abc import Callable, Iterable

from django.db import transaction

from audit.models import AuditEntry
from audit.services import audit_record
from participants.importer import ImportPlan
from participants.models import Participant
from sessions_app.models import Event, Registration, Unavailability
from sessions_app.services import ScheduleError


def event_days(event: Event) -> list[dt.date]:
    days = (event.end_date - event.start_date).days + 1
    return [event.start_date + dt.timedelta(days=offset) for offset in range(days)]


def event_register(*, event: Event, participants: Iterable[Participant], actor) -> int:
    """Register participants for an event; already registered ones are left as they are."""
    if event.status == Event.Status.CLOSED:
        raise ScheduleError("Kegiatan ini sudah ditutup; pendaftaran tidak bisa diubah.")
    ids = {participant.pk for participant in participants}
    existing = set(event.registrations.values_list("participant_id", flat=True))
    new = sorted(ids - existing)
    with transaction.atomic():
        Registration.objects.bulk_create(
            [Registration(event=event, participant_id=pk) for pk in new],
            batch_size=2000,
            ignore_conflicts=True,
        )
        if new:
            audit_record(
                actor=actor,
                action=AuditEntry.Action.CREATE,
                target=event,
                changes={"peserta didaftarkan": len(new)},
            )
    return len(new)


def registration_remove(*, registration: Registration, actor) -> None:
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditEntry.Action.DELETE,
            target=registration,
            changes={"kegiatan": registration.event.code},
        )
        registration.delete()


def unavailability_set(
    *,
    registration: Registration,
    dates: Iterable[dt.date],
    actor,
    source: str = Unavailability.Source.OPERATOR,
    note: str = "",
) -> None:
    """Replace the dates a participant cannot attend. A placement on a newly blocked date is
    refused: move the person first, so nobody is silently unscheduled."""
    wanted = set(dates)
    outside = [
        day
        for day in wanted
        if not registration.event.start_date <= day <= registration.event.end_date
    ]
    if outside:
        raise ScheduleError(
            f"Tanggal {', '.join(f'{day:%d/%m/%Y}' for day in sorted(outside))} di luar "
            "tanggal kegiatan."
        )
    placement = getattr(registration, "placement", None)
    if placement is not None and placement.session.date in wanted:
        raise ScheduleError(
            f"Peserta ini terjadwal pada {placement.session.date:%d/%m/%Y}; "
            "pindahkan dulu jadwalnya sebelum menandai tanggal itu tidak bisa hadir."
        )
    current = set(registration.unavailable_dates.values_list("date", flat=True))
    if current == wanted:
        return
    with transaction.atomic():
        registration.unavailable_dates.exclude(date__in=wanted).delete()
        Unavailability.objects.bulk_create(
            [
                Unavailability(registration=registration, date=day, source=source, note=note)
                for day in sorted(wanted - current)
            ],
            ignore_conflicts=True,
        )
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            target=registration,
            changes={
                "tidak bisa hadir": [
                    ", ".join(f"{day:%d/%m/%Y}" for day in sorted(current)),
                    ", ".join(f"{day:%d/%m/%Y}" for day in sorted(wanted)),
                ]
            },
        )


def unavailability_import(*, event: Event, dates_by_nip: dict[str, tuple[dt.date, ...]]) -> int:
    """Add the `Tidak Bisa` dates of an import (within the event's dates) to registrations."""
    registrations = dict(event.registrations.values_list("participant__nip", "pk"))
    rows = [
        Unavailability(
            registration_id=registrations[nip], date=day, source=Unavailability.Source.IMPORT
        )
        for nip, days in dates_by_nip.items()
        if nip in registrations
        for day in days
        if event.start_date <= day <= event.end_date
    ]
    Unavailability.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return len(rows)


def plan_register(*, event: Event, plan: ImportPlan, actor) -> tuple[int, int]:
    """Register the people of a saved participant import for an event and add their `Tidak
    Bisa` dates: (people newly registered, dates added)."""
    nips = {row.nip for row in plan.rows}
    people = (p for p in Participant.objects.only("pk", "nip").iterator() if p.nip in nips)
    added = event_register(event=event, participants=people, actor=actor)
    dates = unavailability_import(
        event=event,
        dates_by_nip={row.nip: row.unavailable for row in plan.rows if row.unavailable},
    )
    return added, dates


def import_enrolment(code: str) -> Callable[[ImportPlan], str] | None:
    """`import_participants FILE --event CODE`: the enrolment the participants app calls once
    the file is saved (registered in SessionsAppConfig.ready, see participants/enrolment.py);
    None when no event has this code."""
    event = Event.objects.filter(code=code.upper()).first()
    if event is None:
        return None

    def enrol(plan: ImportPlan) -> str:
        added, dates = plan_register(event=event, plan=plan, actor=None)
        return (
            f"Kegiatan {event.code}: {added} peserta baru didaftarkan, "
            f"{dates} tanggal tidak bisa hadir."
        )

    return enrol

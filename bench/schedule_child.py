"""The scheduling benchmark in its own process on a fresh database:
`python -m bench.schedule_child`. Prints one JSON line.

100,000 participants from 40 OPDs, 50 days x 2 sessions, 3 labs of 400 seats, 10% with
1-5 unavailable days (the people of bench/solver.py). The set-up is not timed; the timed
part is schedule_apply: reading the event, solving, assigning seats and saving.
"""

import datetime as dt
import json
import time

import django

from bench.memory import peak_mb


def setup():
    from django.utils import timezone

    from bench.solver import LAB_SEATS, LABS, build
    from core.db import bulk_insert
    from participants.models import Opd, Participant, PositionClass, Region, Upt
    from participants.nip import Gender, build_nip
    from sessions_app.models import (
        Event,
        Lab,
        Registration,
        Session,
        Unavailability,
        Venue,
        Workstation,
    )

    slots, people = build()
    opds = {}
    for number in sorted({person.opd for person in people}):
        opd = Opd(name=f"OPD Uji {number:02d}", code=f"OPD{number:02d}")
        opd.save()
        opds[number] = opd.pk
    regions = {region.name: region for region in Region.objects.all()}
    upts = {}
    for person in people:
        key = (person.opd, person.region)
        if person.region and key not in upts:
            upt = Upt(
                opd_id=opds[person.opd], name=f"UPT {person.region}", region=regions[person.region]
            )
            upt.save()
            upts[key] = upt.pk
    position_class = PositionClass.objects.get(name="Pelaksana").pk
    now = timezone.now()

    def nip(person_id: int) -> str:
        # (birth day, sequence) is unique for every id below 100,000.
        birth = dt.date(1970, 1, 1) + dt.timedelta(days=person_id % 10_000)
        return build_nip(
            birth_date=birth,
            gender=Gender.MALE,
            sequence=person_id // 10_000 + 1,
            tmt=dt.date(birth.year + 25, 1, 1),
        )

    bulk_insert(
        Participant,
        (
            (
                nip(person.id), f"Peserta {person.id}", "L", dt.date(1990, 1, 1), "PNS", "III/a",
                "Pengadministrasi", position_class, opds[person.opd],
                upts.get((person.opd, person.region)), "", "", now, now,
            )
            for person in people
        ),
        fields=(
            "nip", "name", "gender", "birth_date", "employment_type", "golongan", "position_title",
            "position_class_id", "opd_id", "upt_id", "phone", "email", "created_at", "updated_at",
        ),
    )  # fmt: skip
    venue = Venue.objects.create(name="Gedung Uji")
    event = Event.objects.create(
        code="BENCH", name="Uji skala", start_date=slots[0].day, end_date=slots[-1].day
    )
    for number in range(1, LABS + 1):
        lab = Lab.objects.create(venue=venue, name=f"Lab {number}")
        event.labs.add(lab)
        Workstation.objects.bulk_create(
            [Workstation(lab=lab, label=f"PC-{seat:03d}") for seat in range(1, LAB_SEATS + 1)]
        )
    for slot in slots:
        start = dt.time(7, 30) if slot.order % 2 == 0 else dt.time(13)
        end = dt.time(12) if slot.order % 2 == 0 else dt.time(17, 30)
        Session.objects.create(event=event, date=slot.day, start_time=start, end_time=end)
    participant_ids = list(Participant.objects.order_by("pk").values_list("pk", flat=True))
    bulk_insert(
        Registration,
        ((event.pk, pk, now) for pk in participant_ids),
        fields=("event_id", "participant_id", "created_at"),
    )
    registration_of = dict(Registration.objects.values_list("participant_id", "pk"))
    bulk_insert(
        Unavailability,
        (
            (registration_of[participant_ids[person.id - 1]], day, "import", "")
            for person in people
            for day in person.unavailable_days
        ),
        fields=("registration_id", "date", "source", "note"),
    )
    return event


def main() -> None:
    django.setup()
    from django.db import connection

    from sessions_app.services.schedule import schedule_apply

    event = setup()
    connection.close()
    started = time.perf_counter()
    proposal = schedule_apply(event=event, replan=False, fingerprint="", actor=None)
    seconds = time.perf_counter() - started
    figures = {
        "seconds": seconds,
        "registered": proposal.registered,
        "placed": proposal.placed_total,
        "bound": proposal.bound,
        "unplaced": len(proposal.unplaced),
        "seats": 3 * 400 * 100,
        "peak_mb": peak_mb(),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

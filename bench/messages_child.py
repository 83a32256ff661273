"""The message benchmark's steps, each in its own process on the bench database:
`python -m bench.messages_child setup|queue`. Each prints one JSON line.

setup: 10,000 participants with an e-mail address, one event over ten days, two sessions a
day in ten labs of 50 seats, everyone placed (rows written in bulk).
queue: the schedule saved, as the site announces it: `placements_changed` sent for everyone;
the outbox's receiver hands the composing to a task in Redis, where the worker the parent
starts next composes each notice with its card PDF, queues it and sends it.
"""

import datetime as dt
import json
import sys
import time

import django

from bench.memory import peak_mb

PEOPLE = 10_000
DAYS, LABS, SEATS = 10, 10, 50  # 2 sessions a day x 10 labs x 50 seats = 10,000 seats


def setup() -> dict:
    from django.utils import timezone

    from core.db import bulk_insert
    from participants.models import Opd, Participant, PositionClass
    from participants.nip import Gender, build_nip
    from sessions_app.models import Event, Lab, Placement, Registration, Session, Venue, Workstation

    now = timezone.now()
    opds = [Opd.objects.create(name=f"OPD Pesan {n:02d}", code=f"PSN{n:02d}").pk for n in range(20)]
    position_class = PositionClass.objects.get(name="Pelaksana").pk
    bulk_insert(
        Participant,
        (
            (
                build_nip(birth_date=dt.date(1970, 1, 1) + dt.timedelta(days=n % 5000),
                          gender=Gender.FEMALE, sequence=n // 5000 + 1, tmt=dt.date(2010, 1, 1)),
                f"Peserta Pesan {n}", "P", dt.date(1975, 1, 1), "PNS", "III/a", "Pengadministrasi",
                position_class, opds[n % 20], None, f"+62812{n:07d}", f"peserta{n}@kaltara.example",
                now, now,
            )
            for n in range(PEOPLE)
        ),
        fields=("nip", "name", "gender", "birth_date", "employment_type", "golongan",
                "position_title", "position_class_id", "opd_id", "upt_id", "phone", "email",
                "created_at", "updated_at"),
    )  # fmt: skip
    first_day = timezone.localdate() + dt.timedelta(days=14)
    event = Event.objects.create(
        code="PESAN",
        name="Uji pesan jadwal",
        start_date=first_day,
        end_date=first_day + dt.timedelta(days=DAYS - 1),
    )
    venue = Venue.objects.create(name="Gedung Uji Pesan", address="Jl. Uji No. 1, Tanjung Selor")
    labs = [Lab.objects.create(venue=venue, name=f"Lab {n}") for n in range(1, LABS + 1)]
    event.labs.add(*labs)
    seats = Workstation.objects.bulk_create(
        [Workstation(lab=lab, label=f"PC-{n:02d}") for lab in labs for n in range(1, SEATS + 1)]
    )
    people = list(Participant.objects.order_by("pk").values_list("pk", flat=True))
    bulk_insert(
        Registration,
        ((event.pk, pk, now) for pk in people),
        fields=("event_id", "participant_id", "created_at"),
    )
    registrations = iter(Registration.objects.order_by("pk").values_list("pk", flat=True))
    placements = []
    for day in range(DAYS):
        for number, (start, end) in enumerate(
            ((dt.time(8), dt.time(11)), (dt.time(13), dt.time(16)))
        ):
            session = Session.objects.create(
                event=event,
                date=first_day + dt.timedelta(days=day),
                start_time=start,
                end_time=end,
                name=f"Sesi {number + 1}",
            )
            starts_at, ends_at = session.span
            placements += [
                Placement(
                    registration_id=next(registrations),
                    session=session,
                    workstation=seat,
                    starts_at=starts_at,
                    ends_at=ends_at,
                )
                for seat in seats
            ]
    Placement.objects.bulk_create(placements, batch_size=2000)
    return {"people": PEOPLE, "placements": len(placements)}


def queue() -> dict:
    from messaging.models import Message
    from sessions_app.models import Registration
    from sessions_app.signals import placements_changed

    ids = list(Registration.objects.values_list("pk", flat=True))
    started = time.perf_counter()
    placements_changed.send(
        sender=None, registration_ids=ids, kind=Message.Kind.SCHEDULE, actor=None
    )
    return {
        "seconds": time.perf_counter() - started,
        "peak_mb": peak_mb(),
    }


if __name__ == "__main__":
    django.setup()
    step = sys.argv[1]
    print(json.dumps({"setup": setup, "queue": queue}[step]()))

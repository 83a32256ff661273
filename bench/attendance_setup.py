"""Set up the attendance load test on the database of DATABASE_URL (already migrated):
30 sessions today, each with its proctor and 60 seated participants in a lab of its own
(the sessions overlap, and one seat holds one person at a time). Prints a JSON line
with the session ids and the registrations of each."""

import datetime as dt
import json

import django

PROCTORS, SEATS = 30, 60
PASSWORD = "beban-uji-2024"  # noqa: S105 (a throwaway database on loopback)


def main() -> None:
    django.setup()
    from django.contrib.auth.models import Group, User
    from django.utils import timezone

    from core.db import bulk_insert
    from participants.models import Opd, Participant, PositionClass
    from participants.nip import Gender, build_nip
    from sessions_app.models import (
        Event,
        Lab,
        Placement,
        Registration,
        Session,
        Venue,
        Workstation,
    )  # fmt: skip

    today, now = timezone.localdate(), timezone.now()
    opd = Opd(name="OPD Beban", code="BEBAN")
    opd.save()
    position_class = PositionClass.objects.get(name="Pelaksana").pk
    count = PROCTORS * SEATS
    bulk_insert(
        Participant,
        (
            (
                build_nip(birth_date=dt.date(1980, 1, 1) + dt.timedelta(days=n),
                          gender=Gender.FEMALE, sequence=1, tmt=dt.date(2005, 1, 1)),
                f"Peserta Beban {n}", "P", dt.date(1980, 1, 1), "PNS", "III/a", "Pengadministrasi",
                position_class, opd.pk, None, "", "", now, now,
            )
            for n in range(count)
        ),
        fields=("nip", "name", "gender", "birth_date", "employment_type", "golongan",
                "position_title", "position_class_id", "opd_id", "upt_id", "phone", "email",
                "created_at", "updated_at"),
    )  # fmt: skip
    venue = Venue.objects.create(name="Gedung Beban")
    labs = [Lab.objects.create(venue=venue, name=f"Lab Beban {n}") for n in range(1, PROCTORS + 1)]
    event = Event.objects.create(code="BEBAN", name="Uji beban", start_date=today, end_date=today)
    event.labs.add(*labs)
    people = list(Participant.objects.order_by("pk").values_list("pk", flat=True))
    bulk_insert(
        Registration,
        ((event.pk, pk, now) for pk in people),
        fields=("event_id", "participant_id", "created_at"),
    )
    registrations = list(Registration.objects.order_by("pk").values_list("pk", flat=True))
    group = Group.objects.get(name="Pengawas")
    plan = []
    for number in range(PROCTORS):
        session = Session.objects.create(
            event=event,
            date=today,
            start_time=dt.time(0, number),
            end_time=dt.time(23, 59),
            name=f"Sesi {number + 1}",
        )
        user = User.objects.create_user(f"pengawas{number}", password=PASSWORD)
        user.groups.add(group)
        session.proctors.add(user)
        mine = registrations[number * SEATS : (number + 1) * SEATS]
        seats = Workstation.objects.bulk_create(
            [Workstation(lab=labs[number], label=f"PC-{n:02d}") for n in range(1, SEATS + 1)]
        )
        starts_at, ends_at = session.span
        Placement.objects.bulk_create(
            [
                Placement(
                    registration_id=reg,
                    session=session,
                    workstation=seat,
                    starts_at=starts_at,
                    ends_at=ends_at,
                )
                for reg, seat in zip(mine, seats, strict=True)
            ]
        )
        plan.append({"session": session.pk, "user": user.username, "registrations": mine})
    print(json.dumps(plan))


if __name__ == "__main__":
    main()

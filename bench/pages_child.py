"""The page sweep's steps, each in its own process on the bench database (built by
bench/score_run_child.py's setup, import and score): `python -m bench.pages_child STEP`.
Each prints one JSON line.

earlier: an earlier event (Tahap II) with the same 100,000 people, their answers imported
         from the same file and scored on the workers the parent started, for the comparison.
publish: both runs published.
session: a full session of the scored event: one lab of 400 seats, 400 people placed, half of
         them marked present, and its proctor.
sweep:   every page requested through its real address by a signed-in user (Django's test
         client, the whole view, templates included): per page the median and p95 of
         REPEAT requests and the queries of one.
"""

import datetime as dt
import json
import statistics
import sys
import time

import django

REPEAT = 20
SEATS = 400
EARLIER = "BENCH-II"


def earlier(path: str) -> dict:
    from django.conf import settings

    from core.db import bulk_insert
    from demo.results import demo_items
    from scoring.answers import answers_apply, answers_plan
    from scoring.models import Instrument
    from scoring.runs import lifecycle
    from scoring.services import store_items
    from sessions_app.models import Event, Registration

    current = Event.objects.get(code="BENCH")
    event = Event.objects.create(
        code=EARLIER, name="Uji skala tahap II", start_date=dt.date(2023, 12, 4),
        end_date=dt.date(2023, 12, 29),
    )  # fmt: skip
    people = current.registrations.order_by("pk").values_list("participant_id", flat=True)
    now = dt.datetime.now(dt.UTC)
    bulk_insert(
        Registration,
        ((event.pk, pk, now) for pk in people),
        fields=("event_id", "participant_id", "created_at"),
    )
    instrument = Instrument.objects.create(event=event, name="Form Nasional")
    store_items(instrument, demo_items())
    plan = answers_plan(
        event, instrument.scoring_items(), path, max_bytes=settings.COMMAND_IMPORT_MAX_BYTES
    )
    answers_apply(instrument=instrument, plan=plan, actor=None, skip_invalid=False)
    run = lifecycle.wait_for(lifecycle.start_run(event=event, actor=None), timeout=1800)
    return {"status": run.status, "error": run.error, "results": run.results.count()}


def publish() -> dict:
    from scoring.runs import lifecycle
    from sessions_app.models import Event

    published = 0
    for code in ("BENCH", EARLIER):
        run = Event.objects.get(code=code).score_runs.get()
        if run.published_at is None:
            lifecycle.publish_run(run=run, actor=None)
            published += 1
    return {"published": published}


def session() -> dict:
    from django.contrib.auth.models import Group, User
    from django.utils import timezone

    from accounts.roles import Role
    from sessions_app.models import (
        Attendance,
        AttendanceStatus,
        Event,
        Lab,
        Placement,
        Session,
        Venue,
        Workstation,
    )  # fmt: skip

    event = Event.objects.get(code="BENCH")
    lab = Lab.objects.create(venue=Venue.objects.create(name="Gedung Uji"), name="Lab Uji")
    event.labs.add(lab)
    seats = Workstation.objects.bulk_create(
        [Workstation(lab=lab, label=f"PC-{n:03d}") for n in range(1, SEATS + 1)]
    )
    day = Session.objects.create(
        event=event, date=event.start_date, start_time=dt.time(7, 30), end_time=dt.time(12),
        name="Sesi 1",
    )  # fmt: skip
    proctor, _ = User.objects.get_or_create(username="bench-pengawas")
    proctor.groups.add(Group.objects.get(name=Role.PENGAWAS.value))
    day.proctors.add(proctor)
    registrations = list(event.registrations.order_by("pk").values_list("pk", flat=True)[:SEATS])
    starts_at, ends_at = day.span
    Placement.objects.bulk_create(
        Placement(
            registration_id=reg, session=day, workstation=seat, starts_at=starts_at, ends_at=ends_at
        )
        for reg, seat in zip(registrations, seats, strict=True)
    )
    Attendance.objects.bulk_create(
        Attendance(
            registration_id=reg,
            session=day,
            status=AttendanceStatus.PRESENT,
            marked_at=timezone.now(),
        )  # fmt: skip
        for reg in registrations[::2]
    )
    return {"session": day.pk, "placed": len(registrations)}


def _pages() -> list[tuple[str, str, str]]:
    """(page, user, address) of every page the sweep requests."""
    from django.urls import reverse

    from core.keyset import cursor_of
    from participants.models import Participant, PositionClass
    from reports.views import NAME_KEY, PAGE_SIZE
    from sessions_app.models import Event, Session

    event = Event.objects.get(code="BENCH")
    run = event.score_runs.get()
    results = reverse("reports:results", args=["BENCH"])
    # Where page 1,000 starts: after the last person of page 999.
    far = run.results.order_by(*NAME_KEY).values_list(*NAME_KEY)[PAGE_SIZE * 999 - 1]
    registration = run.results.order_by("registration_id").values_list(
        "registration_id", flat=True
    )[50_000]
    participant = Participant.objects.order_by("pk").values_list("pk", flat=True)[50_000]
    needs = reverse("reports:training_needs", args=["BENCH"]) + "?kompetensi=M.01"
    comparison = reverse("reports:comparison", args=["BENCH"]) + f"?dari={EARLIER}"
    session = Session.objects.get(event=event)
    target = PositionClass.objects.get(name="Pelaksana").pk
    one = reverse("reports:result", args=["BENCH", registration])
    proctor = reverse("sessions_app:proctor_session", args=[session.pk])
    return [
        ("results, page 1", "pimpinan", results),
        ("results, page 1,000", "pimpinan", f"{results}?setelah={cursor_of(*far)}"),
        ("results, last page", "pimpinan", f"{results}?akhir=1"),
        ("results, name search", "pimpinan", f"{results}?q=Peserta+4242"),
        ("results, NIP search", "pimpinan", "nip:" + results),
        ("results, box 9", "pimpinan", f"{results}?kotak=9"),
        ("result of one participant", "pimpinan", one),
        ("dashboard", "pimpinan", reverse("reports:dashboard", args=["BENCH"])),
        ("gap map", "pimpinan", reverse("reports:gap_map", args=["BENCH"])),
        ("groups", "pimpinan", reverse("reports:groups", args=["BENCH"])),
        ("training needs", "pimpinan", needs),
        ("training needs, page 100", "pimpinan", f"{needs}&page=100"),
        ("comparison", "pimpinan", comparison),
        ("comparison, page 1,000", "pimpinan", f"{comparison}&page=1000"),
        ("participants, page 1", "operator", reverse("participants:list")),
        ("participants, name search", "operator", reverse("participants:list") + "?q=Peserta+4242"),
        ("participant detail", "operator", reverse("participants:detail", args=[participant])),
        ("event", "operator", reverse("sessions_app:event", args=["BENCH"])),
        ("event registrations", "operator", reverse("sessions_app:registrations", args=["BENCH"])),
        ("proctor page, 400 seats", "pengawas", proctor),
        ("coverage", "pimpinan", reverse("talent:coverage")),
        ("succession pool", "pimpinan", reverse("talent:pool") + f"?target=kelas-{target}"),
    ]  # fmt: skip


def _client(role: str):
    from django.contrib.auth.models import Group, User
    from django.test import Client

    from accounts.models import Profile
    from accounts.roles import Role

    name = {"pimpinan": Role.PIMPINAN, "operator": Role.OPERATOR, "pengawas": Role.PENGAWAS}[role]
    user, _ = User.objects.get_or_create(username=f"bench-{role}")
    user.groups.add(Group.objects.get(name=name.value))
    if role == "pimpinan":
        Profile.objects.get_or_create(user=user, defaults={"all_opds": True})  # "Semua OPD"
    client = Client()
    client.force_login(user)
    return client


def _nip_address(client, address: str) -> str:
    """The address a NIP search lands on: the form posts, the page redirects to a key."""
    from participants.models import Participant

    nip = Participant.objects.order_by("pk").values_list("nip", flat=True)[4242]
    response = client.post(address, {"q": nip})
    assert response.status_code == 303, response.status_code
    return response["Location"]


def _counter(queries: list[str]):
    def wrapper(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    return wrapper


def sweep() -> dict:
    from django.db import connection

    import cact_admin.wsgi  # noqa: F401 (the app as gunicorn loads it, gc.freeze() included)

    clients = {role: _client(role) for role in ("pimpinan", "operator", "pengawas")}
    rows = []
    for page, role, address in _pages():
        client = clients[role]
        if address.startswith("nip:"):
            address = _nip_address(client, address[4:])
        started = time.perf_counter()
        response = client.get(address)  # warm: templates compiled, caches filled
        first_ms = 1000 * (time.perf_counter() - started)
        assert response.status_code == 200, (page, response.status_code)
        queries: list[str] = []
        # Counted as they run: the test client's request signals would empty Django's own log.
        with connection.execute_wrapper(_counter(queries)):
            client.get(address)
        times = []
        for _ in range(REPEAT):
            started = time.perf_counter()
            response = client.get(address)
            times.append(1000 * (time.perf_counter() - started))
            assert response.status_code == 200, (page, response.status_code)
        times.sort()
        rows.append(
            {
                "page": page,
                "median_ms": statistics.median(times),
                "p95_ms": times[int(0.95 * REPEAT) - 1],
                "queries": len(queries),
                "first_ms": first_ms,
            }
        )
    return {"pages": rows}


def main() -> None:
    django.setup()
    step, *args = sys.argv[1:]
    steps = {"earlier": earlier, "publish": publish, "session": session, "sweep": sweep}
    print(json.dumps(steps[step](*args)))


if __name__ == "__main__":
    main()

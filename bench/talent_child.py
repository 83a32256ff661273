"""The talent benchmark's steps, each in its own process on the bench database:
`python -m bench.talent_child STEP [ARGS]`. Each prints one JSON line.

setup: 120,000 civil servants in the master data (40 OPDs, 100 UPTs in the five regions,
every position class and golongan); the first 100,000 registered for three stages (about two
years, one year and two months ago, so all three are valid today and each person's latest
result must be picked from three) with pre-scored results (the nine levels, LD, ES, as
scoring.prescored stores them) and SKP ratings; each stage scored by the real score run
(in-process) and published. The other 20,000 have no result: the unassessed list.
pages: the coverage page, the unassessed list paged, the pool page with and without
filters, through Django's test client as an unscoped manager and an OPD-scoped one: the
first request after a change of the data, then the median and p95 of the warm ones, and
the queries of one request.
command NAME ARGS: a management command (export_coverage, export_talent_pool), timed, with
the process's peak memory.
download NAME: a download view (coverage, pool), timed, with the process's peak memory.
"""

import datetime as dt
import json
import statistics
import sys
import time

import django
import numpy as np

from bench.memory import peak_mb

ASSESSED = 100_000
UNASSESSED = 20_000
OPDS = 40
UPTS = 100
STAGES = (
    ("TAHAP-I", "Tahap I", 760),
    ("TAHAP-II", "Tahap II", 400),
    ("TAHAP-III", "Tahap III", 60),
)
WARM = 20


def _people(now) -> list[int]:
    from core.db import bulk_insert
    from participants.golongan import golongan_choices
    from participants.models import Opd, Participant, PositionClass, Region, Upt
    from participants.nip import Gender, build_nip

    opds = [Opd.objects.create(name=f"OPD Uji {n:02d}", code=f"OPD{n:02d}").pk for n in range(OPDS)]
    regions = list(Region.objects.order_by("pk").values_list("pk", flat=True))
    upts = [
        Upt.objects.create(
            name=f"UPT Uji {n:03d}", opd_id=opds[n % OPDS], region_id=regions[n % len(regions)]
        )
        for n in range(UPTS)
    ]
    classes = list(PositionClass.objects.order_by("order").values_list("pk", "name"))
    grades = [code for code, _ in golongan_choices() if "/" in code]
    rng = np.random.default_rng(15)
    # Mostly Pelaksana and JF, some Pengawas and Administrator, few JPT.
    weights = np.array([0.1 if "JPT" in name else 1.0 for _, name in classes])
    weights[[i for i, (_, name) in enumerate(classes) if name == "Pelaksana"]] = 6.0
    class_of = rng.choice(len(classes), size=ASSESSED + UNASSESSED, p=weights / weights.sum())

    def nip(i: int) -> str:
        birth = dt.date(1970, 1, 1) + dt.timedelta(days=i % 10_000)
        return build_nip(
            birth_date=birth, gender=Gender.MALE, sequence=i // 10_000 + 1,
            tmt=dt.date(birth.year + 25, 1, 1),
        )  # fmt: skip

    def row(i: int) -> tuple:
        upt = upts[i % UPTS] if i % 10 < 3 else None  # 30% work in a UPT, of its OPD
        opd = upt.opd_id if upt else opds[i % OPDS]
        return (
            nip(i), f"Peserta {i:06d}", "L", dt.date(1985, 1, 1), "PNS", grades[i % len(grades)],
            f"Jabatan {classes[class_of[i]][1]}", classes[class_of[i]][0], opd,
            upt.pk if upt else None, "", "", now, now,
        )  # fmt: skip

    bulk_insert(
        Participant,
        (row(i) for i in range(ASSESSED + UNASSESSED)),
        fields=(
            "nip", "name", "gender", "birth_date", "employment_type", "golongan", "position_title",
            "position_class_id", "opd_id", "upt_id", "phone", "email", "created_at", "updated_at",
        ),
    )  # fmt: skip
    return list(Participant.objects.order_by("pk").values_list("pk", flat=True)[:ASSESSED])


def setup() -> dict:
    from django.db import connection
    from django.db.models import Count
    from django.utils import timezone

    from core.db import bulk_insert
    from participants.models import Participant
    from participants.standards import required_levels_of
    from scoring.models import ParticipantResult, PrescoredResult, SkpRating
    from scoring.runs import lifecycle
    from sessions_app.models import Event, Registration

    started = time.perf_counter()
    now = timezone.now()
    today = timezone.localdate()
    ids = _people(now)
    predikat = ["Sangat Baik", "Baik", "Baik", "Baik", "Butuh Perbaikan"]
    bulk_insert(
        SkpRating,
        ((pk, today.year - 1, predikat[pk % 5], now) for pk in ids),
        fields=("participant_id", "year", "predikat", "imported_at"),
    )
    classes = dict(Participant.objects.filter(pk__in=ids).values_list("pk", "position_class_id"))
    required = required_levels_of(classes)
    base = np.array([required[pk] for pk in ids], dtype=np.int64)
    rng = np.random.default_rng(2026)
    levels = np.clip(base + rng.choice([-1, 0, 0, 1, 1, 2], size=base.shape), 1, 5)
    ld = rng.normal(68, 9, size=len(ids))
    es = rng.normal(66, 10, size=len(ids))
    timings = {"people_seconds": time.perf_counter() - started}
    runs = []
    for number, (code, name, days_ago) in enumerate(STAGES):
        start = today - dt.timedelta(days=days_ago)
        event = Event.objects.create(
            code=code, name=f"{name} (uji skala)", stage=name,
            start_date=start, end_date=start + dt.timedelta(days=30),
        )  # fmt: skip
        bulk_insert(
            Registration,
            ((event.pk, pk, now) for pk in ids),
            fields=("event_id", "participant_id", "created_at"),
        )
        registrations = dict(event.registrations.values_list("participant_id", "pk"))
        if number:  # most people grow a little between stages, a few slip
            step = rng.choice([-1, 0, 0, 0, 1, 1], size=levels.shape)
            levels = np.clip(levels + step, 1, 5)
            ld, es = ld + rng.normal(2, 5, size=len(ids)), es + rng.normal(2, 5, size=len(ids))
        bulk_insert(
            PrescoredResult,
            (
                (registrations[pk], levels[i].tolist(), round(float(np.clip(ld[i], 0, 100)), 2),
                 round(float(np.clip(es[i], 0, 100)), 2), now)
                for i, pk in enumerate(ids)
            ),
            fields=("registration_id", "levels", "ld_score", "es_score", "imported_at"),
        )  # fmt: skip
        run_started = time.perf_counter()
        run = lifecycle.wait_for(lifecycle.start_run(event=event, actor=None), timeout=1800)
        if run.status != run.Status.DONE:
            raise SystemExit(f"score run of {code} failed: {run.error}")
        lifecycle.publish_run(run=run, actor=None)
        runs.append(time.perf_counter() - run_started)
    with connection.cursor() as cursor:  # what autovacuum does after a bulk load, now
        cursor.execute("VACUUM ANALYZE")
    boxes = dict(
        ParticipantResult.objects.filter(run__event__code=STAGES[-1][0])
        .values_list("box")
        .annotate(n=Count("pk"))
    )
    return {
        **timings,
        "run_seconds": runs,
        "results": ParticipantResult.objects.count(),
        "boxes_latest": {str(k): v for k, v in sorted(boxes.items(), key=lambda kv: kv[0] or 0)},
        "seconds": time.perf_counter() - started,
    }


def _users():
    from django.contrib.auth.models import Group, User

    from accounts.models import Profile
    from accounts.roles import Role
    from participants.models import Opd

    group = Group.objects.get(name=Role.PIMPINAN.value)
    manager, _ = User.objects.get_or_create(username="bench-pimpinan")
    manager.groups.add(group)
    Profile.objects.update_or_create(user=manager, defaults={"all_opds": True})
    scoped, _ = User.objects.get_or_create(username="bench-pimpinan-opd")
    scoped.groups.add(group)
    profile, _ = Profile.objects.update_or_create(user=scoped, defaults={"all_opds": False})
    profile.opds.set(Opd.objects.filter(code__in=["OPD00", "OPD01"]))
    return manager, scoped


def _touch() -> None:
    """A change of the data the pages read: one person's master data saved as the
    participant form saves it."""
    from participants.models import Participant

    person = Participant.objects.order_by("pk").last()
    person.phone = "0812" + str(int(time.time() * 1000) % 10_000_000).zfill(7)
    person.save()


def _time(client, url: str) -> dict:
    from django.db import connection

    _touch()
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    started = time.perf_counter()
    with connection.execute_wrapper(count):
        response = client.get(url)
    first = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(WARM):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200
    warm: list[str] = []
    with connection.execute_wrapper(
        lambda execute, sql, *args: warm.append(sql) or execute(sql, *args)
    ):
        assert client.get(url).status_code == 200
    times.sort()
    return {
        "url": url,
        "first_ms": 1000 * first,
        "median_ms": 1000 * statistics.median(times),
        "p95_ms": 1000 * times[int(0.95 * (len(times) - 1) + 0.5)],
        "queries_first": len(queries),
        "queries": len(warm),
    }


def pages() -> dict:
    from django.test import Client
    from django.urls import reverse

    from participants.models import Opd, PositionClass, Region

    manager, scoped = _users()
    client = Client()
    client.force_login(manager)
    coverage = reverse("talent:coverage")
    pool = reverse("talent:pool")
    administrator = PositionClass.objects.get(name="Administrator").pk
    target = f"target=kelas-{administrator}"
    opd = Opd.objects.get(code="OPD03").pk
    region = Region.objects.order_by("pk").first().pk
    started = time.perf_counter()
    cold = client.get(coverage)
    cold_ms = 1000 * (time.perf_counter() - started)
    assert cold.status_code == 200
    figures = {"cold_process_coverage_ms": cold_ms, "pages": {}}
    cases = {
        "coverage": coverage,
        "unassessed page 2": f"{coverage}?page=2",
        "unassessed last page": f"{coverage}?page=400",
        "unassessed of one OPD, page 3": f"{coverage}?opd={opd}&page=3",
        "pool Administrator": f"{pool}?{target}",
        "pool Administrator page 20": f"{pool}?{target}&page=20",
        "pool Administrator, OPD filter": f"{pool}?{target}&opd={opd}",
        "pool Administrator, region+golongan": f"{pool}?{target}&region={region}&golongan=III/c",
    }
    for name, url in cases.items():
        figures["pages"][name] = _time(client, url)
    client.force_login(scoped)
    for name in ("coverage", "pool Administrator"):
        figures["pages"][f"{name} (2-OPD scope)"] = _time(client, cases[name])
    return figures


def command(name: str, *args: str) -> dict:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    started = time.perf_counter()
    call_command(name, *args, stdout=out)
    return {
        "seconds": time.perf_counter() - started,
        "peak_mb": peak_mb(),
        "said": out.getvalue().strip(),
    }


def download(name: str) -> dict:
    from django.test import Client
    from django.urls import reverse

    from participants.models import PositionClass

    manager, _ = _users()
    client = Client()
    client.force_login(manager)
    if name == "coverage":
        url = reverse("talent:coverage_download")
    else:
        administrator = PositionClass.objects.get(name="Administrator").pk
        url = f"{reverse('talent:pool_export')}?target=kelas-{administrator}"
    started = time.perf_counter()
    response = client.get(url)
    seconds = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    return {"seconds": seconds, "bytes": len(response.content), "peak_mb": peak_mb()}


def main() -> None:
    django.setup()
    step, *args = sys.argv[1:]
    steps = {"setup": setup, "pages": pages, "command": command, "download": download}
    print(json.dumps(steps[step](*args)))


if __name__ == "__main__":
    main()

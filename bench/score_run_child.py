"""The score-run benchmark's steps, each in its own process on the bench database:
`python -m bench.score_run_child setup|import|score PATH`. Each prints one JSON line.

setup: 100,000 participants registered for one event, the demo instrument (104 items: 54
SJT, 20 MC, 30 Likert), SKP ratings, and the answers file (CSV, random answers, 3% blank).
import: the answers file read, checked and stored (answers_plan + answers_apply), and
read bare (bare_read), the floor of its read.
score: one score run on the Celery workers the parent started, timed end to end.
recap: that run published, and its Excel recap written (reports/recap.py).
pandas: the recap's Per Peserta table written by pandas DataFrame.to_excel, the baseline.
dashboard: the event's dashboard served, the median of 20 requests.
"""

import csv
import datetime as dt
import io
import json
import sys
import time

import django
import numpy as np

from bench.memory import peak_mb

PARTICIPANTS = 100_000


def setup(path: str) -> dict:
    from django.utils import timezone

    from bench.scoring import as_cells, build_answers
    from core.db import bulk_insert
    from demo.results import demo_items
    from participants.models import Opd, Participant, PositionClass
    from participants.nip import Gender, build_nip
    from scoring.models import Instrument, SkpRating
    from scoring.services import store_items
    from sessions_app.models import Event, Registration

    now = timezone.now()
    opds = [Opd.objects.create(name=f"OPD Uji {n:02d}", code=f"OPD{n:02d}").pk for n in range(40)]
    position_class = PositionClass.objects.get(name="Pelaksana").pk

    def nip(i: int) -> str:
        birth = dt.date(1970, 1, 1) + dt.timedelta(days=i % 10_000)
        return build_nip(
            birth_date=birth, gender=Gender.MALE, sequence=i // 10_000 + 1,
            tmt=dt.date(birth.year + 25, 1, 1),
        )  # fmt: skip

    nips = [nip(i) for i in range(PARTICIPANTS)]
    bulk_insert(
        Participant,
        (
            (
                nips[i], f"Peserta {i}", "L", dt.date(1990, 1, 1), "PNS", "III/a",
                "Pengadministrasi", position_class, opds[i % 40], None, "", "", now, now,
            )
            for i in range(PARTICIPANTS)
        ),
        fields=(
            "nip", "name", "gender", "birth_date", "employment_type", "golongan", "position_title",
            "position_class_id", "opd_id", "upt_id", "phone", "email", "created_at", "updated_at",
        ),
    )  # fmt: skip
    event = Event.objects.create(
        code="BENCH",
        name="Uji skala",
        start_date=dt.date(2024, 2, 27),
        end_date=dt.date(2024, 3, 29),
    )
    ids = list(Participant.objects.order_by("pk").values_list("pk", flat=True))
    bulk_insert(
        Registration,
        ((event.pk, pk, now) for pk in ids),
        fields=("event_id", "participant_id", "created_at"),
    )
    predikat = ["Sangat Baik", "Baik", "Baik", "Baik", "Butuh Perbaikan"]
    bulk_insert(
        SkpRating,
        ((pk, 2023, predikat[pk % 5], now) for pk in ids),
        fields=("participant_id", "year", "predikat", "imported_at"),
    )
    instrument = Instrument.objects.create(event=event, name="Form Nasional")
    items = demo_items()
    store_items(instrument, items)
    codes = build_answers(np.random.default_rng(5), PARTICIPANTS, len(items))
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["NIP", *(item.code for item in items)])
        for start in range(0, PARTICIPANTS, 10_000):
            cells = as_cells(codes[start : start + 10_000], items)
            writer.writerows([nips[start + i], *row] for i, row in enumerate(cells))
    return {"participants": PARTICIPANTS, "items": len(items)}


def bare_read(path: str) -> float:
    """Seconds to read the answers file with nothing checked, the floor of the import's read:
    its bytes decoded and split into records by the csv module, the parser the CSV reader
    uses (calamine, the .xlsx reader's, reads no CSV)."""
    started = time.perf_counter()
    with open(path, "rb") as handle:
        text = handle.read().decode("utf-8-sig")
    for _record in csv.reader(io.StringIO(text, newline="")):
        pass
    return time.perf_counter() - started


def import_answers(path: str) -> dict:
    from django.conf import settings

    from scoring.answers import answers_apply, answers_plan
    from scoring.models import Instrument
    from sessions_app.models import Event

    event = Event.objects.get(code="BENCH")
    instrument = Instrument.objects.get(event=event)
    bare_seconds = bare_read(path)
    started = time.perf_counter()
    plan = answers_plan(
        event, instrument.scoring_items(), path, max_bytes=settings.COMMAND_IMPORT_MAX_BYTES
    )
    read = time.perf_counter() - started
    stored = answers_apply(instrument=instrument, plan=plan, actor=None, skip_invalid=False)
    return {
        "rows": plan.total_rows,
        "stored": stored,
        "read_seconds": read,
        "bare_seconds": bare_seconds,
        "seconds": time.perf_counter() - started,
        "peak_mb": peak_mb(),
    }


def score() -> dict:
    from scoring.runs import lifecycle
    from sessions_app.models import Event

    event = Event.objects.get(code="BENCH")
    started = time.perf_counter()
    run = lifecycle.start_run(event=event, actor=None)
    dispatched = time.perf_counter() - started
    run = lifecycle.wait_for(run, timeout=1800)
    seconds = time.perf_counter() - started
    last_chunk = max(run.chunks.values_list("done_at", flat=True))
    return {
        "status": run.status,
        "error": run.error,
        "results": run.results.count(),
        "chunks": run.chunks_total,
        "start_seconds": dispatched,
        "chunks_seconds": (last_chunk - run.created_at).total_seconds(),
        "final_seconds": (run.finished_at - last_chunk).total_seconds(),
        "seconds": seconds,
    }


def recap(path: str) -> dict:
    """The managers' workbook of the run just scored, published first."""
    from reports.recap import write_recap
    from scoring.runs import lifecycle
    from sessions_app.models import Event

    event = Event.objects.get(code="BENCH")
    run = event.score_runs.get()
    if run.published_at is None:
        run = lifecycle.publish_run(run=run, actor=None)
    started = time.perf_counter()
    rows = write_recap(run, path)
    return {"rows": rows, "seconds": time.perf_counter() - started, "peak_mb": peak_mb()}


def pandas_baseline(path: str) -> dict:
    """The same Per Peserta table written by pandas DataFrame.to_excel (openpyxl engine),
    read from the database the same way: what a Django developer would reach for."""
    import pandas as pd

    from reports.recap_people import PEOPLE_LABELS, people_rows
    from sessions_app.models import Event

    run = Event.objects.get(code="BENCH").score_runs.get()
    started = time.perf_counter()
    table = pd.DataFrame(list(people_rows(run)), columns=list(PEOPLE_LABELS))
    table.to_excel(path, sheet_name="Per Peserta", index=False)
    return {"rows": len(table), "seconds": time.perf_counter() - started, "peak_mb": peak_mb()}


def dashboard() -> dict:
    """The dashboard of the scored event, as a manager who sees every OPD opens it: the median
    of 20 requests through Django's test client (the whole view, templates included)."""
    import statistics

    from django.contrib.auth.models import Group, User
    from django.test import Client
    from django.urls import reverse

    from accounts.models import Profile
    from accounts.roles import Role

    user, _ = User.objects.get_or_create(username="bench-pimpinan")
    user.groups.add(Group.objects.get(name=Role.PIMPINAN.value))
    # An empty scope sees nothing (and answers fast): this manager sees the province.
    Profile.objects.update_or_create(user=user, defaults={"all_opds": True})
    client = Client()
    client.force_login(user)
    url = reverse("reports:dashboard", args=["BENCH"])
    first = client.get(url)  # warm: templates compiled, caches filled
    assert first.status_code == 200 and "100.000" in first.content.decode()
    times = []
    for _ in range(20):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200
    return {"median_ms": 1000 * statistics.median(times), "max_ms": 1000 * max(times)}


def main() -> None:
    django.setup()
    step, *args = sys.argv[1:]
    steps = {
        "setup": setup,
        "import": import_answers,
        "score": score,
        "recap": recap,
        "pandas": pandas_baseline,
        "dashboard": dashboard,
    }
    figures = steps[step](*args)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

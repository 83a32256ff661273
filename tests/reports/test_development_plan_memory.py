"""The training-needs workbook is written in flat memory: ten times the people below
standard take about the same peak of Python memory (rows read in chunks, sheets write-only)."""

import datetime as dt
import tempfile
import tracemalloc
from io import BytesIO

import pytest
from openpyxl import load_workbook

from participants.models import Participant, PositionClass
from participants.nip import Gender, build_nip
from reports.development_workbook import write_development
from scoring.models import ParticipantResult, ScoreRun
from sessions_app.models import Event, Registration

pytestmark = pytest.mark.django_db


def add_people(run: ScoreRun, opd, count: int, start: int) -> None:
    """count people of opd, each below a standard of 3 in every competency."""
    pelaksana = PositionClass.objects.get(name="Pelaksana")
    people = Participant.objects.bulk_create(
        Participant(
            nip=build_nip(
                birth_date=dt.date(1970, 1, 1) + dt.timedelta(days=number // 999),
                gender=Gender.MALE,
                sequence=number % 999 + 1,
                tmt=dt.date(2000, 1, 1),
            ),
            name=f"Pegawai {number:06d}",
            gender="L",
            birth_date=dt.date(1970, 1, 1),
            employment_type="PNS",
            golongan="III/a",
            position_title="Pengadministrasi",
            position_class=pelaksana,
            opd=opd,
        )
        for number in range(start, start + count)
    )
    registrations = Registration.objects.bulk_create(
        Registration(event=run.event, participant=person) for person in people
    )
    ParticipantResult.objects.bulk_create(
        ParticipantResult(
            run=run,
            registration=registration,
            source=ParticipantResult.Source.PRESCORED,
            levels=[1 + i % 2 for i in range(9)],
            gaps=[-2 + i % 2 for i in range(9)],
        )
        for registration in registrations
    )


def peak_while_writing(run: ScoreRun) -> tuple[int, int]:
    with tempfile.TemporaryFile() as out:  # on disk: the file is not the memory measured
        tracemalloc.start()
        try:
            written = write_development(run, out)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    return written, peak


def test_ten_times_the_rows_take_about_the_same_memory(opds):
    event = Event.objects.create(
        code="BESAR", name="Besar", start_date=dt.date(2024, 2, 27), end_date=dt.date(2024, 2, 28)
    )
    run = ScoreRun.objects.create(event=event, number=1, published_at=dt.datetime.now(dt.UTC))
    add_people(run, opds[0], 150, 0)
    small_rows, small_peak = peak_while_writing(run)
    add_people(run, opds[1], 1350, 150)
    big_rows, big_peak = peak_while_writing(run)
    assert (small_rows, big_rows) == (150 * 9, 1500 * 9)
    assert big_peak < small_peak * 1.5, (small_peak, big_peak)
    out = BytesIO()
    write_development(run, out)
    sheet = load_workbook(out, read_only=True)["M.01"]
    assert sum(1 for _ in sheet.iter_rows(min_row=2)) == 1500

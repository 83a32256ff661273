"""The recap's Per Peserta sheet lists everyone registered, with their attendance, so an OPD
head sees who did not sit: present, late, excused (Izin), absent, placed but not marked, not
placed. The other sheets still count results only. Read back from the file the dashboard
button gives, as the manager downloads it."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Profile
from accounts.roles import Role
from participants.models import Participant
from reports.recap import write_recap
from scoring.runs import lifecycle
from sessions_app.models import Attendance, AttendanceStatus, Placement, Registration
from sessions_app.services.schedule import schedule_apply
from tests.conftest import make_user
from tests.reports.test_recap import SCORE_LABELS, download, people, rows
from tests.sessions_app.fixtures import make_participants

pytestmark = pytest.mark.django_db

# The sheets figured from results only: registrations without a result change none of them.
RESULT_SHEETS = ["Per OPD", "Per Wilayah", "Per UPT", "Per Golongan", "Per Jenis Kelamin",
                 "Per Kelompok Usia", "Peta Gap"]  # fmt: skip


@pytest.fixture
def fiona(opds):
    """A Pimpinan scoped to DINKES."""
    user = make_user("fiona", Role.PIMPINAN)
    Profile.objects.create(user=user).opds.set([opds[1]])
    return user


def mark(registration: Registration, status: AttendanceStatus) -> None:
    session = registration.placement.session
    Attendance.objects.update_or_create(
        registration=registration,
        session=session,
        defaults={
            "status": status,
            "marked_at": timezone.make_aware(dt.datetime.combine(session.date, session.end_time)),
        },
    )


def register_late_comers(event, opds) -> dict[str, str]:
    """Four people registered after the run, none with a result: two DINKES (one Izin, one
    not placed), two BKD (one Izin, one placed and never marked). Their NIP -> expected label."""
    dinkes, bkd = make_participants(opds[1], 2, 105), make_participants(opds[0], 2, 7)
    for person in dinkes + bkd:
        Registration.objects.create(event=event, participant=person)
    schedule_apply(event=event, replan=False, fingerprint="", actor=None)  # into free seats
    mark(Registration.objects.get(participant=dinkes[0]), AttendanceStatus.EXCUSED)
    mark(Registration.objects.get(participant=bkd[0]), AttendanceStatus.EXCUSED)
    Placement.objects.filter(registration__participant=dinkes[1]).delete()
    return {
        dinkes[0].nip: "Izin",
        dinkes[1].nip: "Tidak Ditempatkan",
        bkd[0].nip: "Izin",
        bkd[1].nip: "Belum Ditandai",
    }


@pytest.fixture
def mixed(tested_event, registered, opds):
    """The tested event with one person late, one absent (the last, no answers), published;
    then the four late comers. Returns the run, the recap written before the late comers,
    and every registered NIP with the attendance label expected."""
    late = Registration.objects.get(participant=registered[2])
    mark(late, AttendanceStatus.LATE)
    run = lifecycle.publish_run(run=lifecycle.start_run(event=tested_event, actor=None), actor=None)
    before = io.BytesIO()
    write_recap(run, before)
    expected = {person.nip: "Hadir" for person in registered}
    expected[registered[2].nip] = "Terlambat"
    expected[registered[-1].nip] = "Tidak Hadir"
    expected |= register_late_comers(tested_event, opds)
    return run, load_workbook(before), expected


def recap_of(client, user, event):
    response = download(client, user, event)
    assert response.status_code == 200
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_every_registered_person_is_listed_with_their_attendance(client, dave, mixed):
    run, _, expected = mixed
    book = recap_of(client, dave, run.event)
    listed = people(book)
    assert Registration.objects.filter(event=run.event).count() == len(expected) == 16
    assert {row["NIP"]: row["Kehadiran"] for row in listed} == expected
    assert len(listed) == 16  # one row each
    scored = dict(run.results.values_list("registration__participant__nip", "jpm"))
    assert len(scored) == 11
    for row in listed:
        if row["NIP"] in scored:
            assert row["JPM"] == float(scored[row["NIP"]]) and row["M.01"] is not None
        else:  # absent, excused, not marked, not placed: the row is there, its scores empty
            assert [row[label] for label in SCORE_LABELS] == [None] * len(SCORE_LABELS)
            assert row["Nama"] and row["OPD"] and row["Jabatan"]
    # By OPD then name, as before; NIPs stay text.
    assert [(row["OPD"], row["Nama"]) for row in listed] == sorted(
        (row["OPD"], row["Nama"]) for row in listed
    )
    sheet = book["Per Peserta"]
    assert all(row[0].data_type == "s" for row in sheet.iter_rows(min_row=2))
    assert sheet.auto_filter.ref.endswith("17")


def test_the_other_sheets_still_count_results_only(client, dave, mixed):
    run, before, _ = mixed
    after = recap_of(client, dave, run.event)
    for name in RESULT_SHEETS:
        assert rows(after[name]) == rows(before[name]), name
    summary = [row for row in rows(after["Ringkasan"]) if row[0] != "Diterbitkan"]
    assert summary == [row for row in rows(before["Ringkasan"]) if row[0] != "Diterbitkan"]
    assert dict(row[:2] for row in rows(after["Ringkasan"])[1:8])["Peserta dinilai"] == 11
    # Attendance per session now holds the late comers' two Izin and one unmarked seat.
    header, *_, total = rows(after["Kehadiran"])
    total = dict(zip(header, total, strict=True))
    assert (total["Hadir"], total["Terlambat"], total["Izin"], total["Tidak Hadir"]) == (
        10,
        1,
        2,
        1,
    )
    assert total["Ditempatkan"] == Placement.objects.count() == 15
    assert total["Belum Ditandai"] == 1


def test_a_scoped_manager_sees_everyone_registered_in_their_opd_only(client, fiona, mixed, opds):
    run, _, expected = mixed
    book = recap_of(client, fiona, run.event)
    listed = people(book)
    dinkes = set(
        Participant.objects.filter(opd=opds[1], registrations__event=run.event).values_list(
            "nip", flat=True
        )
    )
    assert len(dinkes) == 6
    assert {row["NIP"]: row["Kehadiran"] for row in listed} == {
        nip: label for nip, label in expected.items() if nip in dinkes
    }
    assert {row["OPD"] for row in listed} == {"Kantor DINKES"}
    assert {"Izin", "Tidak Ditempatkan", "Hadir"} == {row["Kehadiran"] for row in listed}


def test_a_person_moved_after_a_mark_shows_the_mark_of_their_current_session(dave, mixed):
    run, _, _ = mixed
    # Absent on day 1, moved to a later session and not marked there yet: not "Tidak Hadir".
    absent = Registration.objects.get(
        event=run.event, attendances__status=AttendanceStatus.ABSENT
    ).placement
    later = run.event.sessions.exclude(pk=absent.session_id).order_by("-date", "-start_time")[0]
    taken = later.placements.values_list("workstation", flat=True)
    absent.session = later
    absent.workstation = later.event.labs.get().workstations.exclude(pk__in=taken).first()
    absent.save()
    buffer = io.BytesIO()
    write_recap(run, buffer)
    labels = {row["NIP"]: row["Kehadiran"] for row in people(load_workbook(buffer))}
    assert labels[absent.registration.participant.nip] == "Belum Ditandai"
    mark(absent.registration, AttendanceStatus.PRESENT)
    buffer = io.BytesIO()
    write_recap(run, buffer)
    labels = {row["NIP"]: row["Kehadiran"] for row in people(load_workbook(buffer))}
    assert labels[absent.registration.participant.nip] == "Hadir"


def test_the_recap_bench_steps_run_on_a_small_event(mixed, tmp_path):
    """bench/score_run_child.py's recap and pandas baseline, on this event named BENCH."""
    from bench import score_run_child

    run, _, expected = mixed
    type(run.event).objects.filter(pk=run.event.pk).update(code="BENCH")
    figures = score_run_child.recap(str(tmp_path / "recap.xlsx"))
    assert figures["rows"] == len(expected) == 16
    baseline = score_run_child.pandas_baseline(str(tmp_path / "pandas.xlsx"))
    assert baseline["rows"] == 16
    listed = people(load_workbook(tmp_path / "pandas.xlsx"))
    assert {row["NIP"]: row["Kehadiran"] for row in listed} == expected

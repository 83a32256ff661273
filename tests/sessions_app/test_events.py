"""Event, session and registration pages; the import into an event; the schedule export."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from participants.models import Participant
from sessions_app.models import Event, Placement, Registration, Unavailability
from tests.conftest import HEADERS, row, write_xlsx
from tests.sessions_app.fixtures import DAY1, DAY2

pytestmark = pytest.mark.django_db


def test_an_operator_creates_an_event_and_its_sessions(client, bob, event):
    client.force_login(bob)
    lab = event.labs.get()
    response = client.post(
        reverse("sessions_app:event_create"),
        {
            "code": "tahap-iv-2024",
            "name": "Tahap IV",
            "stage": "Tahap IV",
            "start_date": "2024-07-01",
            "end_date": "2024-07-02",
            "status": "draft",
            "labs": [lab.pk],
            "opd_day_share": "0.5",
        },
    )
    created = Event.objects.get(code="TAHAP-IV-2024")
    assert response.url == reverse("sessions_app:event", args=[created.code])
    url = reverse("sessions_app:session_create", args=[created.code])
    client.post(
        url, {"name": "Sesi 1", "date": "2024-07-01", "start_time": "07:30", "end_time": "12:00"}
    )
    assert created.sessions.count() == 1


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"date": "2024-03-01"}, "di luar tanggal kegiatan"),
        ({"start_time": "11:00", "end_time": "14:00"}, "bertumpang tindih"),
        ({"start_time": "12:00", "end_time": "08:00"}, "setelah jam mulai"),
    ],
)
def test_bad_sessions_are_refused_with_a_reason(client, bob, event, values, message):
    client.force_login(bob)
    data = {
        "name": "Sesi 3",
        "date": "2024-02-27",
        "start_time": "18:00",
        "end_time": "20:00",
        **values,
    }
    response = client.post(reverse("sessions_app:session_create", args=[event.code]), data)
    assert message in response.content.decode()
    assert event.sessions.count() == 4


def test_registering_by_filter_adds_each_person_once(client, bob, event, opds, registered):
    client.force_login(bob)
    Registration.objects.filter(participant__opd=opds[2]).delete()
    url = reverse("sessions_app:register", args=[event.code])
    client.post(url, {"reg-opd": opds[2].pk})
    client.post(url, {"reg-opd": opds[2].pk})
    assert event.registrations.count() == 12
    listing = client.get(
        reverse("sessions_app:registrations", args=[event.code]), {"status": "unplaced"}
    )
    assert listing.context["page"].paginator.count == 12


def test_unavailable_dates_are_set_on_the_registration_page(client, bob, event, registered):
    client.force_login(bob)
    registration = event.registrations.first()
    url = reverse("sessions_app:registration_unavailability", args=[event.code, registration.pk])
    client.post(
        url, {"dates-dates": [DAY1.isoformat()], "dates-source": "opd", "dates-note": "Surat OPD"}
    )
    stored = registration.unavailable_dates.get()
    assert (stored.date, stored.source, stored.note) == (DAY1, "opd", "Surat OPD")


def test_a_placement_is_pinned_and_released_on_its_page(client, bob, event, registered):
    call_command("schedule_event", "--event", event.code)
    client.force_login(bob)
    registration = event.registrations.first()
    url = reverse("sessions_app:registration_pin", args=[event.code, registration.pk])
    client.post(url, {"pin": "1"})
    assert Placement.objects.get(registration=registration).pinned
    client.post(url, {"pin": "0"})
    assert not Placement.objects.get(registration=registration).pinned


def test_import_with_event_registers_and_keeps_tidak_bisa(tmp_path, event, capsys):
    headers = HEADERS + ["Tidak Bisa"]
    rows = [
        row("198609262015051001") + ["27/02/2024"],
        row("198609262015051002", name="Budi") + ["2024-02-27; 2024-02-28; 2024-03-09"],
    ]
    call_command(
        "import_participants",
        str(write_xlsx(tmp_path / "p.xlsx", rows, headers)),
        "--event",
        event.code,
    )
    assert event.registrations.count() == 2
    budi = Registration.objects.get(participant__name="Budi")
    assert sorted(budi.unavailable_dates.values_list("date", flat=True)) == [DAY1, DAY2]
    assert "2 peserta baru didaftarkan" in capsys.readouterr().out


def test_import_into_an_unknown_event_is_refused_before_anything_is_saved(tmp_path, event):
    path = write_xlsx(tmp_path / "p.xlsx", [row("198609262015051001")])
    with pytest.raises(CommandError, match="Kegiatan dengan kode TAHAP-X tidak ada"):
        call_command("import_participants", str(path), "--event", "TAHAP-X")
    assert not Participant.objects.exists()


def test_import_with_a_lowercase_event_code_finds_the_event(tmp_path, event, capsys):
    path = write_xlsx(tmp_path / "p.xlsx", [row("198609262015051001")])
    call_command("import_participants", str(path), "--event", event.code.lower())
    assert event.registrations.count() == 1
    assert f"Kegiatan {event.code}: 1 peserta baru didaftarkan" in capsys.readouterr().out


def test_export_schedule_writes_one_row_per_registration(tmp_path, event, registered):
    call_command("schedule_event", "--event", event.code)
    extra = Participant.objects.first()
    Placement.objects.filter(registration__participant=extra).delete()
    Unavailability.objects.create(registration=extra.registrations.get(), date=DAY2)
    out = tmp_path / "jadwal.xlsx"
    call_command("export_schedule", "--event", event.code, str(out))
    sheet = load_workbook(out)["Jadwal"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "NIP",
        "Nama",
        "OPD",
        "UPT",
        "Tanggal",
        "Sesi",
        "Mulai",
        "Selesai",
        "Ruang",
        "Kursi",
        "Tidak Bisa",
    )
    assert len(rows) == 13
    by_nip = {values[0]: values for values in rows[1:]}
    unplaced = by_nip[extra.nip]
    assert unplaced[4:10] == (None,) * 6 and unplaced[10] == "28/02/2024"
    placed = next(values for values in rows[1:] if values[4] is not None)
    assert isinstance(placed[4], dt.datetime) and placed[9].startswith("PC-")

"""Control characters in names (a BEL or ESC pasted from a terminal or another system's
export): removed on the way in by the import and the forms, and never able to break an
export, even when an older row still holds one."""

import csv
import datetime as dt
import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.text import CONTROLS, normalize_text
from participants.models import Opd, Participant, PositionClass
from sessions_app.models import Placement, Registration
from sessions_app.services.attendance import attendance_mark
from sessions_app.services.registration import event_register
from sessions_app.services.schedule import schedule_apply
from tests.conftest import HEADERS, row

pytestmark = pytest.mark.django_db

BELL, ESC = "\x07", "\x1b"


def test_normalize_text_removes_controls_composes_and_collapses_spaces() -> None:
    assert normalize_text(f"  Budi{BELL}  Santoso{ESC}\u00a0") == "Budi Santoso"
    assert normalize_text("Jose\u0301") == "José"  # decomposed é, as macOS pastes it
    assert normalize_text("a\x00b\x7fc\x85d") == "abcd"
    assert normalize_text(" 27/02/2024\r\n 28/02/2024 ", keep_lines=True) == (
        "27/02/2024\n28/02/2024"
    )


def upload_csv(client, rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    content = buffer.getvalue().encode("utf-8")
    response = client.post(
        reverse("participants:import"), {"file": SimpleUploadedFile("peserta.csv", content)}
    )
    assert response.status_code == 302, response.content.decode()
    return response.url


def import_with_controls(client) -> None:
    preview = upload_csv(
        client,
        [
            row("198609262015051001", name=f"Budi{BELL} Santoso{ESC}", opd=f"Dinas{ESC} Sosial"),
            row("198609262015052002", name=f"Rina {ESC}[31mAyu{BELL}", opd=f"Dinas{ESC} Sosial"),
        ],
    )
    token = preview.rstrip("/").rsplit("/", 1)[-1]
    response = client.post(reverse("participants:import_confirm", args=[token]))
    assert response.status_code == 302


def create_with_form(client, opd: Opd, name: str):
    return client.post(
        reverse("participants:create"),
        {
            "nip": "19860926 201505 2 007",
            "name": name,
            "golongan": "III/b",
            "position_title": f"Perawat{BELL} Ahli Pertama",
            "position_class": PositionClass.objects.get(name="JF Ahli Pertama").pk,
            "opd": opd.pk,
            "phone": "",
            "email": "",
        },
    )


def test_the_csv_import_stores_names_without_control_characters(as_user, bob) -> None:
    import_with_controls(as_user(bob))

    names = set(Participant.objects.values_list("name", flat=True))
    assert names == {"Budi Santoso", "Rina [31mAyu"}
    assert list(Opd.objects.values_list("name", flat=True)) == ["Dinas Sosial"]


def test_the_participant_form_stores_the_name_without_control_characters(
    as_user, bob, opd_dinkes
) -> None:
    response = create_with_form(as_user(bob), opd_dinkes, f"Siti{ESC}  Aminah{BELL}")

    assert response.status_code == 302
    person = Participant.objects.get()
    assert (person.name, person.position_title) == ("Siti Aminah", "Perawat Ahli Pertama")


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x.example","klik")', "@SUM(A1)", "+cmd"])
def test_the_participant_form_refuses_a_name_that_starts_like_a_formula(
    as_user, bob, opd_dinkes, name
) -> None:
    response = create_with_form(as_user(bob), opd_dinkes, name)

    assert response.status_code == 200
    assert "seperti rumus Excel" in response.content.decode()
    assert Participant.objects.count() == 0


def strings_of(workbook) -> list[str]:
    found = [title for title in workbook.sheetnames]
    for sheet in workbook.worksheets:
        for values in sheet.iter_rows(values_only=True):
            found += [value for value in values if isinstance(value, str)]
    return found


def assert_clean(content: bytes, *expected: str) -> None:
    texts = strings_of(load_workbook(io.BytesIO(content)))
    assert not [text for text in texts if CONTROLS.search(text)]
    for name in expected:
        assert any(name in text for text in texts), name


@pytest.fixture
def event_with_controls(as_user, bob, opds, event, registered, charlie):
    """The small event with two people imported and one added by form, all with control
    characters typed, and two older rows (stored before the normaliser) still holding one."""
    client = as_user(bob)
    import_with_controls(client)
    create_with_form(client, opds[1], f"Siti{ESC} Aminah{BELL}")
    newcomers = Participant.objects.filter(name__in=["Budi Santoso", "Siti Aminah"])
    event_register(event=event, participants=newcomers, actor=bob)
    # Older rows: written straight to the database as the first build let them in.
    Participant.objects.filter(name="BKD Pegawai 001").update(name=f"Lama{BELL} Satu{ESC}")
    Opd.objects.filter(code="BKD").update(name=f"Kantor{ESC} BKD{BELL}")
    schedule_apply(event=event, replan=False, fingerprint="", actor=None)
    placement = Placement.objects.filter(registration__participant__name__startswith="Lama")[0]
    attendance_mark(
        session=placement.session,
        registration=placement.registration,
        status="hadir",
        client_id=uuid.uuid4(),
        marked_at=timezone.now(),
        actor=charlie,
        device=f"HP{BELL}",
    )
    return event


def test_every_export_answers_and_reads_back_clean(as_user, bob, event_with_controls, tmp_path):
    client, code = as_user(bob), event_with_controls.code
    assert Registration.objects.filter(event=event_with_controls, placement__isnull=False).count()

    schedule = client.get(reverse("sessions_app:schedule_export", args=[code]))
    letters = client.get(reverse("sessions_app:opd_letters", args=[code]))
    recap = client.get(reverse("sessions_app:attendance_recap", args=[code]), {"format": "xlsx"})
    out = tmp_path / "jadwal.xlsx"
    call_command("export_schedule", "--event", code, str(out), stdout=io.StringIO())

    for response in (schedule, letters, recap):
        assert response.status_code == 200
    assert_clean(schedule.content, "Budi Santoso", "Siti Aminah", "Lama Satu", "Kantor BKD")
    assert_clean(letters.content, "Budi Santoso", "Lama Satu", "Kantor BKD")
    assert_clean(recap.content, "Lama Satu", "Kantor BKD")
    assert_clean(out.read_bytes(), "Budi Santoso", "Siti Aminah", "Lama Satu")


def test_a_text_cell_with_a_control_character_is_written_without_it(tmp_path) -> None:
    from openpyxl import Workbook

    from core.excel import text_cell, value_cell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Uji")
    sheet.append([value_cell(sheet, f"a{BELL}b"), text_cell(sheet, f"={ESC}1+1"), dt.date.today()])
    workbook.save(tmp_path / "uji.xlsx")

    values = next(load_workbook(tmp_path / "uji.xlsx")["Uji"].iter_rows(values_only=True))
    assert values[:2] == ("ab", "=1+1")

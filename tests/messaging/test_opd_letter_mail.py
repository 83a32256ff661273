"""Saving a schedule mails each OPD contact one letter listing its people with day, session
and seat: the text, a PDF with the office's letterhead and the .xlsx, through a real SMTP
server; once per change, however often the signal fires; nothing when switched off."""

import io

import openpyxl
import pytest
from pypdf import PdfReader

from messaging.models import EventMessaging, Message
from sessions_app.documents import display_nip, indonesian_date
from sessions_app.models import Placement, Registration, Session
from sessions_app.services.placement import placement_move_many
from sessions_app.services.schedule import schedule_apply
from sessions_app.signals import placements_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def contacts(opds):
    """BKD and DINKES have a contact with an e-mail address; DINSOS has none."""
    bkd, dinkes, _dinsos = opds
    bkd.contact_name, bkd.contact_email = "Rina Kepegawaian", "kepegawaian@bkd.example"
    bkd.contact_phone = "+6281255501234"
    dinkes.contact_name, dinkes.contact_email = "", "umum@dinkes.example"
    for opd in (bkd, dinkes):
        opd.save()
    return opds


def save_schedule(event, actor, capture):
    with capture(execute=True):
        schedule_apply(event=event, replan=False, fingerprint="", actor=actor)


def letters(inbox) -> dict:
    return {
        m["To"].addresses[0].addr_spec: m
        for m in inbox.received
        if "Jadwal peserta" in m["Subject"]
    }


def test_each_opd_contact_gets_one_letter_with_the_pdf_and_the_sheet(
    smtp, event, registered, contacts, bob, django_capture_on_commit_callbacks
):
    save_schedule(event, bob, django_capture_on_commit_callbacks)

    mails = letters(smtp)
    assert set(mails) == {"kepegawaian@bkd.example", "umum@dinkes.example"}
    mail = mails["kepegawaian@bkd.example"]
    assert mail["From"] == "CACT BKD Kaltara <cact@bkd.example>"
    assert mail["To"].addresses[0].display_name == "Rina Kepegawaian"
    assert mail["Subject"] == "Jadwal peserta Kantor BKD: Uji Tahap"
    body = mail.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert body.startswith("Yth. Rina Kepegawaian,\nKantor BKD\n")
    assert "Berikut jadwal 6 pegawai Kantor BKD yang mengikuti Uji Tahap" in body
    first = Placement.objects.select_related("session", "workstation").get(
        registration__participant=registered[0]
    )
    line = (
        f"{registered[0].name} (NIP {display_nip(registered[0].nip)}): "
        f"{indonesian_date(first.session.date)}, {first.session.name}"
    )
    assert line in body and f"kursi {first.workstation.label}" in body
    assert "Surat jadwal (PDF) dan daftar peserta (Excel) terlampir." in body
    assert "DINKES Pegawai" not in body  # only its own people

    pdf, sheet = list(mail.iter_attachments())
    assert (pdf.get_filename(), pdf.get_content_type()) == (
        "surat-jadwal-UJI-2024.pdf",
        "application/pdf",
    )
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.get_content())).pages)
    assert "BADAN KEPEGAWAIAN DAERAH" in text and "Kepala Kantor BKD" in text
    assert "u.p. Rina Kepegawaian" in text and registered[0].name in text
    assert first.workstation.label in text and "Tanjung Selor," in text
    assert sheet.get_filename() == "jadwal-UJI-2024.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(sheet.get_content()), read_only=True)
    rows = [row for row in book["Kantor BKD"].iter_rows(values_only=True) if row]
    header = rows.index(next(r for r in rows if r[0] == "No"))
    people = rows[header + 1 : header + 7]
    assert [r[2] for r in people] == [
        p.name
        for p in sorted(
            registered[:6],
            key=lambda p: (
                Placement.objects.get(registration__participant=p).session.date,
                Placement.objects.get(registration__participant=p).session.start_time,
                p.name,
            ),
        )
    ]
    assert {r[1] for r in people} == {p.nip for p in registered[:6]}

    message = Message.objects.get(kind=Message.Kind.OPD_LETTER, opd=contacts[0])
    assert (message.state, message.caused_by, message.recipient_address) == (
        "sent",
        bob,
        "kepegawaian@bkd.example",
    )
    assert message.attachments.count() == 2


def test_a_letter_goes_once_even_when_the_signal_fires_twice(
    smtp, event, registered, contacts, bob, django_capture_on_commit_callbacks
):
    save_schedule(event, bob, django_capture_on_commit_callbacks)
    ids = list(Registration.objects.values_list("pk", flat=True))
    for _ in range(2):
        placements_changed.send(sender=None, registration_ids=ids, kind="schedule", actor=bob)
    save_schedule(event, bob, django_capture_on_commit_callbacks)  # nothing new to place
    assert Message.objects.filter(kind=Message.Kind.OPD_LETTER).count() == 2
    assert len(letters(smtp)) == 2 and len(smtp.received) == 2


def test_moving_several_people_of_one_opd_is_one_new_letter_to_that_opd_only(
    smtp, event, registered, contacts, bob, django_capture_on_commit_callbacks
):
    save_schedule(event, bob, django_capture_on_commit_callbacks)
    smtp.received.clear()
    moved = list(Registration.objects.filter(participant__in=registered[:2]))
    target = Session.objects.exclude(
        pk__in=Placement.objects.filter(registration__in=moved).values("session_id")
    ).last()
    with django_capture_on_commit_callbacks(execute=True):
        placement_move_many(registrations=moved, session=target, reason="Dinas luar", actor=bob)
    [mail] = smtp.received
    assert mail["To"].addresses[0].addr_spec == "kepegawaian@bkd.example"
    assert (
        f"{indonesian_date(target.date)}, {target.name}" in mail.get_body(("plain",)).get_content()
    )
    assert Message.objects.filter(kind=Message.Kind.OPD_LETTER, opd=contacts[0]).count() == 2


def test_switched_off_no_letter_is_queued(
    smtp, event, registered, contacts, bob, django_capture_on_commit_callbacks
):
    EventMessaging.objects.create(event=event, opd_letter_email=False)
    save_schedule(event, bob, django_capture_on_commit_callbacks)
    assert not Message.objects.filter(kind=Message.Kind.OPD_LETTER).exists()
    assert smtp.received == []

"""The cards and seating-list PDFs, read back as a scanner and a reader would: every QR code
decoded by zxing-cpp from pages rasterised by pypdfium2, the text by pypdf; and who may
download them."""

from __future__ import annotations

import io
import json
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.roles import Role
from sessions_app.cards import card_code, registration_id_from_code
from sessions_app.models import Attendance, Placement, Registration, Session, Workstation
from sessions_app.seating_pdf import seat_grid
from sessions_app.services.schedule import schedule_apply
from tests.conftest import make_user
from tests.sessions_app.fixtures import make_participants
from tests.sessions_app.qr_decode import decode_pdf

PDF = "application/pdf"


def first_session() -> Session:
    return Session.objects.order_by("date", "start_time").first()


def page_texts(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def page_sizes(content: bytes) -> list[tuple[int, int]]:
    pages = PdfReader(io.BytesIO(content)).pages
    return [(round(page.mediabox.width), round(page.mediabox.height)) for page in pages]


def post_mark(client, session: Session, code: str):
    payload = {
        "client_id": str(uuid.uuid4()),
        "marked_at": timezone.now().isoformat(),
        "code": code,
    }
    url = reverse("sessions_app:proctor_mark", args=[session.pk])
    return client.post(url, json.dumps(payload), content_type="application/json")


# --- Cards -------------------------------------------------------------------------------------


def test_every_card_in_the_pdf_decodes_to_a_code_that_marks_its_person(
    client, bob, charlie, today_event
):
    session = first_session()
    placements = list(Placement.objects.filter(session=session).order_by("workstation__label"))
    client.force_login(bob)
    url = reverse("sessions_app:cards_pdf", args=[today_event.code])

    response = client.get(url, {"sesi": session.pk})

    assert response.status_code == 200 and response["Content-Type"] == PDF
    assert 'filename="kartu-peserta-UJI-2024.pdf"' in response["Content-Disposition"]
    [codes] = decode_pdf(response.content, dpi=200)
    assert sorted(codes) == sorted(card_code(p.registration_id) for p in placements)
    client.force_login(charlie)  # the proctor of the session scans each card
    for code in codes:
        answer = post_mark(client, session, code)
        assert answer.status_code == 200, answer.content
        assert answer.json()["registration"] == registration_id_from_code(code)
    marked = Attendance.objects.filter(session=session).values_list("registration", flat=True)
    assert sorted(marked) == sorted(p.registration_id for p in placements)


def test_cards_fill_eight_to_a_sheet_each_with_its_persons_details(client, bob, event, opds):
    for person in make_participants(opds[0], 10):
        Registration.objects.create(event=event, participant=person)
    schedule_apply(event=event, replan=False, fingerprint="", actor=None)
    placements = list(
        Placement.objects.filter(registration__participant__opd=opds[0])
        .select_related("registration__participant", "session", "workstation")
        .order_by("session__date", "session__start_time", "workstation__label")
    )
    assert len(placements) == 10
    client.force_login(bob)

    response = client.get(reverse("sessions_app:cards_pdf", args=[event.code]), {"opd": opds[0].pk})

    pages = decode_pdf(response.content, dpi=200)
    assert [len(codes) for codes in pages] == [8, 2]
    for codes, chunk in zip(pages, (placements[:8], placements[8:]), strict=True):
        assert set(codes) == {card_code(p.registration_id) for p in chunk}
    texts = page_texts(response.content)
    for text, chunk in zip(texts, (placements[:8], placements[8:]), strict=True):
        for p in chunk:
            assert p.registration.participant.name in text
            assert "Sesi 1, 07.30-12.00 WITA" in text or "Sesi 2, 13.00-17.30 WITA" in text
    assert "Selasa, 27 Februari 2024" in texts[0] and "Kursi" in texts[0]
    assert "NIP 19900101 201501 2 001" in texts[0]
    assert page_sizes(response.content) == [(595, 842)] * 2  # A4 portrait, in points


def test_the_cards_pdf_asks_for_an_opd_or_a_session(client, bob, event):
    client.force_login(bob)

    response = client.get(reverse("sessions_app:cards_pdf", args=[event.code]))

    assert response.status_code == 400
    assert "Pilih OPD atau sesi" in response.content.decode()


def test_the_cards_page_links_its_pdf_and_draws_each_qr_whole(client, bob, today_event):
    session = first_session()
    client.force_login(bob)

    page = client.get(reverse("sessions_app:cards", args=[today_event.code]), {"sesi": session.pk})

    html = page.content.decode()
    assert (
        reverse("sessions_app:cards_pdf", args=[today_event.code]) + f"?sesi={session.pk}" in html
    )
    assert html.count('<svg shape-rendering="crispEdges" viewBox="0 0 41 41" class="qr">') == 5


# --- Seating list ------------------------------------------------------------------------------


def test_the_seating_pdf_maps_the_lab_and_lists_the_seats(client, bob, today_event):
    session = first_session()
    Workstation.objects.filter(label="PC-04").update(status=Workstation.Status.OUT_OF_ORDER)
    placements = list(
        Placement.objects.filter(session=session)
        .select_related("registration__participant", "workstation")
        .order_by("workstation__label")
    )
    client.force_login(bob)

    response = client.get(
        reverse("sessions_app:session_seating_pdf", args=[today_event.code, session.pk])
    )

    assert response.status_code == 200 and response["Content-Type"] == PDF
    assert "denah-kursi-UJI-2024-" in response["Content-Disposition"]
    seat_map, seat_list = page_texts(response.content)
    assert "DENAH TEMPAT DUDUK" in seat_map and "Lab 1" in seat_map
    for label in ("PC-01", "PC-02", "PC-03", "PC-04", "PC-05", "PC-06"):
        assert label in seat_map
    assert "cadangan" in seat_map and "RUSAK" in seat_map  # PC-06 spare, PC-04 out of order
    assert "Terisi: 5" in seat_map and "Cadangan kosong: 1" in seat_map and "Rusak: 1" in seat_map
    assert "DAFTAR TEMPAT DUDUK PESERTA" in seat_list
    positions = [seat_list.index(p.registration.participant.name) for p in placements]
    assert positions == sorted(positions)  # in seat order
    assert "Jumlah peserta: 5 orang" in seat_list
    assert page_sizes(response.content) == [(842, 595), (595, 842)]  # A4 landscape, portrait


def test_seats_named_by_row_letter_are_mapped_by_row():
    assert seat_grid(["B2", "A1", "A3", "B1"]) == [["A1", None, "A3"], ["B1", "B2", None]]
    assert seat_grid(["A-01", "A-02", "B-01"]) == [["A-01", "A-02"], ["B-01", None]]


def test_numbered_seats_are_mapped_ten_to_a_row_in_natural_order():
    labels = [f"PC-{n}" for n in range(23, 0, -1)]

    grid = seat_grid(labels)

    assert [len(row) for row in grid] == [10, 10, 3]
    assert grid[0][:3] == ["PC-1", "PC-2", "PC-3"] and grid[1][0] == "PC-11"
    assert seat_grid(["Meja Guru", "PC-2", "PC-10"]) == [["Meja Guru", "PC-2", "PC-10"]]
    assert seat_grid([]) == []


# --- The proctor's own documents -----------------------------------------------------------


@pytest.mark.parametrize("name", ["proctor_attendance_pdf", "proctor_seating_pdf"])
def test_a_proctor_downloads_the_documents_of_their_own_session(client, charlie, today_event, name):
    session = first_session()
    client.force_login(charlie)

    response = client.get(reverse(f"sessions_app:{name}", args=[session.pk]))

    assert response.status_code == 200 and response["Content-Type"] == PDF
    text = "".join(page_texts(response.content))
    for placement in Placement.objects.filter(session=session).select_related(
        "registration__participant"
    ):
        assert placement.registration.participant.name in text


@pytest.mark.parametrize("name", ["proctor_attendance_pdf", "proctor_seating_pdf"])
def test_a_proctor_gets_403_for_another_proctors_session(client, charlie, today_event, name):
    session = first_session()
    session.proctors.set([make_user("dina", Role.PENGAWAS)])
    client.force_login(charlie)

    assert client.get(reverse(f"sessions_app:{name}", args=[session.pk])).status_code == 403


@pytest.mark.parametrize("name", ["proctor_attendance_pdf", "proctor_seating_pdf"])
def test_an_operator_gets_any_sessions_documents_and_a_manager_none(
    client, bob, dave, today_event, name
):
    session = first_session()
    session.proctors.clear()
    url = reverse(f"sessions_app:{name}", args=[session.pk])
    client.force_login(bob)
    assert client.get(url).content.startswith(b"%PDF-")
    client.force_login(dave)
    assert client.get(url).status_code == 403


def test_the_proctor_page_links_the_sessions_printouts(client, charlie, today_event):
    session = first_session()
    client.force_login(charlie)

    html = client.get(reverse("sessions_app:proctor_session", args=[session.pk])).content.decode()

    assert reverse("sessions_app:proctor_attendance_pdf", args=[session.pk]) in html
    assert reverse("sessions_app:proctor_seating_pdf", args=[session.pk]) in html

"""The participant cards as a proctor meets them: on screen, printed by Chromium, and held
up to the proctor page's camera. Every QR is read back by zxing-cpp, an independent decoder,
and must carry the code the mark endpoint accepts for that person."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from sessions_app.cards import card_code, registration_id_from_code
from sessions_app.models import Attendance, AttendanceStatus, Placement, Registration, Session
from sessions_app.services.schedule import schedule_apply
from tests.browser.conftest import CHROMIUM, sign_in
from tests.sessions_app.fixtures import make_participants
from tests.sessions_app.qr_decode import decode_pdf, decode_png, pdf_pages

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = Path("/tmp/shots/h1")  # what the tests saw, kept for a person to look at


@pytest.fixture(autouse=True)
def _shots_folder() -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)  # each test saves its own, in any order


def expected_codes(placements) -> set[str]:
    return {card_code(p.registration_id) for p in placements}


def open_cards(page, live_server, event, **query) -> None:
    sign_in(page, live_server.url, "bob")
    url = reverse("sessions_app:cards", args=[event.code])
    page.goto(f"{live_server.url}{url}?" + "&".join(f"{k}={v}" for k, v in query.items()))
    page.wait_for_selector(".card-id")


def test_every_card_on_screen_decodes_to_its_persons_code(
    browser_page, live_server, bob, today_event
):
    session = Session.objects.order_by("date", "start_time").first()
    placements = list(Placement.objects.filter(session=session))
    page = browser_page
    open_cards(page, live_server, today_event, sesi=session.pk)
    assert page.locator(".card-id").count() == len(placements) == 5

    png = page.screenshot(full_page=True, path=str(SHOTS / "cards-screen.png"))
    decoded = decode_png(png)

    assert len(decoded) == len(placements)
    assert set(decoded) == expected_codes(placements)
    assert {registration_id_from_code(code) for code in decoded} == {
        p.registration_id for p in placements
    }
    # Each QR is drawn whole at 3 cm: its box is as wide as it is tall and nothing crops it.
    for box in page.locator(".card-qr svg").evaluate_all(
        "els => els.map(e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height,"
        " e.parentElement.getBoundingClientRect().width])"
    ):
        width, height, holder = box
        assert abs(width - 3 * 96 / 2.54) < 1 and abs(height - width) < 0.5 and holder >= width


def test_the_cards_page_printed_to_pdf_decodes_card_by_card(
    browser_page, live_server, bob, today_event
):
    opd = today_event.registrations.first().participant.opd
    for person in make_participants(opd, 6, start=50):  # more cards than one sheet holds
        Registration.objects.create(event=today_event, participant=person)
    schedule_apply(event=today_event, replan=False, fingerprint="", actor=None)
    placements = list(Placement.objects.filter(registration__participant__opd=opd))
    assert len(placements) == 12
    page = browser_page
    open_cards(page, live_server, today_event, opd=opd.pk)

    pdf = page.pdf(format="A4", print_background=True)
    pages = decode_pdf(pdf, dpi=200)

    decoded = [code for codes in pages for code in codes]
    assert len(pages) > 1 and all(pages)
    assert len(decoded) == len(placements)  # no card lost, none split over two pages
    assert set(decoded) == expected_codes(placements)
    for number, image in enumerate(pdf_pages(pdf, dpi=100), start=1):
        image.save(SHOTS / f"cards-print-{number}.png")


def write_y4m(path: Path, frame: Image.Image, count: int = 10) -> None:
    """A YUV4MPEG2 clip of count identical frames, I420 (4:2:0), for Chromium's fake camera."""
    ycbcr = frame.convert("YCbCr")
    y, cb, cr = ycbcr.split()
    half = (frame.width // 2, frame.height // 2)
    planes = y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    header = f"YUV4MPEG2 W{frame.width} H{frame.height} F10:1 Ip A1:1 C420jpeg\n"
    with path.open("wb") as handle:
        handle.write(header.encode("ascii"))
        for _ in range(count):
            handle.write(b"FRAME\n" + planes)


def camera_frame(card_png: bytes, size: tuple[int, int] = (640, 480)) -> Image.Image:
    """The card as a camera held over it sees it: centred on a grey desk, filling the frame."""
    card = Image.open(io.BytesIO(card_png)).convert("RGB")
    card.thumbnail((size[0] - 40, size[1] - 40), Image.Resampling.LANCZOS)
    frame = Image.new("RGB", size, (128, 128, 128))
    frame.paste(card, ((size[0] - card.width) // 2, (size[1] - card.height) // 2))
    return frame


def test_a_card_held_to_the_kamera_button_marks_its_person(
    browser_page, live_server, bob, charlie, today_event, tmp_path
):
    session = Session.objects.order_by("date", "start_time").first()
    placement = Placement.objects.filter(session=session).order_by("workstation__label")[2]
    # The card as the cards page renders it, at a print-like resolution.
    page = browser_page
    open_cards(page, live_server, today_event, sesi=session.pk)
    browser = page.context.browser
    sharp = browser.new_context(device_scale_factor=3, viewport={"width": 1280, "height": 900})
    sharp.add_cookies(page.context.cookies())
    card_page = sharp.new_page()
    card_page.goto(page.url)
    card = card_page.locator(".card-id").nth(2)
    assert placement.workstation.label in card.inner_text()
    frame = camera_frame(card.screenshot())
    frame.save(SHOTS / "camera-frame.png")
    assert decode_png(SHOTS / "camera-frame.png") == [card_code(placement.registration_id)]
    clip = tmp_path / "card.y4m"
    write_y4m(clip, frame)

    camera = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={clip}",
        ],
    )
    try:
        context = camera.new_context(viewport={"width": 1280, "height": 900})
        context.grant_permissions(["camera"], origin=live_server.url)
        proctor = context.new_page()
        proctor.set_default_timeout(15_000)
        sign_in(proctor, live_server.url, "charlie")
        proctor.goto(live_server.url + reverse("sessions_app:proctor_session", args=[session.pk]))
        row = f"tr[data-registration='{placement.registration_id}']"
        assert proctor.locator(f"{row}.status-unmarked").count() == 1
        proctor.click("#camera")
        proctor.wait_for_selector(f"{row}.status-hadir, {row}.status-terlambat")
        proctor.screenshot(path=str(SHOTS / "camera-marked.png"))
    finally:
        camera.close()
    attendance = Attendance.objects.get(session=session)  # that person, and nobody else
    assert attendance.registration_id == placement.registration_id
    assert attendance.status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


def test_a_proctor_on_a_phone_downloads_their_sessions_printouts(
    browser_page, live_server, charlie, today_event
):
    session = Session.objects.order_by("date", "start_time").first()
    names = [p.registration.participant.name for p in Placement.objects.filter(session=session)]
    page = browser_page
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, live_server.url, "charlie")
    page.goto(live_server.url + reverse("sessions_app:proctor_session", args=[session.pk]))
    page.screenshot(path=str(SHOTS / "proctor-links-phone.png"))

    files = {}
    for link in ("daftar hadir (PDF)", "denah dan daftar kursi (PDF)"):
        with page.expect_download() as download:
            page.click(f".print-links a:has-text('{link}')")
        files[link] = Path(download.value.path()).read_bytes()

    attendance, seating = files.values()
    assert attendance.startswith(b"%PDF-") and seating.startswith(b"%PDF-")
    seat_map, seat_list = pdf_pages(seating, dpi=100)
    seat_map.save(SHOTS / "seating-map.png")
    seat_list.save(SHOTS / "seating-list.png")
    pdf_pages(attendance, dpi=100)[0].save(SHOTS / "attendance-sheet.png")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(seating)).pages)
    assert all(name in text for name in names)

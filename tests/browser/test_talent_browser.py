"""Talent management and the outbox as a person meets them, at 1280 px and on a 375 x 812
phone: a participant's history over two stages, the coverage page with its register
preview, a succession pool filtered by OPD, the position standards and a refused import
row, and the outbox. The stages are dated from today, so the pages never go empty with the
calendar. Screenshots go to /tmp/shots/talent/."""

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from messaging.models import Message
from messaging.services import Draft, message_queue, whatsapp_record
from participants.models import PositionClass, PositionStandard
from sessions_app.models import Event, Session
from tests.browser.conftest import sign_in
from tests.talent.pool_scenario import move_event, recent_days, score_later, two_stages

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = Path("/tmp/shots/talent")
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}

MEASURE = """() => {
  const shown = (el) => el.offsetParent !== null && getComputedStyle(el).visibility !== "hidden";
  const box = (el) => el.getBoundingClientRect();
  const svg = document.querySelector("#riwayat-penilaian svg.radar");
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    small: Array.from(document.querySelectorAll(
      "main button, main .button, main select, main input:not([type=hidden]):not([type=checkbox]),"
      + " main fieldset.boxes label"))
      .filter(shown)
      .map((el) => [el.textContent.trim().slice(0, 30), box(el).width, box(el).height])
      .filter(([, w, h]) => w < 44 || h < 44),
    radar: svg ? [box(svg).width, box(svg).height, box(svg).right] : null,
    // Tables whose every column a person must see without scrolling them sideways.
    cut: Array.from(document.querySelectorAll(
      "main table.coverage th, main table.stages td, main table.levels-compared td"))
      .filter((cell) => box(cell).right > window.innerWidth).map((cell) => cell.textContent.trim()),
  };
}"""


@pytest.fixture
def stages(event, registered, alice):
    """The pool scenario of tests/talent/pool_scenario.py on days counted back from today:
    Tahap II about two years ago, the later stage a few weeks ago, both published."""
    earlier_start, later_start = recent_days(timezone.localdate())
    move_event(event, later_start)
    found = two_stages(event, registered, alice, earlier_start)
    score_later(found, publisher=alice)
    # A coming event, for the coverage page's register action.
    start = timezone.localdate() + dt.timedelta(days=14)
    coming = Event.objects.create(
        code="TAHAP-IV", name="Tahap IV", start_date=start, end_date=start
    )
    Session.objects.create(
        event=coming, date=start, start_time=dt.time(7, 30), end_time=dt.time(12), name="Sesi 1"
    )
    PositionStandard.objects.create(
        title="Kepala Seksi Pelayanan",
        position_class=PositionClass.objects.get(name="Pengawas"),
        levels=[3, 3, 3, 3, 3, 3, 3, 3, 2],
        imported_at=timezone.now(),
    )
    return found


@pytest.fixture
def outbox(stages, alice):
    """Two schedule e-mails sent through the real queue, and one WhatsApp message opened."""
    people = stages.people[:2]
    drafts = [
        Draft(
            kind=Message.Kind.SCHEDULE,
            recipient_name=person.name,
            recipient_address=f"peserta{index}@kaltara.example",
            subject=f"Jadwal CACT {stages.later.name}",
            body=f"Yth. {person.name}, jadwal Anda terlampir.",
            dedupe_key=f"browser:{person.pk}",
            event_id=stages.later.pk,
            participant_id=person.pk,
        )
        for index, person in enumerate(people)
    ]
    message_queue(drafts=drafts, actor=alice)
    whatsapp_record(draft=drafts[0], phone="+6281234567890", actor=alice)
    return Message.objects.all()


def standards_sheet(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        ["Jabatan", "Jenis Jabatan", "M.01", "M.02", "M.03", "M.04", "M.05", "M.06"]
        + ["M.07", "M.08", "SK.01"]
    )
    sheet.append(["Guru Ahli Pertama", "JF Ahli Pertama", 2, 2, 2, 2, 2, 2, 1, 1, 2])
    sheet.append(["Perawat Terampil", "JF Terampil", 2, 2, 7, 2, 2, 2, 1, 1, 2])
    workbook.save(path)
    return path


def look(page, name: str, width: str) -> dict:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    seen = page.evaluate(MEASURE)
    assert seen["scrollWidth"] <= seen["innerWidth"], (name, width, seen)
    assert not seen["cut"], (name, width, seen["cut"])
    if width == "phone":
        assert not seen["small"], (name, seen["small"])
    return seen


def signed_in(browser_page, live_server, viewport):
    context = browser_page.context.browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server.url, "alice")
    return page


@pytest.mark.parametrize("width", WIDTHS)
def test_a_person_walks_the_talent_pages_and_the_outbox(
    browser_page, live_server, alice, stages, outbox, tmp_path, width
):
    page = signed_in(browser_page, live_server, WIDTHS[width])
    url = live_server.url
    p1 = stages.people[1]

    # A participant with two stages: the timeline, the change since Tahap II, the profile.
    page.goto(url + reverse("participants:detail", args=[p1.pk]))
    history = page.locator("#riwayat-penilaian")
    text = history.inner_text()
    assert text.index("Tahap II") < text.index(stages.later.name)
    assert "Hasil yang dipakai" in text and "skor jadi" in text
    # Tahap II all 2s, the later stage all 3s: JPM 100 both (Pelaksana), levels +1 each.
    assert history.locator(".levels-compared").inner_text().count("(+1)") == 9
    assert "hasil terakhir dibanding sebelumnya" in text
    seen = look(page, "history", width)
    radar_width, radar_height, right = seen["radar"]
    assert radar_width >= 250 and radar_height >= 250 and right <= seen["innerWidth"], seen

    # Coverage: per OPD, cumulative per stage, the unassessed, and the register preview.
    page.goto(url + reverse("talent:coverage"))
    stage_rows = page.locator("section.card", has_text="Per tahap").locator("tbody tr")
    assert stage_rows.count() == 2
    assert stage_rows.nth(0).inner_text().split()[-1] == "7"  # Tahap II: seven people
    assert stage_rows.nth(1).inner_text().split()[-1] == "7"  # p0, p1 again: still seven
    per_opd = page.locator("section.card", has_text="Per OPD").inner_text()
    assert "Kantor BKD" in per_opd and "Jumlah" in per_opd
    unassessed = page.locator("#belum-dinilai")
    assert "5 orang tanpa hasil berlaku" in unassessed.inner_text()
    look(page, "coverage", width)
    page.select_option("#belum-dinilai select[name=event]", value="TAHAP-IV")
    page.click("#belum-dinilai button.primary")
    page.wait_for_url("**/cakupan/daftarkan/")
    preview = page.locator("main").inner_text()
    assert "Daftarkan yang belum dinilai" in preview and "TAHAP-IV" in preview
    look(page, "coverage-enrol", width)
    assert not Event.objects.get(code="TAHAP-IV").registrations.exists()  # nothing yet

    # A pool for Administrator, filtered to one OPD.
    page.goto(url + reverse("talent:pool"))
    page.select_option("#id_target", label="Administrator")
    page.select_option("#id_opd", label=str(stages.people[6].opd))
    page.click("form.filters button.primary")
    table = page.locator("table.pool tbody")
    assert table.locator("tr").count() == 2
    rows = table.inner_text()
    assert rows.index(stages.people[7].name) < rows.index(stages.people[6].name)
    assert "Sasaran: Administrator" in page.locator("main").inner_text()
    look(page, "pool", width)

    # The standards, and an import whose bad row is shown before anything is written.
    page.goto(url + reverse("talent:standards"))
    assert "Kepala Seksi Pelayanan" in page.locator("main").inner_text()
    look(page, "standards", width)
    page.goto(url + reverse("talent:standard_import"))
    page.set_input_files("input[type=file]", str(standards_sheet(tmp_path / "standar.xlsx")))
    page.click("main form button.primary")
    page.wait_for_url("**/standar/impor/*/")
    main = page.locator("main").inner_text()
    assert "Guru Ahli Pertama" in main and "Level harus angka bulat 1-5" in main
    assert "7" in page.locator("main table", has_text="Level harus").inner_text()
    look(page, "standard-preview", width)
    assert PositionStandard.objects.count() == 1  # the preview wrote nothing

    # The outbox: the two e-mails sent, the WhatsApp message opened.
    page.goto(url + reverse("messaging:outbox"))
    box = page.locator("table.outbox tbody").inner_text()
    assert box.count("Terkirim") == 2 and "Dibuka" in box and "+6281234567890" in box
    look(page, "outbox", width)
    page.context.close()

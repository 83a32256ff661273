"""The whole of Tahap III in a real browser, from an empty database, each step as its role.

The operator imports the participant sheet (a file with mistakes first, then the fixed one),
sets up the lab, creates the event with its sessions and registrations, schedules it and moves
one person by hand. The proctor marks arrivals, loses the network, keeps marking, reconnects
and closes the session. The operator reschedules the no-shows to a later day, whose proctor
marks them. The operator imports the instrument, the answers and the SKP ratings and runs the
scores; the admin publishes them. A manager scoped to one OPD sees only that OPD on the
dashboard, the gap map, a result page and in the Excel recap.

Every step goes through the pages; the database is only read, to check what they did (the
accounts are made directly: user administration is not part of the story). Full-page
screenshots of the main pages go to $STORY_SCREENSHOTS, else to <tmp_path>/story.
"""

import datetime as dt
import os
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect

from accounts.models import Profile
from accounts.roles import Role
from demo.participant_sheet import HEADER_ROW, write_demo_workbook
from demo.participants import demo_participant_rows
from demo.results import (
    simulate_answers,
    simulate_skp,
    write_answers,
    write_instrument,
    write_skp,
)
from participants.models import Opd, Participant
from scoring.models import AnswerSheet, ScoreRun, SkpRating
from sessions_app.cards import card_code
from sessions_app.models import (
    Attendance,
    AttendanceMark,
    AttendanceStatus,
    Event,
    Lab,
    Placement,
    Registration,
    Session,
    Workstation,
)
from tests.browser.conftest import sign_in
from tests.conftest import make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

STORY_OPDS = ("Dinas Kesehatan", "Badan Kepegawaian Daerah", "Dinas Sosial")
PER_OPD = 6
SCOPED_OPD = "Dinas Kesehatan"
EVENT_CODE = "TAHAP-III-UJI"
VENUE, LAB = "Laboratorium SMK Negeri 1 Tanjung Selor", "Lab Komputer 1"
SEATS = 9  # the last one kept spare
ARRIVED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
MARKED_ROWS = "tr.status-hadir:not(.unsent), tr.status-terlambat:not(.unsent)"


@dataclass
class Story:
    browser: Browser
    base: str
    files: Path
    shots: Path
    days: list[dt.date]
    taken: list[Path] = field(default_factory=list)

    def url(self, name: str, *args) -> str:
        return self.base + reverse(name, args=args)

    def open_as(self, username: str) -> Page:
        """A browser of its own for each person: their own cookies, storage and network."""
        context = self.browser.new_context(
            viewport={"width": 1280, "height": 900}, timezone_id="Asia/Makassar"
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        sign_in(page, self.base, username)
        return page

    def shot(self, page: Page, name: str) -> None:
        path = self.shots / f"{len(self.taken) + 1:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        self.taken.append(path)


@pytest.fixture
def screenshots(tmp_path) -> Path:
    folder = Path(os.environ.get("STORY_SCREENSHOTS") or tmp_path / "story")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def server_day(monkeypatch):
    """The site's clock on another day: a proctor may mark only on the session's day. The live
    server runs in this process, so it reads the clock moved here (the outside world, not our
    code); the browser keeps the real time, as a proctor's phone would."""
    real_now = timezone.now

    @contextmanager
    def on(day: dt.date):
        shift = dt.timedelta(days=(day - timezone.localdate()).days)
        with monkeypatch.context() as patch:
            patch.setattr(timezone, "now", lambda: real_now() + shift)
            yield

    return on


def test_tahap_iii_from_an_empty_database_to_the_managers_recap(
    browser_page, live_server, alice, bob, charlie, screenshots, server_day, tmp_path
):
    frank = make_user("frank", Role.PENGAWAS)
    today = timezone.localdate()
    story = Story(
        browser=browser_page.context.browser,
        base=live_server.url,
        files=tmp_path,
        shots=screenshots,
        days=[today + dt.timedelta(days=n) for n in range(3)],
    )
    assert not Participant.objects.exists() and not Event.objects.exists()

    operator = browser_page
    sign_in(operator, story.base, "bob")
    rows = import_participants(story, operator)
    lab = set_up_the_lab(story, operator)
    event = create_the_event(story, operator, lab, proctors=[charlie, charlie, frank])
    register(story, operator, event, rows)
    schedule(story, operator, event, busy_nip=rows[-1]["NIP"])

    first = Session.objects.get(event=event, date=story.days[0])
    no_shows = choose_no_shows(first, story.days[-1])
    proctor_the_first_day(story, first, no_shows)
    reschedule_the_no_shows(story, operator, event, no_shows)
    with server_day(story.days[1]):
        proctor_a_later_day(story, "charlie", Session.objects.get(event=event, date=story.days[1]))
    with server_day(story.days[2]):
        proctor_a_later_day(story, "frank", Session.objects.get(event=event, date=story.days[2]))
    for registration in no_shows:
        later = Attendance.objects.get(
            registration=registration,
            session=Placement.objects.get(registration=registration).session,
        )
        assert later.status == AttendanceStatus.PRESENT and later.session.date > story.days[0]
    arrived = set(
        Attendance.objects.filter(status__in=ARRIVED).values_list("registration", flat=True)
    )
    assert len(arrived) == len(rows)

    run = score(story, operator, event, [row["NIP"] for row in rows])
    publish(story, run)
    manager_sees_one_opd(story, event, rows)
    assert [path.name[3:-4] for path in story.taken] == [
        "impor-peserta-ditolak",
        "impor-peserta-pratinjau",
        "jadwal-pratinjau",
        "kegiatan",
        "pengawas-daring",
        "pengawas-luring",
        "penilaian-selesai",
        "dasbor-pimpinan",
        "peta-gap",
        "hasil-peserta",
    ]
    assert all(path.stat().st_size > 10_000 for path in story.taken)


def story_rows() -> list[dict[str, str]]:
    """Six people of each OPD's main office from the demo's Tahap III sheet."""
    sheet, rows = demo_participant_rows(), []
    for opd in STORY_OPDS:
        own = [row for row in sheet if row["OPD"] == opd and not row["UPT"]]
        rows += [{**row, "Tidak Bisa": ""} for row in own[:PER_OPD]]
    return rows


def import_participants(story: Story, page: Page) -> list[dict[str, str]]:
    rows = story_rows()
    bad = [dict(row) for row in rows]
    nip = bad[1]["NIP"]
    bad[1]["NIP"] = nip[:4] + "13" + nip[6:]  # birth month 13
    bad[8]["Golongan"] = "III/f"
    write_demo_workbook(story.files / "peserta-tahap-iii.xlsx", bad)
    upload(page, story.url("participants:import"), story.files / "peserta-tahap-iii.xlsx")

    assert "2 baris ditolak." in page.inner_text(".confirm")
    issues = page.inner_text("#rejected table")
    assert f"{HEADER_ROW + 2}\tNIP" in issues and "bukan tanggal yang valid" in issues
    assert f"{HEADER_ROW + 9}\tGolongan" in issues and "ruang golongan III adalah a–d" in issues
    assert page.is_visible("text=Impor 16 baris yang valid saja")
    story.shot(page, "impor-peserta-ditolak")
    page.click("button:has-text('Batalkan')")
    assert "Impor dibatalkan" in page.inner_text(".messages")
    assert not Participant.objects.exists()

    write_demo_workbook(story.files / "peserta-tahap-iii-perbaikan.xlsx", rows)
    upload(page, story.url("participants:import"), story.files / "peserta-tahap-iii-perbaikan.xlsx")
    assert stat(page, "peserta baru") == str(len(rows))
    assert stat(page, "baris ditolak") == "0"
    for opd in STORY_OPDS:
        assert opd in page.inner_text("main")  # the new OPDs the import will create
    story.shot(page, "impor-peserta-pratinjau")
    page.click("button:has-text('Konfirmasi impor')")
    assert f"{len(rows)} peserta baru" in page.inner_text(".messages")
    assert Participant.objects.count() == len(rows)
    per_opd = Counter(Participant.objects.values_list("opd__name", flat=True))
    assert per_opd == dict.fromkeys(STORY_OPDS, PER_OPD)
    return rows


def set_up_the_lab(story: Story, page: Page) -> Lab:
    """The venue, its lab and workstations in the admin; the spare seat on the lab page."""
    page.goto(story.url("admin:sessions_app_venue_add"))
    page.fill("#id_name", VENUE)
    page.click(".add-row a")
    page.fill("input[name='labs-0-name']", LAB)
    page.click("input[name=_save]")
    lab = Lab.objects.get(venue__name=VENUE, name=LAB)
    page.goto(story.url("admin:sessions_app_lab_change", lab.pk))
    for index in range(SEATS):
        page.click(".add-row a")
        page.fill(f"input[name='workstations-{index}-label']", f"PC-{index + 1:02d}")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist")
    assert lab.workstations.count() == SEATS

    page.goto(story.url("sessions_app:lab", lab.pk))
    spare = page.locator("tr", has_text=f"PC-{SEATS:02d}")
    spare.locator("select[name=status]").select_option(Workstation.Status.SPARE)
    spare.locator("button").click()
    assert f"Status PC-{SEATS:02d} diubah" in page.inner_text(".messages")
    assert lab.workstations.filter(status=Workstation.Status.USABLE).count() == SEATS - 1
    return lab


def create_the_event(story: Story, page: Page, lab: Lab, proctors: list) -> Event:
    page.click("nav a:has-text('Kegiatan & Jadwal')")
    page.click("main a:has-text('Kegiatan baru')")
    page.wait_for_url(story.url("sessions_app:event_create"))
    page.fill("#id_code", EVENT_CODE.lower())
    page.fill("#id_name", "Penilaian Potensi dan Kompetensi Tahap III")
    page.fill("#id_stage", "Tahap III")
    page.fill("#id_start_date", story.days[0].isoformat())
    page.fill("#id_end_date", story.days[-1].isoformat())
    page.select_option("#id_status", Event.Status.PUBLISHED)
    page.check(f"input[name=labs][value='{lab.pk}']")
    page.get_by_role("button", name="Simpan").click()
    assert f"Kegiatan {EVENT_CODE} dibuat" in page.inner_text(".messages")
    event = Event.objects.get(code=EVENT_CODE)

    for day, proctor in zip(story.days, proctors, strict=True):
        page.goto(story.url("sessions_app:session_create", EVENT_CODE))
        page.fill("#id_name", "Sesi Pagi")
        page.fill("#id_date", day.isoformat())
        page.fill("#id_start_time", "07:30")
        page.fill("#id_end_time", "12:00")
        page.check(f"input[name=proctors][value='{proctor.pk}']")
        page.get_by_role("button", name="Simpan").click()
        assert "Sesi ditambahkan." in page.inner_text(".messages")
    assert list(event.sessions.order_by("date").values_list("date", flat=True)) == story.days
    return event


def register(story: Story, page: Page, event: Event, rows: list[dict]) -> None:
    """One OPD by the filter, then everyone else; the filter skips who is registered."""
    page.goto(story.url("sessions_app:registrations", EVENT_CODE))
    page.select_option("select[name=reg-opd]", label=SCOPED_OPD)
    page.click("button:has-text('Daftarkan')")
    assert f"{PER_OPD} peserta didaftarkan." in page.inner_text(".messages")
    page.select_option("select[name=reg-opd]", value="")
    page.click("button:has-text('Daftarkan')")
    assert f"{len(rows) - PER_OPD} peserta didaftarkan." in page.inner_text(".messages")
    assert Registration.objects.filter(event=event).count() == len(rows)


def schedule(story: Story, page: Page, event: Event, busy_nip: str) -> None:
    # One person cannot come on the first two days: the OPD's letter says so.
    page.goto(story.url("sessions_app:registrations", EVENT_CODE) + f"?q={busy_nip}")
    page.click(f"tr:has-text('{busy_nip}') a")
    for day in story.days[:2]:
        page.check(f"input[name=dates-dates][value='{day.isoformat()}']")
    page.fill("input[name=dates-note]", "Dinas luar ke Nunukan")
    page.click("button:has-text('Simpan tanggal')")
    assert "Tanggal tidak bisa hadir disimpan." in page.inner_text(".messages")

    page.goto(story.url("sessions_app:event", EVENT_CODE))
    page.click("a:has-text('Jadwalkan otomatis')")
    registered = Registration.objects.filter(event=event).count()
    assert stat(page, "ditempatkan sekarang") == str(registered)
    assert stat(page, "tidak bisa ditempatkan") == "0"
    story.shot(page, "jadwal-pratinjau")
    page.click("button:has-text('Simpan jadwal ini')")
    assert f"Jadwal disimpan: {registered} ditempatkan, 0 belum." in page.inner_text(".messages")
    assert Placement.objects.filter(session__event=event).count() == registered
    busy = Placement.objects.get(registration__participant__nip=busy_nip)
    assert busy.session.date == story.days[2]
    story.shot(page, "kegiatan")

    # By hand: one person of the first day moves to the last day, with the reason.
    first, last = (Session.objects.get(event=event, date=story.days[i]) for i in (0, -1))
    moving = Placement.objects.filter(session=first).order_by("workstation__label").first()
    page.goto(story.url("sessions_app:session", EVENT_CODE, first.pk))
    page.check(f"input[name=placement][value='{moving.pk}']")
    page.select_option("select[name=move-session]", str(last.pk))
    page.fill("input[name=move-reason]", "Bentrok dengan rapat dinas")
    page.click("button:has-text('Pindahkan ke sesi itu')")
    assert "1 peserta dipindah" in page.inner_text(".messages")
    moved = Placement.objects.get(registration=moving.registration)
    assert (moved.session, moved.pinned) == (last, True)
    assert Placement.objects.filter(session=first).count() == SEATS - 2

    # And two people of the second day swap seats.
    second = Session.objects.get(event=event, date=story.days[1])
    pair = list(Placement.objects.filter(session=second).order_by("workstation__label")[:2])
    page.goto(story.url("sessions_app:session", EVENT_CODE, second.pk))
    for placement in pair:
        page.check(f"input[name=placement][value='{placement.pk}']")
    page.fill("input[name=move-reason]", "Peserta berkacamata dekat layar")
    page.click("button:has-text('Tukar kursi dua peserta')")
    assert "Kursi dua peserta ditukar." in page.inner_text(".messages")
    seats = {
        p.registration_id: p.workstation_id
        for p in Placement.objects.filter(registration__in=[p.registration_id for p in pair])
    }
    assert seats == {
        pair[0].registration_id: pair[1].workstation_id,
        pair[1].registration_id: pair[0].workstation_id,
    }


def choose_no_shows(session: Session, last_day: dt.date) -> list[Registration]:
    """Two people of different OPDs who will not come, of OPDs with room on the last day
    under the daily share, so the automatic rescheduling can place them both."""
    on_last_day = Counter(
        Placement.objects.filter(session__date=last_day).values_list(
            "registration__participant__opd", flat=True
        )
    )
    placements = sorted(
        Placement.objects.filter(session=session).select_related("registration__participant"),
        key=lambda p: (on_last_day[p.registration.participant.opd_id], p.workstation_id),
    )
    first = placements[0]
    second = next(
        p
        for p in placements
        if p.registration.participant.opd_id != first.registration.participant.opd_id
    )
    return [first.registration, second.registration]


def proctor_the_first_day(story: Story, session: Session, no_shows: list) -> None:
    arrivals = list(
        Placement.objects.filter(session=session)
        .exclude(registration__in=no_shows)
        .select_related("registration__participant", "workstation")
        .order_by("workstation__label")
    )
    assert len(arrivals) == 5
    page = story.open_as("charlie")
    page.click("nav a:has-text('Sesi Saya')")
    page.click("a.session-link")
    page.wait_for_url(story.url("sessions_app:proctor_session", session.pk))
    assert page.inner_text("[data-count=expected]") == str(len(arrivals) + len(no_shows))

    def scan(text: str) -> None:
        page.fill("#scan", text)
        page.press("#scan", "Enter")

    def recorded(placement) -> None:
        """The row shows the server's answer. A mark made while the one before is still on
        its way waits for the next send (every 5 s), so each is awaited here."""
        row = f"tr[data-registration='{placement.registration_id}']"
        page.wait_for_selector(
            f"{row}.status-hadir:not(.unsent), {row}.status-terlambat:not(.unsent)"
        )

    scan(card_code(arrivals[0].registration_id))  # a hand scanner types the card's code
    recorded(arrivals[0])
    scan(arrivals[1].registration.participant.nip)  # typed NIP
    recorded(arrivals[1])
    expect(page.locator(MARKED_ROWS)).to_have_count(2)
    assert Attendance.objects.filter(session=session, status__in=ARRIVED).count() == 2
    story.shot(page, "pengawas-daring")

    page.context.set_offline(True)
    page.click(f"tr[data-registration='{arrivals[2].registration_id}'] button[data-mark=datang]")
    scan(card_code(arrivals[3].registration_id))
    scan(arrivals[4].workstation.label)  # a seat typed
    page.wait_for_selector("#pending:not([hidden])")
    assert page.inner_text("#pending-count") == "3"
    assert page.locator("tr.unsent").count() == 3
    assert "belum terkirim" in page.inner_text("table")
    # The counters follow the marks at once, offline too: the unsent ones count as arrivals
    # (the server decides Hadir or Terlambat when they reach it).
    arrived = sum(
        int(page.inner_text(f"[data-count={key}]")) for key in ("hadir", "terlambat", "datang")
    )
    assert arrived == 5 and page.inner_text("[data-count=unmarked]") == "2"
    page.wait_for_timeout(1500)  # a while without the network
    assert Attendance.objects.filter(session=session).count() == 2
    story.shot(page, "pengawas-luring")

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_selector("#pending[hidden]", state="attached")
    expect(page.locator(MARKED_ROWS)).to_have_count(5, timeout=15_000)
    marked = Attendance.objects.filter(session=session, status__in=ARRIVED)
    assert set(marked.values_list("registration", flat=True)) == {
        p.registration_id for p in arrivals
    }
    assert AttendanceMark.objects.filter(attendance__session=session).count() == 5
    assert AttendanceMark.objects.filter(attendance__session=session, replayed=True).count() == 3

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('Tutup sesi')")
    assert "Sesi ditutup; 2 peserta dicatat tidak hadir." in page.inner_text(".messages")
    absent = Attendance.objects.filter(session=session, status=AttendanceStatus.ABSENT)
    assert set(absent.values_list("registration", flat=True)) == {r.pk for r in no_shows}
    session.refresh_from_db()
    assert session.closed_at is not None
    page.context.close()


def reschedule_the_no_shows(story: Story, page: Page, event: Event, no_shows: list) -> None:
    page.goto(story.url("sessions_app:event", EVENT_CODE))
    page.click("a:has-text('Tidak hadir')")
    for registration in no_shows:
        assert registration.participant.name in page.inner_text("table")
        page.check(f"input[name=registration][value='{registration.pk}']")
    page.click("button:has-text('Pratinjau jadwal ulang')")
    moves = page.inner_text("#moves")
    assert all(registration.participant.name in moves for registration in no_shows)
    assert not Placement.objects.filter(
        registration__in=no_shows, reason__startswith="Dijadwal"
    ).exists()
    page.click("button:has-text('Simpan jadwal ulang')")
    assert f"{len(no_shows)} peserta dijadwalkan ulang." in page.inner_text(".messages")
    assert "Tidak ada peserta yang perlu dijadwalkan ulang." in page.inner_text("table")
    for registration in no_shows:
        placement = Placement.objects.get(registration=registration)
        assert placement.session.date > story.days[0]
        assert placement.reason.startswith("Dijadwalkan ulang")


def proctor_a_later_day(story: Story, username: str, session: Session) -> None:
    """Everyone of this session comes, among them who was moved here."""
    page = story.open_as(username)
    page.click("nav a:has-text('Sesi Saya')")
    page.click("a.session-link")
    page.wait_for_url(story.url("sessions_app:proctor_session", session.pk))
    people = list(Placement.objects.filter(session=session).values_list("registration", flat=True))
    assert page.inner_text("[data-count=expected]") == str(len(people))
    for registration in people:
        page.click(f"tr[data-registration='{registration}'] button[data-mark=datang]")
        page.wait_for_selector(f"tr[data-registration='{registration}'].status-hadir:not(.unsent)")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('Tutup sesi')")
    assert "Sesi ditutup; 0 peserta dicatat tidak hadir." in page.inner_text(".messages")
    present = Attendance.objects.filter(session=session, status=AttendanceStatus.PRESENT)
    assert set(present.values_list("registration", flat=True)) == set(people)
    page.context.close()


def score(story: Story, page: Page, event: Event, nips: list[str]) -> ScoreRun:
    write_instrument(story.files / "Form A.xlsx")
    page.goto(story.url("sessions_app:event", EVENT_CODE))
    page.click("a:has-text('Instrumen')")
    page.set_input_files("input[name=file]", story.files / "Form A.xlsx")
    page.click("button:has-text('Unggah dan lihat pratinjau')")
    assert stat(page, "butir valid") == "104"
    page.click("button:has-text('Simpan instrumen')")
    assert "Instrumen Form A disimpan: 104 butir." in page.inner_text(".messages")

    write_answers(story.files / "jawaban-tahap-iii.xlsx", simulate_answers(nips))
    upload(
        page,
        story.url("scoring:import", EVENT_CODE, "jawaban"),
        story.files / "jawaban-tahap-iii.xlsx",
    )
    assert (stat(page, "baris valid"), stat(page, "baris ditolak")) == (str(len(nips)), "0")
    page.click("button:has-text('Konfirmasi impor')")
    assert f"{len(nips)} baris disimpan, 0 baris dilewati" in page.inner_text(".messages")
    assert AnswerSheet.objects.filter(instrument__event=event).count() == len(nips)

    write_skp(story.files / "skp-2023.xlsx", simulate_skp(nips))
    page.click("main a:has-text('Impor hasil')")
    page.click("main a:has-text('Predikat SKP')")
    upload(page, page.url, story.files / "skp-2023.xlsx")
    assert stat(page, "baris valid") == str(len(nips))
    page.click("button:has-text('Konfirmasi impor')")
    assert f"{len(nips)} baris disimpan" in page.inner_text(".messages")
    assert SkpRating.objects.count() == len(nips)

    # With no broker configured the run is scored in-process while the request runs; the
    # progress bar with a real worker is tests/browser/test_score_progress_browser.py's.
    page.click("a:has-text('Ke proses penilaian')")
    page.click("form button:has-text('Jalankan penilaian')")
    page.wait_for_url(story.url("scoring:run", EVENT_CODE, 1))
    page.wait_for_selector("text=peserta dinilai")
    assert "Selesai" in page.inner_text("h1") and "draf" in page.inner_text("h1")
    assert stat(page, "peserta dinilai") == str(len(nips))
    assert "Hanya Admin BKD yang dapat menerbitkan hasil." in page.inner_text("main")
    assert not page.is_visible("button:has-text('Terbitkan hasil')")
    story.shot(page, "penilaian-selesai")
    run = ScoreRun.objects.get(event=event)
    assert run.status == ScoreRun.Status.DONE and run.published_at is None
    assert run.results.count() == len(nips)
    return run


def publish(story: Story, run: ScoreRun) -> None:
    page = story.open_as("alice")
    page.goto(story.url("scoring:run", EVENT_CODE, run.number))
    assert not page.is_visible("text=temuan rekonsiliasi belum selesai")
    page.click("button:has-text('Terbitkan hasil')")
    assert f"Penilaian #{run.number} diterbitkan." in page.inner_text(".messages")
    assert "TERBIT" in page.inner_text("h1")
    run.refresh_from_db()
    assert run.published_at is not None
    page.context.close()


def manager_sees_one_opd(story: Story, event: Event, rows: list[dict]) -> None:
    manager = make_user("pimpinan.dinkes", Role.PIMPINAN)
    Profile.objects.create(user=manager).opds.set([Opd.objects.get(name=SCOPED_OPD)])
    own = {row["NIP"] for row in rows if row["OPD"] == SCOPED_OPD}
    others = [opd for opd in STORY_OPDS if opd != SCOPED_OPD]
    page = story.open_as("pimpinan.dinkes")

    page.goto(story.url("reports:dashboard", EVENT_CODE))
    assert "hanya OPD dalam cakupan Anda" in page.inner_text("main")
    assert stat(page, "terdaftar") == stat(page, "hadir") == stat(page, "dinilai") == str(len(own))
    per_opd = page.locator("section", has_text="Per OPD").inner_text()
    assert SCOPED_OPD in per_opd and "disembunyikan" not in per_opd
    assert not any(opd in page.inner_text("main") for opd in others)
    story.shot(page, "dasbor-pimpinan")

    # The recap: asked for on the dashboard, written in the background (in-process here),
    # then downloaded from its page.
    page.click("main button:has-text('Unduh rekap Excel')")
    page.wait_for_selector("text=Rekap selesai")
    assert f"Rekap selesai: {len(own)} peserta." in page.inner_text("main")
    with page.expect_download() as download:
        page.click("main a:has-text('Unduh rekap Excel')")
    recap = story.files / download.value.suggested_filename
    download.value.save_as(recap)
    sheet = load_workbook(recap, read_only=True)["Per Peserta"]
    table = [list(values) for values in sheet.iter_rows(values_only=True)]
    header_at = next(i for i, values in enumerate(table) if "NIP" in values and "OPD" in values)
    header = table[header_at]
    people = [values for values in table[header_at + 1 :] if values[header.index("NIP")]]
    assert {values[header.index("NIP")] for values in people} == own
    assert {values[header.index("OPD")] for values in people} == {SCOPED_OPD}

    page.click("main a:has-text('Peta gap')")
    heatmap = page.inner_text("table.heatmap tbody")
    assert SCOPED_OPD in heatmap and not any(opd in heatmap for opd in others)
    story.shot(page, "peta-gap")

    page.click("main a:has-text('Hasil peserta')")
    assert f"{len(own)} peserta" in page.inner_text("main")
    page.click("table a >> nth=0")
    shown = Participant.objects.get(nip=page.inner_text("main .mono").strip())
    assert shown.nip in own and shown.name in page.inner_text("h1")
    story.shot(page, "hasil-peserta")
    outsider = Registration.objects.filter(event=event).exclude(participant__nip__in=own).first()
    response = page.goto(story.url("reports:result", EVENT_CODE, outsider.pk))
    assert response.status == 404

    page.context.close()


def upload(page: Page, url: str, path: Path) -> None:
    page.goto(url)
    page.set_input_files("input[name=file]", path)
    page.click("button:has-text('Unggah dan lihat pratinjau')")
    page.wait_for_selector("text=Pratinjau impor")


def stat(page: Page, label: str) -> str:
    """The figure of a counter box on the page, found by its label."""
    return (
        page.locator(".stat", has=page.locator(f"span:text-is('{label}')"))
        .locator("strong")
        .inner_text()
    )

"""PNBP: who is billed (sat on or after the event's start date, once), per OPD and within a
manager's scope; the recap's PNBP sheet; the dashboard's PNBP; the event's PNBP settings."""

import datetime as dt
import io

import pytest
from django.db import IntegrityError
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Profile
from accounts.roles import Role
from reports.pnbp import NOT_CONFIGURED, RUPIAH, PnbpRow, pnbp_bill, pnbp_total
from reports.recap import write_recap
from scoring.runs import lifecycle
from sessions_app.models import Attendance, AttendanceStatus, Event, Registration
from tests.conftest import make_user
from tests.sessions_app.fixtures import DAY1, DAY2

pytestmark = pytest.mark.django_db

TARIFF = 250_000
PRESENT, LATE = AttendanceStatus.PRESENT, AttendanceStatus.LATE
EXCUSED, ABSENT = AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT


def sat(event, person, day, session, status) -> None:
    Attendance.objects.create(
        registration=Registration.objects.get(event=event, participant=person),
        session=event.sessions.get(date=day, name=session),
        status=status,
        marked_at=dt.datetime(2024, 2, 27, tzinfo=dt.UTC),
    )


def mark(event, registered) -> Event:
    """PNBP from day 2 at TARIFF. Billed by hand: BKD 3 (people 1, 2, 5), DINKES 2 (6, 7),
    DINSOS none."""
    Attendance.objects.filter(session__event=event).delete()
    bkd, dinkes, dinsos = registered[:6], registered[6:10], registered[10:]
    sat(event, bkd[0], DAY1, "Sesi 1", PRESENT)  # before the start date
    sat(event, bkd[1], DAY2, "Sesi 1", PRESENT)
    sat(event, bkd[2], DAY2, "Sesi 2", LATE)
    sat(event, bkd[3], DAY2, "Sesi 1", ABSENT)
    sat(event, bkd[4], DAY2, "Sesi 2", EXCUSED)
    sat(event, bkd[5], DAY2, "Sesi 1", PRESENT)  # and again in the afternoon: billed once
    sat(event, bkd[5], DAY2, "Sesi 2", PRESENT)
    sat(event, dinkes[0], DAY2, "Sesi 2", PRESENT)
    sat(event, dinkes[1], DAY1, "Sesi 1", ABSENT)  # moved to day 2, and came
    sat(event, dinkes[1], DAY2, "Sesi 1", PRESENT)
    sat(event, dinkes[2], DAY1, "Sesi 2", LATE)  # before the start date
    sat(event, dinsos[0], DAY2, "Sesi 1", ABSENT)
    Event.objects.filter(pk=event.pk).update(pnbp_start_date=DAY2, pnbp_tariff=TARIFF)
    event.refresh_from_db()
    return event


@pytest.fixture
def marked(event, registered):
    return mark(event, registered)


BY_HAND = [
    PnbpRow(opd="Kantor BKD", count=3, tariff=TARIFF, amount=750_000),
    PnbpRow(opd="Kantor DINKES", count=2, tariff=TARIFF, amount=500_000),
]


# --- who is billed ------------------------------------------------------------------------


def test_the_bill_adds_up_per_opd():
    bill = pnbp_total({"b": 2, "A": 1, "C": 0}, start_date=DAY2, tariff=100)
    assert [(row.opd, row.count, row.amount) for row in bill.rows] == [("A", 1, 100), ("b", 2, 200)]
    assert (bill.count, bill.total, bill.tariff, bill.start_date) == (3, 300, 100, DAY2)


def test_only_people_who_sat_on_or_after_the_start_date_are_billed_once(marked):
    bill = pnbp_bill(marked)
    assert bill.rows == BY_HAND
    assert (bill.count, bill.total) == (5, 1_250_000)


def test_a_scope_bills_only_its_opds(marked, opds):
    assert pnbp_bill(marked, {opds[1].pk}).rows == BY_HAND[1:]
    assert pnbp_bill(marked, {opds[1].pk}).total == 500_000
    nobody = pnbp_bill(marked, {opds[2].pk})
    assert (nobody.rows, nobody.count, nobody.total) == ([], 0, 0)


def test_the_start_date_itself_is_billed(marked):
    Event.objects.filter(pk=marked.pk).update(pnbp_start_date=DAY1)
    marked.refresh_from_db()
    assert pnbp_bill(marked).count == 7  # and bkd[0], dinkes[2], who sat on day 1


@pytest.mark.parametrize(("start", "tariff"), [(None, None), (DAY2, None), (DAY2, 0)])
def test_without_a_start_date_or_a_tariff_there_is_no_pnbp(marked, start, tariff):
    marked.pnbp_start_date, marked.pnbp_tariff = start, tariff
    marked.save()
    assert pnbp_bill(marked) is None


def test_the_database_refuses_a_tariff_without_its_start_date(event):
    event.pnbp_tariff = TARIFF
    with pytest.raises(IntegrityError):
        event.save()


# --- the recap sheet ----------------------------------------------------------------------


@pytest.fixture
def published(tested_event):
    return lifecycle.publish_run(
        run=lifecycle.start_run(event=tested_event, actor=None), actor=None
    )


@pytest.fixture
def billed(published, registered):
    """The published run, its event's attendance replaced by mark()'s."""
    mark(published.event, registered)
    return published


def pnbp_sheet(run, opd_ids=None):
    buffer = io.BytesIO()
    write_recap(run, buffer, opd_ids)
    buffer.seek(0)
    return load_workbook(buffer)["PNBP"]


def test_the_recap_bills_per_opd_in_rupiah(billed):
    sheet = pnbp_sheet(billed)
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("OPD", "Jumlah Peserta", "Tarif per Peserta", "Jumlah PNBP")
    assert values[1:4] == [
        ("Kantor BKD", 3, TARIFF, 750_000),
        ("Kantor DINKES", 2, TARIFF, 500_000),
        ("Jumlah", 5, None, 1_250_000),
    ]
    assert "27/02/2024" not in values[-1][0] and "28/02/2024" in values[-1][0]
    assert "Rp 250.000 per peserta" in values[-1][0]
    assert sheet["C2"].number_format == sheet["D4"].number_format == RUPIAH
    assert sheet["A4"].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D3"  # the OPD rows, not the total


def test_a_scoped_recap_bills_only_its_opds(billed, opds):
    values = list(pnbp_sheet(billed, {opds[1].pk}).iter_rows(values_only=True))
    assert values[1:3] == [("Kantor DINKES", 2, TARIFF, 500_000), ("Jumlah", 2, None, 500_000)]
    assert "Kantor BKD" not in str(values)


def test_an_opd_name_like_a_formula_stays_text(billed, opds):
    opds[0].name = "=HYPERLINK(1)"
    opds[0].save()
    sheet = pnbp_sheet(billed)
    assert sheet["A2"].value == "=HYPERLINK(1)" and sheet["A2"].data_type == "s"


def test_without_pnbp_the_sheet_says_so_in_one_line(published):
    values = list(pnbp_sheet(published).iter_rows(values_only=True))
    assert values == [(NOT_CONFIGURED,)]


# --- the dashboard ------------------------------------------------------------------------


def test_the_dashboard_shows_the_pnbp_within_the_scope(client, dave, billed, opds):
    url = reverse("reports:dashboard", args=[billed.event.code])
    client.force_login(dave)
    response = client.get(url)
    assert response.context["pnbp"].rows == BY_HAND
    page = response.content.decode()
    assert "Rp 1.250.000" in page and "28 Februari 2024" in page and "Rp 250.000" in page
    fiona = make_user("fiona", Role.PIMPINAN)
    Profile.objects.create(user=fiona).opds.set([opds[1]])
    client.force_login(fiona)
    response = client.get(url)
    assert response.context["pnbp"].rows == BY_HAND[1:]
    page = response.content.decode()
    assert "Rp 500.000" in page and "1.250.000" not in page and "Kantor BKD" not in page


def test_the_dashboard_says_when_there_is_no_pnbp(client, dave, published):
    client.force_login(dave)
    page = client.get(reverse("reports:dashboard", args=[published.event.code]))
    assert "PNBP tidak berlaku untuk kegiatan ini" in page.content.decode()


# --- the event's settings -----------------------------------------------------------------


def event_form(event, **changes) -> dict:
    data = {
        "code": event.code,
        "name": event.name,
        "stage": event.stage,
        "start_date": event.start_date.isoformat(),
        "end_date": event.end_date.isoformat(),
        "status": event.status,
        "labs": [lab.pk for lab in event.labs.all()],
        "opd_day_share": "0.5",
        "pnbp_start_date": "",
        "pnbp_tariff": "",
    }
    return {**data, **changes}


def test_an_operator_sets_the_pnbp_of_an_event(client, bob, event):
    client.force_login(bob)
    url = reverse("sessions_app:event_edit", args=[event.code])
    assert 'name="pnbp_start_date"' in client.get(url).content.decode()
    form = event_form(event, pnbp_start_date="2024-02-28", pnbp_tariff="250000")
    assert client.post(url, form).status_code == 302
    event.refresh_from_db()
    assert (event.pnbp_start_date, event.pnbp_tariff) == (DAY2, 250_000)
    page = client.get(reverse("sessions_app:event", args=[event.code])).content.decode()
    assert "PNBP sejak 28 Februari 2024, Rp 250.000 per peserta" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"pnbp_tariff": "250000"}, "Isi tanggal mulai berlakunya PNBP."),
        ({"pnbp_start_date": "2024-02-28"}, "Isi tarif PNBP per peserta (0 bila gratis)."),
        ({"pnbp_start_date": "2024-02-28", "pnbp_tariff": "-5"}, "pnbp_tariff"),
    ],
)
def test_half_a_pnbp_setting_is_refused(client, bob, event, changes, message):
    client.force_login(bob)
    url = reverse("sessions_app:event_edit", args=[event.code])
    response = client.post(url, event_form(event, **changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert message in str(form.errors) or message in form.errors
    event.refresh_from_db()
    assert (event.pnbp_start_date, event.pnbp_tariff) == (None, None)

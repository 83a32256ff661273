"""The register of PNBP bills: marking a bill paid (audited, refused in Indonesian when the
input is wrong), the filters and the .xlsx, a manager's scope, and the dashboard's totals."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Profile
from accounts.roles import Role
from audit.models import AuditEntry
from reports.bills import pnbp_bills_issue_all
from reports.models import PnbpBill
from scoring.runs import lifecycle
from tests.conftest import make_user
from tests.reports.test_pnbp import mark

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def bills(event, registered, bob):
    """BKD's bill (3 people, 750.000) and DINKES's (2, 500.000), issued by bob."""
    pnbp_bills_issue_all(event=mark(event, registered), actor=bob)
    return {bill.opd.code: bill for bill in PnbpBill.objects.select_related("opd")}


@pytest.fixture
def published(tested_event):
    return lifecycle.publish_run(
        run=lifecycle.start_run(event=tested_event, actor=None), actor=None
    )


@pytest.fixture
def fiona(db, opds):
    """A Pimpinan scoped to DINKES."""
    user = make_user("fiona", Role.PIMPINAN)
    Profile.objects.create(user=user).opds.set([opds[1]])
    return user


def pay(client, user, bill, **data):
    client.force_login(user)
    return client.post(reverse("reports:pnbp_bill_paid", args=[bill.event.code, bill.pk]), data)


def test_staff_mark_a_bill_paid_with_its_reference_and_date(client, bob, bills):
    bill = bills["DINKES"]
    response = pay(client, bob, bill, paid_on=TODAY.isoformat(), reference=" NTPN  8A1B ")
    assert response.status_code == 302
    assert response.url == reverse("reports:pnbp_bills", args=[bill.event.code])
    bill.refresh_from_db()
    assert (bill.status, bill.paid_on, bill.payment_reference) == ("paid", TODAY, "NTPN 8A1B")
    assert bill.paid_recorded_by == bob
    entry = AuditEntry.objects.get(target_id=str(bill.pk), action=AuditEntry.Action.UPDATE)
    assert entry.actor == bob and entry.changes["referensi"] == "NTPN 8A1B"
    assert entry.changes["status"] == ["Belum lunas", "Lunas"]
    page = client.get(response.url).content.decode()
    assert f"Tagihan {bill.number} tercatat lunas." in page and "NTPN 8A1B" in page
    detail = client.get(reverse("reports:pnbp_bill", args=[bill.event.code, bill.pk]))
    assert "Lunas" in detail.content.decode() and "Simpan pembayaran" not in detail.content.decode()


def test_the_same_payment_twice_changes_nothing(client, bob, bills):
    bill = bills["DINKES"]
    for _ in range(2):
        pay(client, bob, bill, paid_on=TODAY.isoformat(), reference="NTPN-1")
    assert AuditEntry.objects.filter(target_id=str(bill.pk), action="update").count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Isi tanggal bayar."),
        ({"paid_on": TODAY.isoformat()}, "Isi referensi pembayaran"),
        ({"paid_on": TODAY.isoformat(), "reference": " \x07 "}, "Isi referensi pembayaran"),
        ({"paid_on": TODAY.isoformat(), "reference": "A\x00B"}, "Karakter null"),
        ({"paid_on": "31/02/2024", "reference": "X"}, "Tanggal bayar tidak dikenali"),
        ({"paid_on": TODAY.isoformat(), "reference": "x" * 101}, "paling banyak 100 karakter"),
        (
            {"paid_on": (TODAY + dt.timedelta(days=1)).isoformat(), "reference": "X"},
            "Tanggal bayar tidak boleh sesudah hari ini.",
        ),
        (
            {"paid_on": (TODAY - dt.timedelta(days=1)).isoformat(), "reference": "X"},
            "Tanggal bayar tidak boleh sebelum tanggal terbit tagihan",
        ),
    ],
)
def test_a_wrong_payment_is_refused_in_indonesian_and_changes_nothing(
    client, bob, bills, data, message
):
    bill = bills["BKD"]
    response = pay(client, bob, bill, **data)
    assert response.status_code == 400 and message in response.content.decode()
    bill.refresh_from_db()
    assert (bill.status, bill.paid_on, bill.payment_reference) == ("issued", None, "")
    assert not AuditEntry.objects.filter(target_id=str(bill.pk), action="update").exists()


def test_a_paid_bill_keeps_its_first_payment(client, bob, bills):
    bill = bills["BKD"]
    pay(client, bob, bill, paid_on=TODAY.isoformat(), reference="NTPN-1")
    response = pay(client, bob, bill, paid_on=TODAY.isoformat(), reference="NTPN-2")
    assert response.status_code == 400
    assert "sudah tercatat lunas" in response.content.decode()
    bill.refresh_from_db()
    assert bill.payment_reference == "NTPN-1"


def test_a_cancelled_bill_cannot_be_paid(client, bob, bills):
    bill = bills["BKD"]
    PnbpBill.objects.filter(pk=bill.pk).update(status="cancelled", cancelled_at=timezone.now())
    response = pay(client, bob, bill, paid_on=TODAY.isoformat(), reference="NTPN-1")
    assert response.status_code == 400 and "sudah dibatalkan" in response.content.decode()


def test_managers_cannot_mark_paid(client, dave, fiona, bills):
    for user in (dave, fiona):
        response = pay(client, user, bills["DINKES"], paid_on=TODAY.isoformat(), reference="X")
        assert response.status_code == 403
    assert PnbpBill.objects.filter(status="paid").count() == 0


def test_the_register_filters_by_opd_and_paid(client, bob, bills):
    pay(client, bob, bills["BKD"], paid_on=TODAY.isoformat(), reference="NTPN-1")
    url = reverse("reports:pnbp_bills", args=[bills["BKD"].event.code])

    def shown(**query) -> list[str]:
        return [bill.number for bill in client.get(url, query).context["page"]]

    bkd, dinkes = bills["BKD"].number, bills["DINKES"].number
    assert shown() == [dinkes, bkd]
    assert shown(status="lunas") == [bkd]
    assert shown(status="belum") == [dinkes]
    assert shown(opd=bills["DINKES"].opd_id) == [dinkes]
    assert shown(status="\x00", opd="²") == [dinkes, bkd]  # odd values ignored
    totals = client.get(url).context["totals"]
    assert (totals.bills, totals.billed, totals.paid, totals.unpaid) == (
        2,
        1_250_000,
        750_000,
        500_000,
    )


def test_the_register_as_xlsx_keeps_the_filter(client, bob, bills):
    pay(client, bob, bills["BKD"], paid_on=TODAY.isoformat(), reference="=HYPERLINK(1)")
    url = reverse("reports:pnbp_register_xlsx", args=[bills["BKD"].event.code])
    response = client.get(url, {"status": "lunas"})
    assert response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["Tagihan PNBP"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Nomor", "OPD", "Jumlah Peserta", "Tarif per Peserta", "Jumlah Tagihan")
    assert len(rows) == 2 and rows[1][:5] == (
        bills["BKD"].number,
        "Kantor BKD",
        3,
        250_000,
        750_000,
    )
    assert rows[1][6] == "Lunas" and rows[1][8] == "=HYPERLINK(1)"
    assert sheet["I2"].data_type == "s"  # a reference like a formula stays text
    assert AuditEntry.objects.filter(action="export", actor=bob).exists()


def test_a_manager_sees_only_the_bills_of_their_scope(client, fiona, dave, bills):
    code = bills["BKD"].event.code
    client.force_login(fiona)
    page = client.get(reverse("reports:pnbp_bills", args=[code]))
    assert [bill.number for bill in page.context["page"]] == [bills["DINKES"].number]
    text = page.content.decode()
    assert "Kantor BKD" not in text and "Terbitkan tagihan" not in text
    assert page.context["totals"].billed == 500_000
    for name in ("reports:pnbp_bill", "reports:pnbp_bill_pdf"):
        assert client.get(reverse(name, args=[code, bills["BKD"].pk])).status_code == 404
        assert client.get(reverse(name, args=[code, bills["DINKES"].pk])).status_code == 200
    xlsx = client.get(reverse("reports:pnbp_register_xlsx", args=[code]))
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Kantor DINKES"]
    client.force_login(dave)  # "Semua OPD"
    assert len(client.get(reverse("reports:pnbp_bills", args=[code])).context["page"]) == 2


def test_a_bill_of_another_event_is_not_found(client, bob, bills):
    other = bills["BKD"].event
    other.pk, other.code = None, "LAIN"
    other.save()
    response = client.get(reverse("reports:pnbp_bill", args=["LAIN", bills["BKD"].pk]))
    client.force_login(bob)
    response = client.get(reverse("reports:pnbp_bill", args=["LAIN", bills["BKD"].pk]))
    assert response.status_code == 404


def test_a_proctor_sees_no_bills(client, charlie, bills):
    client.force_login(charlie)
    url = reverse("reports:pnbp_bills", args=[bills["BKD"].event.code])
    assert client.get(url).status_code == 403


def test_the_dashboard_shows_billed_and_paid_within_the_scope(
    client, bob, fiona, published, registered
):
    pnbp_bills_issue_all(event=mark(published.event, registered), actor=bob)
    dinkes = PnbpBill.objects.get(opd__code="DINKES")
    pay(client, bob, dinkes, paid_on=TODAY.isoformat(), reference="NTPN-1")
    url = reverse("reports:dashboard", args=[published.event.code])
    response = client.get(url)
    bills = response.context["bills"]
    assert (bills.bills, bills.billed, bills.paid_bills, bills.paid) == (2, 1_250_000, 1, 500_000)
    assert "ditagih (2 tagihan)" in response.content.decode()
    client.force_login(fiona)
    bills = client.get(url).context["bills"]
    assert (bills.bills, bills.billed, bills.paid) == (1, 500_000, 500_000)

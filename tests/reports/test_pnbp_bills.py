"""PNBP bills, issued through the register's button: one per OPD and event, numbered once,
issued again without a second bill, replaced when attendance changed; the PDF read back."""

import io

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from audit.models import AuditEntry
from participants.models import Opd
from participants.opd_services import opd_delete_refusal
from reports.bills import bill_number
from reports.models import PnbpBill
from reports.pnbp import NOT_CONFIGURED
from sessions_app.models import Attendance, Event
from tests.reports.test_pnbp import LATE, PRESENT, TARIFF, mark, sat
from tests.sessions_app.fixtures import DAY2

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def marked(event, registered):
    """BKD bills 3 people (750.000), DINKES 2 (500.000), DINSOS none."""
    return mark(event, registered)


def issue(client, user, event, **data):
    client.force_login(user)
    return client.post(reverse("reports:pnbp_issue", args=[event.code]), data, follow=True)


def numbers(event) -> dict[str, str]:
    return dict(PnbpBill.objects.filter(event=event).values_list("number", "status"))


def test_issuing_makes_one_numbered_bill_per_opd(client, bob, marked, registered):
    page = issue(client, bob, marked).content.decode()
    first, second = bill_number(YEAR, 1), bill_number(YEAR, 2)
    assert first == f"PNBP-CACT/{YEAR}/0001"
    assert f"Tagihan terbit: {first}, {second}." in page
    bkd, dinkes = PnbpBill.objects.order_by("sequence")
    assert (bkd.number, bkd.opd.code, bkd.count, bkd.tariff, bkd.total) == (
        first, "BKD", 3, TARIFF, 750_000
    )  # fmt: skip
    assert (dinkes.number, dinkes.count, dinkes.total) == (second, 2, 500_000)
    assert bkd.issued_on == timezone.localdate() and bkd.issued_by == bob
    assert bkd.pnbp_start_date == DAY2 and bkd.status == PnbpBill.Status.ISSUED
    billed = {registered[1], registered[2], registered[5]}
    assert [(line.nip, line.name) for line in bkd.lines.all()] == sorted(
        ((person.nip, person.name) for person in billed), key=lambda pair: (pair[1], pair[0])
    )
    assert {line.sat_on for line in bkd.lines.all()} == {DAY2}
    created = AuditEntry.objects.filter(
        action=AuditEntry.Action.CREATE, target_type="reports.pnbpbill"
    )
    assert created.count() == 2 and created.get(target_id=str(bkd.pk)).changes["jumlah"] == 750_000


def test_issuing_again_with_the_same_attendance_makes_no_second_bill(client, bob, marked):
    issue(client, bob, marked)
    page = issue(client, bob, marked).content.decode()
    assert "Tidak ada yang berubah" in page
    assert numbers(marked) == {bill_number(YEAR, 1): "issued", bill_number(YEAR, 2): "issued"}
    assert AuditEntry.objects.filter(target_type="reports.pnbpbill").count() == 2


def test_a_changed_attendance_cancels_the_unpaid_bill_and_replaces_it(
    client, bob, marked, registered
):
    issue(client, bob, marked)
    sat(marked, registered[9], DAY2, "Sesi 1", LATE)  # a third DINKES person sat
    register = client.get(reverse("reports:pnbp_bills", args=[marked.code])).content.decode()
    assert "Perlu diterbitkan" in register and "Kantor DINKES" in register
    page = issue(client, bob, marked).content.decode()
    old, new = bill_number(YEAR, 2), bill_number(YEAR, 3)
    assert f"{old} → {new}" in page
    replaced = PnbpBill.objects.get(number=old)
    assert replaced.status == PnbpBill.Status.CANCELLED and replaced.cancelled_at is not None
    assert replaced.replaced_by.number == new and replaced.replaced_by.count == 3
    assert replaced.replaced_by.total == 750_000 and replaced.count == 2  # the old one as it was
    assert PnbpBill.objects.get(number=bill_number(YEAR, 1)).status == PnbpBill.Status.ISSUED
    cancel = AuditEntry.objects.get(target_id=str(replaced.pk), action=AuditEntry.Action.UPDATE)
    assert cancel.changes["diganti_dengan"] == new
    pdf = client.get(reverse("reports:pnbp_bill_pdf", args=[marked.code, replaced.pk]))
    assert f"DIBATALKAN; diganti dengan tagihan {new}" in pdf_text(pdf.content)


def test_a_paid_bill_is_not_replaced_when_attendance_changes(client, bob, marked, registered):
    issue(client, bob, marked)
    PnbpBill.objects.filter(sequence=2).update(
        status=PnbpBill.Status.PAID, paid_on=timezone.localdate(), payment_reference="NTPN 1"
    )
    sat(marked, registered[9], DAY2, "Sesi 1", PRESENT)
    page = issue(client, bob, marked).content.decode()
    assert f"Tagihan {bill_number(YEAR, 2)} untuk Kantor DINKES sudah lunas" in page
    assert numbers(marked) == {bill_number(YEAR, 1): "issued", bill_number(YEAR, 2): "paid"}


def test_a_bill_nobody_owes_any_more_is_cancelled(client, bob, marked, opds):
    issue(client, bob, marked)
    Attendance.objects.filter(registration__participant__opd=opds[1]).delete()
    page = issue(client, bob, marked).content.decode()
    assert f"dibatalkan: {bill_number(YEAR, 2)}" in page
    dinkes = PnbpBill.objects.get(sequence=2)
    assert dinkes.status == PnbpBill.Status.CANCELLED and dinkes.replaced_by is None


def test_numbers_run_on_through_the_year_and_are_never_reused(client, bob, marked, opds):
    issue(client, bob, marked)
    # A bill of an earlier year keeps its own sequence and does not move this year's.
    earlier = {"year": YEAR - 1, "sequence": 9, "number": bill_number(YEAR - 1, 9)}
    PnbpBill.objects.filter(sequence=1).update(**earlier)
    Attendance.objects.filter(registration__participant__opd=opds[1]).delete()
    issue(client, bob, marked)  # DINKES's 0002 cancelled, nobody to bill
    dinkes = marked.registrations.filter(participant__opd=opds[1]).first().participant
    sat(marked, dinkes, DAY2, "Sesi 1", PRESENT)
    issue(client, bob, marked)  # a new number: 0002 stays with the cancelled bill
    assert sorted(PnbpBill.objects.values_list("year", "sequence", "status")) == [
        (YEAR - 1, 9, "issued"), (YEAR, 2, "cancelled"), (YEAR, 3, "issued")
    ]  # fmt: skip


def test_one_opd_can_be_issued_alone(client, bob, marked, opds):
    client.force_login(bob)
    client.post(reverse("reports:pnbp_issue", args=[marked.code]), {"opd": opds[1].pk})
    assert list(PnbpBill.objects.values_list("opd__code", "sequence")) == [("DINKES", 1)]
    page = issue(client, bob, marked, opd=opds[2].pk).content.decode()
    assert "Tidak ada peserta Kantor DINSOS yang hadir sejak 28 Februari 2024" in page
    assert PnbpBill.objects.count() == 1


@pytest.mark.parametrize("value", ["abc", "99999999999999999999", "-1", "²"])
def test_an_unknown_opd_is_refused_in_indonesian(client, bob, marked, value):
    page = issue(client, bob, marked, opd=value).content.decode()
    assert "OPD yang dipilih tidak ada." in page and not PnbpBill.objects.exists()


def test_an_event_without_pnbp_issues_nothing(client, bob, event, registered):
    page = issue(client, bob, event).content.decode()
    assert NOT_CONFIGURED in page and not PnbpBill.objects.exists()


def test_issuing_is_for_bkd_staff_and_a_post(client, alice, dave, charlie, marked):
    url = reverse("reports:pnbp_issue", args=[marked.code])
    for user in (dave, charlie):
        client.force_login(user)
        assert client.post(url).status_code == 403
    client.force_login(alice)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302 and PnbpBill.objects.count() == 2


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_bill_reads_back_with_number_total_and_words(client, bob, dave, marked, opds):
    issue(client, bob, marked)
    bill = PnbpBill.objects.get(opd=opds[0])
    client.force_login(dave)
    response = client.get(reverse("reports:pnbp_bill_pdf", args=[marked.code, bill.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="tagihan-PNBP-CACT-{YEAR}-0001.pdf"'
    )
    text = pdf_text(response.content)
    assert "BADAN KEPEGAWAIAN DAERAH" in text and "TAGIHAN PNBP" in text
    assert f"Nomor: {bill.number}" in text and "Kepala Kantor BKD" in text
    assert "Jumlah 3 peserta x Rp 250.000 750.000" in text
    assert "Tujuh ratus lima puluh ribu rupiah" in text
    assert "28 Februari 2024" in text and "Uji Tahap" in text
    for line in bill.lines.all():
        assert line.name in text
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, actor=dave).exists()


def test_the_database_holds_the_bill_rules(client, bob, marked):
    issue(client, bob, marked)
    bill = PnbpBill.objects.get(sequence=1)
    with pytest.raises(IntegrityError):
        PnbpBill.objects.filter(pk=bill.pk).update(total=1)


def test_the_database_keeps_one_live_bill_per_opd_and_event(client, bob, marked):
    issue(client, bob, marked)
    bill = PnbpBill.objects.get(sequence=1)
    bill.pk, bill.sequence, bill.number = None, 99, "X"
    with pytest.raises(IntegrityError):
        bill.save()


def test_a_paid_bill_needs_its_reference_in_the_database(client, bob, marked):
    issue(client, bob, marked)
    with pytest.raises(IntegrityError):
        PnbpBill.objects.filter(sequence=1).update(status=PnbpBill.Status.PAID)


def test_the_event_keeps_its_bills(client, bob, marked):
    issue(client, bob, marked)
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        Event.objects.get(pk=marked.pk).delete()


def merge(client, keep: Opd, twin: Opd):
    return client.post(
        reverse("participants:opd_merge"),
        {"keep": keep.pk, "merged": [twin.pk], "confirm": "1"},
        follow=True,
    )


def test_merging_an_opd_moves_its_bills_to_the_kept_one(client, bob, marked, opds):
    bkd, dinkes, dinsos = opds
    issue(client, bob, marked)
    assert "1 tagihan PNBP" in opd_delete_refusal(dinkes)  # deleting is refused, and says why
    bill = PnbpBill.objects.get(opd=dinkes)
    page = merge(client, dinsos, dinkes).content.decode()
    assert f"{dinkes.name} digabungkan ke {dinsos.name}." in page
    bill.refresh_from_db()
    assert bill.opd == dinsos and not Opd.objects.filter(pk=dinkes.pk).exists()


def test_a_merge_that_would_give_an_opd_two_live_bills_is_refused(client, bob, marked, opds):
    bkd, dinkes, _dinsos = opds
    issue(client, bob, marked)
    before = numbers(marked)
    refused = merge(client, bkd, dinkes)
    assert refused.status_code == 400
    assert "tagihan PNBP keduanya bertabrakan" in refused.content.decode()
    assert Opd.objects.filter(pk=dinkes.pk).exists() and numbers(marked) == before
    assert PnbpBill.objects.filter(opd=dinkes).count() == 1

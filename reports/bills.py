"""PNBP bills (docs/rules.md#pnbp-bills): issuing one per OPD and event, recording its
payment, and the figures of the register and the dashboard.

Who is billed is reports.pnbp's rule (sat, Hadir or Terlambat, on or after the event's PNBP
date, once), read per person here so the bill lists them. Issuing is idempotent: the same
people at the same tariff return the bill already issued. When the people changed, an unpaid
bill is cancelled and a new one, with a new number, replaces it; a paid bill is kept and the
change refused, for the office to settle by hand. Every write is audited.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import audit_record
from participants.models import Opd
from reports.models import PnbpBill, PnbpBillLine
from reports.pnbp import NOT_CONFIGURED, SAT, rupiah
from sessions_app.documents import long_date
from sessions_app.models import Attendance, Event

NUMBER_FORMAT = "PNBP-CACT/{year}/{sequence:04d}"
ATTEMPTS = 5  # a number or a live bill taken by a concurrent issue: read again and retry


class BillRefused(Exception):
    """An Indonesian reason a bill cannot be issued or marked paid; nothing was written."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class Sitter:
    nip: str
    name: str
    sat_on: dt.date  # the first day sat from the PNBP date


@dataclass(frozen=True, slots=True)
class IssueResult:
    bill: PnbpBill | None  # None: an unpaid bill cancelled because nobody is billed now
    created: bool
    replaced: PnbpBill | None = None


@dataclass
class IssueSummary:
    created: list[str] = field(default_factory=list)  # numbers
    unchanged: list[str] = field(default_factory=list)
    replaced: list[tuple[str, str]] = field(default_factory=list)  # (old, new)
    cancelled: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # messages


@dataclass(frozen=True, slots=True)
class BillTotals:
    bills: int
    billed: int  # rupiah, live bills
    paid_bills: int
    paid: int

    @property
    def unpaid(self) -> int:
        return self.billed - self.paid


def bill_number(year: int, sequence: int) -> str:
    return NUMBER_FORMAT.format(year=year, sequence=sequence)


def fingerprint(event: Event, sitters: Collection[Sitter]) -> str:
    nips = ",".join(sorted(person.nip for person in sitters))
    text = f"{event.pnbp_start_date:%Y-%m-%d}|{event.pnbp_tariff}|{nips}"
    return hashlib.sha256(text.encode()).hexdigest()


def sitters_by_opd(event: Event, opd_ids: Collection[int] | None = None) -> dict[int, list[Sitter]]:
    """Who is billed, per OPD id, by name: the people who sat from the PNBP date."""
    rows = (
        Attendance.objects.filter(
            session__event=event, session__date__gte=event.pnbp_start_date, status__in=SAT
        )
        .visible_to_opds(opd_ids)
        .values_list(
            "registration__participant__opd_id",
            "registration__participant__nip",
            "registration__participant__name",
        )
        .annotate(sat_on=Min("session__date"))
        .order_by("registration__participant__name", "registration__participant__nip")
    )
    found: dict[int, list[Sitter]] = defaultdict(list)
    for opd_id, nip, name, sat_on in rows:
        found[opd_id].append(Sitter(nip=nip, name=name, sat_on=sat_on))
    return dict(found)


def pnbp_bill_issue(*, event: Event, opd: Opd, actor) -> IssueResult:
    """The OPD's bill for the event, issued once (see the module's docstring)."""
    if not event.pnbp_configured:
        raise BillRefused(NOT_CONFIGURED)
    for attempt in range(ATTEMPTS):
        try:
            with transaction.atomic():
                return _issue(event, opd, actor)
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _issue(event: Event, opd: Opd, actor) -> IssueResult:
    live = PnbpBill.objects.select_for_update().live().filter(event=event, opd=opd).first()
    sitters = sitters_by_opd(event, {opd.pk}).get(opd.pk, [])
    print_ = fingerprint(event, sitters)
    if live is not None and live.fingerprint == print_:
        return IssueResult(bill=live, created=False)
    if live is not None and live.status == PnbpBill.Status.PAID:
        raise BillRefused(
            f"Tagihan {live.number} untuk {opd.name} sudah lunas, sedangkan peserta yang "
            "hadir atau tarifnya berubah sesudah tagihan itu terbit. Tagihan yang lunas tidak "
            "diganti; selisihnya diselesaikan di luar aplikasi."
        )
    if not sitters and live is None:
        since = long_date(event.pnbp_start_date) if event.pnbp_start_date else ""
        raise BillRefused(
            f"Tidak ada peserta {opd.name} yang hadir sejak {since}: tidak ada yang ditagih."
        )
    if live is not None:  # cancelled first: the new bill is then the one live bill
        PnbpBill.objects.filter(pk=live.pk).update(
            status=PnbpBill.Status.CANCELLED, cancelled_at=timezone.now()
        )
    bill = _create(event, opd, sitters, print_, actor) if sitters else None
    if live is not None:
        PnbpBill.objects.filter(pk=live.pk).update(replaced_by=bill)
        _audit_cancel(live, actor, replacement=bill)
    if bill is None:
        return IssueResult(bill=None, created=False, replaced=live)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        target=bill,
        changes={
            "kegiatan": event.code,
            "opd": opd.name,
            "peserta": bill.count,
            "tarif": bill.tariff,
            "jumlah": bill.total,
            **({"mengganti": live.number} if live else {}),
        },
    )
    return IssueResult(bill=bill, created=True, replaced=live)


def _create(event: Event, opd: Opd, sitters: list[Sitter], print_: str, actor) -> PnbpBill:
    today = timezone.localdate()
    last = PnbpBill.objects.filter(year=today.year).aggregate(last=Max("sequence"))["last"]
    sequence = (last or 0) + 1
    tariff, start = event.pnbp_tariff or 0, event.pnbp_start_date
    assert start is not None  # pnbp_bill_issue refuses an event without PNBP
    bill = PnbpBill.objects.create(
        event=event,
        opd=opd,
        year=today.year,
        sequence=sequence,
        number=bill_number(today.year, sequence),
        pnbp_start_date=start,
        tariff=tariff,
        count=len(sitters),
        total=tariff * len(sitters),
        fingerprint=print_,
        issued_on=today,
        issued_by=actor if actor is not None and actor.is_authenticated else None,
    )
    PnbpBillLine.objects.bulk_create(
        PnbpBillLine(bill=bill, nip=person.nip, name=person.name, sat_on=person.sat_on)
        for person in sitters
    )
    return bill


def _audit_cancel(bill: PnbpBill, actor, *, replacement: PnbpBill | None) -> None:
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        target=bill,
        changes={
            "status": [bill.get_status_display(), PnbpBill.Status.CANCELLED.label],
            "diganti_dengan": replacement.number if replacement else "",
        },
    )


def pnbp_bills_issue_all(*, event: Event, actor) -> IssueSummary:
    """Every OPD's bill for the event: new ones issued, changed ones replaced, the rest kept.
    Each OPD in its own transaction, so one refusal stops nothing else. Safe to run twice."""
    if not event.pnbp_configured:
        raise BillRefused(NOT_CONFIGURED)
    opd_ids = set(sitters_by_opd(event)) | set(
        PnbpBill.objects.live().filter(event=event).values_list("opd_id", flat=True)
    )
    summary = IssueSummary()
    for opd in Opd.objects.filter(pk__in=opd_ids).order_by("name"):
        try:
            result = pnbp_bill_issue(event=event, opd=opd, actor=actor)
        except BillRefused as refused:
            summary.refused.append(refused.message)
            continue
        if result.bill is None and result.replaced is not None:
            summary.cancelled.append(result.replaced.number)
        elif result.bill is not None and not result.created:
            summary.unchanged.append(result.bill.number)
        elif result.bill is not None and result.replaced is not None:
            summary.replaced.append((result.replaced.number, result.bill.number))
        elif result.bill is not None:
            summary.created.append(result.bill.number)
    return summary


def pnbp_bill_mark_paid(*, bill: PnbpBill, paid_on: dt.date, reference: str, actor) -> PnbpBill:
    """Record the payment of a bill, once; the same payment again changes nothing."""
    with transaction.atomic():
        locked = (
            PnbpBill.objects.select_for_update(of=("self",))
            .select_related("replaced_by")
            .get(pk=bill.pk)
        )
        if locked.status == PnbpBill.Status.CANCELLED:
            instead = f" dan diganti dengan {locked.replaced_by}" if locked.replaced_by else ""
            raise BillRefused(
                f"Tagihan {locked.number} sudah dibatalkan{instead}: catat pembayaran pada "
                "tagihan yang berlaku."
            )
        if locked.status == PnbpBill.Status.PAID:
            if (locked.paid_on, locked.payment_reference) == (paid_on, reference):
                return locked
            on = long_date(locked.paid_on) if locked.paid_on else ""
            raise BillRefused(
                f"Tagihan {locked.number} sudah tercatat lunas pada {on} "
                f"dengan referensi {locked.payment_reference}."
            )
        if paid_on > timezone.localdate():
            raise BillRefused("Tanggal bayar tidak boleh sesudah hari ini.")
        if paid_on < locked.issued_on:
            raise BillRefused(
                "Tanggal bayar tidak boleh sebelum tanggal terbit tagihan "
                f"({long_date(locked.issued_on)})."
            )
        locked.status = PnbpBill.Status.PAID
        locked.paid_on, locked.payment_reference = paid_on, reference
        locked.paid_recorded_by = actor if actor is not None and actor.is_authenticated else None
        locked.save(update_fields=["status", "paid_on", "payment_reference", "paid_recorded_by"])
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            target=locked,
            changes={
                "status": [PnbpBill.Status.ISSUED.label, PnbpBill.Status.PAID.label],
                "tanggal_bayar": paid_on,
                "referensi": reference,
                "jumlah": f"Rp {rupiah(locked.total)}",
            },
        )
    return locked


def bill_totals(event: Event, opd_ids: Collection[int] | None) -> BillTotals:
    """Billed and paid over the live bills of the OPDs given (all when None)."""
    paid = Q(status=PnbpBill.Status.PAID)
    figures = (
        PnbpBill.objects.live()
        .filter(event=event)
        .visible_to_opds(opd_ids)
        .aggregate(
            bills=Count("pk"),
            billed=Sum("total"),
            paid_bills=Count("pk", filter=paid),
            paid=Sum("total", filter=paid),
        )
    )
    return BillTotals(
        bills=figures["bills"],
        billed=figures["billed"] or 0,
        paid_bills=figures["paid_bills"],
        paid=figures["paid"] or 0,
    )


@dataclass(frozen=True, slots=True)
class Pending:
    opd: str
    count: int  # billed now
    bill: str  # the live bill's number, "" when none


def bills_pending(event: Event, opd_ids: Collection[int] | None) -> list[Pending]:
    """The OPDs whose bill is missing or no longer matches who sat: what issuing would do."""
    if not event.pnbp_configured:
        return []
    now = sitters_by_opd(event, opd_ids)
    live = {
        bill.opd_id: bill
        for bill in PnbpBill.objects.live().filter(event=event).visible_to_opds(opd_ids)
    }
    names = dict(Opd.objects.filter(pk__in=set(now) | set(live)).values_list("pk", "name"))
    pending = []
    for opd_id in set(now) | set(live):
        people, bill = now.get(opd_id, []), live.get(opd_id)
        if bill is None or bill.fingerprint != fingerprint(event, people):
            pending.append(Pending(names[opd_id], len(people), bill.number if bill else ""))
    return sorted(pending, key=lambda row: row.opd.casefold())

"""The register of PNBP bills as read by its page and its .xlsx: the bills of an event within
a user's scope, filtered by OPD and by paid or unpaid; and one bill as its PDF document."""

from __future__ import annotations

from collections.abc import Collection
from typing import IO

from django.db.models import QuerySet
from openpyxl import Workbook

from core.excel import header_cells, set_widths, styled_cell, value_cell
from reports.bill_pdf import BillDocument, BillLine
from reports.models import PnbpBill
from reports.pnbp import RUPIAH
from sessions_app.models import Event

# The paid filter of the register: its query value and the statuses it keeps.
PAID_FILTERS = {
    "belum": (PnbpBill.Status.ISSUED,),
    "lunas": (PnbpBill.Status.PAID,),
    "batal": (PnbpBill.Status.CANCELLED,),
}
HEADER = (
    "Nomor", "OPD", "Jumlah Peserta", "Tarif per Peserta", "Jumlah Tagihan", "Tanggal Terbit",
    "Status", "Tanggal Bayar", "Referensi Pembayaran", "Diganti Dengan",
)  # fmt: skip
DATE = "DD/MM/YYYY"


def register_bills(
    event: Event, opd_ids: Collection[int] | None, *, opd: int | None = None, paid: str = ""
) -> QuerySet[PnbpBill]:
    """The event's bills the scope allows, newest first; cancelled ones only when asked."""
    bills = PnbpBill.objects.filter(event=event).visible_to_opds(opd_ids)
    if opd is not None:
        bills = bills.visible_to_opds({opd})
    bills = bills.filter(status__in=PAID_FILTERS[paid]) if paid else bills.live()
    return bills.select_related("opd", "replaced_by").order_by("-year", "-sequence")


def register_workbook(bills: QuerySet[PnbpBill], out: IO[bytes]) -> int:
    """The bills as a one-sheet workbook; the number of rows written."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Tagihan PNBP")
    set_widths(sheet, (24, 40, 15, 18, 20, 15, 14, 15, 30, 24))
    sheet.freeze_panes = "A2"
    sheet.append(header_cells(sheet, HEADER))
    rows = 0
    for bill in bills:
        sheet.append(
            [
                value_cell(sheet, bill.number),
                value_cell(sheet, bill.opd.name),
                bill.count,
                styled_cell(sheet, bill.tariff, RUPIAH),
                styled_cell(sheet, bill.total, RUPIAH),
                styled_cell(sheet, bill.issued_on, DATE),
                value_cell(sheet, str(bill.get_status_display())),
                styled_cell(sheet, bill.paid_on, DATE) if bill.paid_on else None,
                value_cell(sheet, bill.payment_reference),
                value_cell(sheet, bill.replaced_by.number if bill.replaced_by else ""),
            ]
        )
        rows += 1
    book.save(out)
    return rows


def bill_document(bill: PnbpBill) -> BillDocument:
    note = ""
    if bill.status == PnbpBill.Status.CANCELLED:
        instead = f"; diganti dengan tagihan {bill.replaced_by}" if bill.replaced_by else ""
        note = f"DIBATALKAN{instead}. Tagihan ini tidak berlaku."
    return BillDocument(
        number=bill.number,
        issued_on=bill.issued_on,
        event=bill.event.name,
        opd=bill.opd.name,
        pnbp_start_date=bill.pnbp_start_date,
        tariff=bill.tariff,
        total=bill.total,
        lines=[
            BillLine(nip=line.nip, name=line.name, sat_on=line.sat_on) for line in bill.lines.all()
        ],
        cancelled_note=note,
    )

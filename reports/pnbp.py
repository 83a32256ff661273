"""PNBP, the fee per participant of a CACT sitting (PP 2/2024): from an event's PNBP start
date on, everyone who sat the test is billed once at the event's tariff, under their OPD.

Who sat: marked Hadir or Terlambat in a session of the event dated on or after the start
date. Absent and excused people are not billed, nor people who sat before the date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count

from core.excel import BOLD, header_cells, set_widths, styled_cell, value_cell
from sessions_app.models import Attendance, AttendanceStatus, Event

SAT = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
RUPIAH = '"Rp" #,##0'
NOT_CONFIGURED = "PNBP tidak berlaku untuk kegiatan ini: tanggal mulai atau tarif PNBP tidak diisi."
HEADER = ("OPD", "Jumlah Peserta", "Tarif per Peserta", "Jumlah PNBP")


@dataclass(frozen=True)
class PnbpRow:
    opd: str
    count: int
    tariff: int
    amount: int


@dataclass(frozen=True)
class PnbpBill:
    start_date: dt.date
    tariff: int
    rows: list[PnbpRow]
    count: int
    total: int


def pnbp_total(counts: dict[str, int], *, start_date: dt.date, tariff: int) -> PnbpBill:
    """The bill of the people counted per OPD name: a row per OPD by name, and the total."""
    rows = [
        PnbpRow(opd=name, count=n, tariff=tariff, amount=n * tariff)
        for name, n in sorted(counts.items(), key=lambda item: item[0].casefold())
        if n
    ]
    return PnbpBill(
        start_date=start_date,
        tariff=tariff,
        rows=rows,
        count=sum(row.count for row in rows),
        total=sum(row.amount for row in rows),
    )


def pnbp_bill(event: Event, opd_ids: set[int] | None = None) -> PnbpBill | None:
    """The event's PNBP over the OPDs given (all when None); None when it has no PNBP."""
    if not event.pnbp_configured:
        return None
    sat = Attendance.objects.filter(
        session__event=event, session__date__gte=event.pnbp_start_date, status__in=SAT
    ).visible_to_opds(opd_ids)
    counts = (
        sat.values_list("registration__participant__opd__name")
        .annotate(n=Count("registration", distinct=True))  # sat twice: billed once
        .order_by()
    )
    return pnbp_total(dict(counts), start_date=event.pnbp_start_date, tariff=event.pnbp_tariff)


def pnbp_sheet(sheet, event: Event, opd_ids: set[int] | None) -> None:
    """The recap's PNBP sheet: a row per OPD, the total, and how it was counted."""
    bill = pnbp_bill(event, opd_ids)
    if bill is None:
        sheet.append([NOT_CONFIGURED])
        return
    set_widths(sheet, (40, 15, 18, 20))
    sheet.freeze_panes = "A2"
    sheet.append(header_cells(sheet, HEADER))
    for row in bill.rows:
        sheet.append(
            [
                value_cell(sheet, row.opd),
                row.count,
                styled_cell(sheet, row.tariff, RUPIAH),
                styled_cell(sheet, row.amount, RUPIAH),
            ]
        )
    sheet.auto_filter.ref = f"A1:D{len(bill.rows) + 1}"
    sheet.append(
        [
            styled_cell(sheet, "Jumlah", font=BOLD),
            styled_cell(sheet, bill.count, font=BOLD),
            None,
            styled_cell(sheet, bill.total, RUPIAH, font=BOLD),
        ]
    )
    sheet.append([])
    sheet.append(
        [
            "Dihitung: peserta yang hadir (hadir atau terlambat) pada sesi tanggal "
            f"{bill.start_date:%d/%m/%Y} atau sesudahnya, masing-masing satu kali; "
            f"tarif Rp {rupiah(bill.tariff)} per peserta."
        ]
    )


def rupiah(amount: int) -> str:
    """250000 -> "250.000", the Indonesian way."""
    return f"{amount:,}".replace(",", ".")

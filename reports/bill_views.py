"""The PNBP bills of an event: the register, issuing, one bill, its PDF, marking it paid,
and the register as .xlsx. Staff (Admin and Operator BKD) issue and mark paid; a manager
reads the bills of the OPDs in their scope."""

import tempfile

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import require_perms
from audit.models import AuditEntry
from core.params import choice_param, int_param
from participants.models import Opd
from participants.scope import scoped_opd_ids
from reports.bill_forms import PaidForm
from reports.bill_pdf import bill_pdf as bill_pdf_bytes
from reports.bill_register import PAID_FILTERS, bill_document, register_bills, register_workbook
from reports.bills import (
    BillRefused,
    bill_totals,
    bills_pending,
    pnbp_bill_issue,
    pnbp_bill_mark_paid,
    pnbp_bills_issue_all,
)
from reports.models import PnbpBill
from reports.terbilang import rupiah_words
from sessions_app.access import get_event
from sessions_app.models import Event

VIEW, ISSUE, PAY = "reports.view_pnbpbill", "reports.add_pnbpbill", "reports.change_pnbpbill"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def get_bill(request, event: Event, pk: int) -> PnbpBill:
    """The event's bill if the user's scope holds its OPD, else 404."""
    bills = PnbpBill.objects.filter(event=event).visible_to(request.user)
    return get_object_or_404(bills.select_related("opd", "event", "replaced_by"), pk=pk)


@require_perms(VIEW)
def bill_register(request, code: str):
    event = get_event(code)
    scope = scoped_opd_ids(request.user)
    opd, paid = int_param(request, "opd"), choice_param(request, "status", PAID_FILTERS)
    bills = register_bills(event, scope, opd=opd, paid=paid)
    page = Paginator(bills, 50).get_page(int_param(request, "page"))
    billed = PnbpBill.objects.filter(event=event).visible_to_opds(scope).values("opd_id")
    can_issue = request.user.has_perm(ISSUE)
    context = {
        "event": event,
        "page": page,
        "query": _query(opd, paid),
        "totals": bill_totals(event, scope),
        "pending": bills_pending(event, scope) if can_issue else [],
        "opds": Opd.objects.filter(pk__in=billed).order_by("name"),
        "chosen": {"opd": opd, "status": paid},
        "statuses": [
            ("belum", _("Belum lunas")),
            ("lunas", _("Lunas")),
            ("batal", _("Dibatalkan")),
        ],
        "scoped": scope is not None,
        "can_issue": can_issue,
    }
    return render(request, "reports/bill_register.html", context)


def _query(opd: int | None, paid: str) -> str:
    parts = [f"opd={opd}"] if opd else []
    return "&".join([*parts, f"status={paid}"] if paid else parts)


@require_perms(ISSUE)
@require_POST
def bill_issue(request, code: str):
    """Issue (or re-issue) the bills of every OPD, or of the one OPD posted; idempotent."""
    event = get_event(code)
    opd_id = request.POST.get("opd", "")
    try:
        if opd_id:
            valid = opd_id.isascii() and opd_id.isdigit() and len(opd_id) <= 18
            opd = Opd.objects.filter(pk=int(opd_id)).first() if valid else None
            if opd is None:
                raise BillRefused(_("OPD yang dipilih tidak ada."))
            result = pnbp_bill_issue(event=event, opd=opd, actor=request.user)
            numbers = [result.bill.number] if result.bill and result.created else []
            unchanged = [result.bill.number] if result.bill and not result.created else []
            _report(request, numbers, unchanged, [], [])
        else:
            summary = pnbp_bills_issue_all(event=event, actor=request.user)
            new = summary.created + [new for _old, new in summary.replaced]
            _report(request, new, summary.unchanged, summary.replaced, summary.cancelled)
            for message in summary.refused:
                messages.warning(request, message)
    except BillRefused as refused:
        messages.error(request, refused.message)
    return redirect("reports:pnbp_bills", code=event.code)


def _report(request, new, unchanged, replaced, cancelled) -> None:
    if new:
        messages.success(request, _("Tagihan terbit: %s.") % ", ".join(new))
    if replaced:
        pairs = ", ".join(f"{old} → {new}" for old, new in replaced)
        messages.info(
            request, _("Kehadiran berubah; tagihan lama dibatalkan dan diganti: %s.") % pairs
        )
    if cancelled:
        messages.info(
            request, _("Tidak ada lagi yang ditagih; dibatalkan: %s.") % ", ".join(cancelled)
        )
    if unchanged and not (new or replaced or cancelled):
        messages.info(
            request, _("Tidak ada yang berubah: tagihan yang ada masih sesuai kehadiran.")
        )


def _detail(request, event: Event, bill: PnbpBill, form: PaidForm, status: int = 200):
    history = AuditEntry.objects.filter(target_type="reports.pnbpbill", target_id=str(bill.pk))
    context = {
        "event": event,
        "bill": bill,
        "lines": bill.lines.all(),
        "words": rupiah_words(bill.total),
        "form": form,
        "history": history.order_by("at", "id"),
        "replaces": _replaced(bill),
        "can_pay": request.user.has_perm(PAY) and bill.status == PnbpBill.Status.ISSUED,
    }
    return render(request, "reports/bill_detail.html", context, status=status)


def _replaced(bill: PnbpBill) -> PnbpBill | None:
    try:
        return bill.replaces
    except ObjectDoesNotExist:
        return None


@require_perms(VIEW)
def bill_detail(request, code: str, bill: int):
    event = get_event(code)
    found = get_bill(request, event, bill)
    return _detail(request, event, found, PaidForm(initial={"paid_on": timezone.localdate()}))


@require_perms(PAY)
@require_POST
def bill_mark_paid(request, code: str, bill: int):
    event = get_event(code)
    found = get_bill(request, event, bill)
    form = PaidForm(request.POST)
    if not form.is_valid():
        return _detail(request, event, found, form, status=400)
    try:
        paid = pnbp_bill_mark_paid(
            bill=found,
            paid_on=form.cleaned_data["paid_on"],
            reference=form.cleaned_data["reference"],
            actor=request.user,
        )
    except BillRefused as refused:
        form.add_error(None, refused.message)
        return _detail(request, event, found, form, status=400)
    messages.success(request, _("Tagihan %s tercatat lunas.") % paid.number)
    return redirect("reports:pnbp_bills", code=event.code)


@require_perms(VIEW)
def bill_pdf(request, code: str, bill: int):
    event = get_event(code)
    found = get_bill(request, event, bill)
    response = HttpResponse(bill_pdf_bytes(bill_document(found)), content_type="application/pdf")
    filename = found.number.replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="tagihan-{filename}.pdf"'
    return response


@require_perms(VIEW)
def register_xlsx(request, code: str):
    """The register as filtered on the page, within the user's scope."""
    event = get_event(code)
    opd, paid = int_param(request, "opd"), choice_param(request, "status", PAID_FILTERS)
    bills = register_bills(event, scoped_opd_ids(request.user), opd=opd, paid=paid)
    # Not a with block: the response closes (and so deletes) the file once it is sent.
    out = tempfile.TemporaryFile()  # noqa: SIM115
    register_workbook(bills, out)
    out.seek(0)
    name = f"tagihan-pnbp-{event.code}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX)

"""Position standards in the browser: the list, and the sheet's upload, preview, confirm."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import require_perms
from core.imports import ImportRefused, import_batch_cancel, import_size_message
from core.models import ImportBatch
from core.planned_rows import planned_rows_page, wants_planned_rows_only
from core.spreadsheet import SpreadsheetError
from core.uploads import body_too_large, checks_upload_size
from participants.apply import PlanRefused
from participants.competencies import COMPETENCIES
from participants.forms import ImportUploadForm
from participants.models import PositionStandard
from talent.standards import standards_import_confirm, standards_import_start

IMPORT_PERMS = ("participants.add_positionstandard", "participants.change_positionstandard")


def _get_batch(token) -> ImportBatch:
    return get_object_or_404(ImportBatch, token=token, kind=ImportBatch.Kind.STANDARDS)


@require_perms("participants.view_positionstandard")
def standard_list(request):
    standards = PositionStandard.objects.select_related("position_class").order_by(
        "position_class__order", "title_key"
    )
    context = {"standards": standards, "competencies": COMPETENCIES}
    return render(request, "talent/standard_list.html", context)


@checks_upload_size
@require_perms(*IMPORT_PERMS)
def standard_import(request):
    error = None
    if request.method == "POST" and body_too_large(request):
        form, error = ImportUploadForm(), import_size_message()
    else:
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        form.fields["file"].label = _("File standar jabatan (.xlsx atau .csv)")
    if error is None and request.method == "POST" and form.is_valid():
        try:
            batch = standards_import_start(upload=form.cleaned_data["file"], actor=request.user)
        except (ImportRefused, SpreadsheetError) as refused:
            error = refused.message
        else:
            return redirect("talent:standard_preview", token=batch.token)
    recent = ImportBatch.objects.filter(kind=ImportBatch.Kind.STANDARDS).select_related(
        "created_by"
    )[:10]
    context = {
        "form": form,
        "error": error,
        "recent": recent,
        "max_mb": settings.IMPORT_MAX_BYTES // (1024 * 1024),
    }
    status = 400 if error or form.errors else 200
    return render(request, "talent/standard_import.html", context, status=status)


@require_perms(*IMPORT_PERMS)
def standard_preview(request, token):
    batch = _get_batch(token)
    context = {"batch": batch, **batch.summary}
    planned = batch.summary.get("planned")
    if batch.status == ImportBatch.Status.PREVIEW and planned:
        context |= {
            "planned_page": planned_rows_page(request, planned),
            "planned_total": batch.summary["valid_rows"],
            "planned_title": _("Standar yang akan disimpan"),
        }
        if wants_planned_rows_only(request):
            return render(request, "_planned_rows.html", context)
    return render(request, "talent/standard_preview.html", context)


@require_POST
@require_perms(*IMPORT_PERMS)
def standard_confirm(request, token):
    batch = _get_batch(token)
    try:
        result = standards_import_confirm(
            batch=batch, actor=request.user, skip_invalid=request.POST.get("skip_invalid") == "1"
        )
    except (ImportRefused, PlanRefused, SpreadsheetError) as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("Impor selesai: %(stored)d standar disimpan, %(rejected)d baris dilewati.") % result,
        )
    return redirect("talent:standard_preview", token=batch.token)


@require_POST
@require_perms(*IMPORT_PERMS)
def standard_cancel(request, token):
    import_batch_cancel(batch=_get_batch(token))
    messages.info(request, _("Impor dibatalkan; tidak ada data yang diubah."))
    return redirect("talent:standard_import")

"""Result-side imports in the browser: upload, preview, confirm, rejected rows (.xlsx)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import require_perms
from core.import_templates import template_response, template_workbook
from core.imports import ImportRefused, import_batch_cancel, import_size_message
from core.models import ImportBatch
from core.params import int_param
from core.planned_rows import planned_rows_page, wants_planned_rows_only
from core.spreadsheet import SpreadsheetError
from core.uploads import body_too_large, checks_upload_size
from participants.apply import PlanRefused
from participants.import_views import XLSX
from scoring.forms import ResultImportForm
from scoring.imports import (
    IMPORTS,
    import_confirm,
    import_start,
    import_template_columns,
    rejected_workbook,
)
from sessions_app.access import get_event

ANY_IMPORT = ("scoring.add_answersheet",)  # every role that imports results has it


def _import(request, slug: str):
    imp = IMPORTS.get(slug)
    if imp is None:
        raise Http404
    if not request.user.has_perm(imp.perm):
        raise PermissionDenied
    return imp


def _batch(event, imp, token) -> ImportBatch:
    return get_object_or_404(ImportBatch, token=token, kind=imp.kind, target=event.code)


@checks_upload_size
@require_perms(*ANY_IMPORT)
def upload(request, code: str, slug: str):
    event, imp = get_event(code), _import(request, slug)
    instruments = event.instruments.all() if slug == "jawaban" else None
    error = None
    if request.method == "POST" and body_too_large(request):
        form, error = ResultImportForm(instruments=instruments), import_size_message()
    else:
        form = ResultImportForm(
            request.POST or None, request.FILES or None, instruments=instruments
        )
    if error is None and request.method == "POST" and form.is_valid():
        try:
            batch = import_start(
                imp=imp,
                event=event,
                upload=form.cleaned_data["file"],
                actor=request.user,
                instrument=form.cleaned_data.get("instrument"),
            )
        except (ImportRefused, SpreadsheetError) as refused:
            error = refused.message
        else:
            return redirect("scoring:import_preview", code=event.code, slug=slug, token=batch.token)
    recent = ImportBatch.objects.filter(kind=imp.kind, target=event.code).select_related(
        "created_by"
    )[:10]
    context = {
        "event": event,
        "imp": imp,
        "imports": IMPORTS.values(),
        "form": form,
        "error": error,
        "recent": recent,
        "max_mb": settings.IMPORT_MAX_BYTES // (1024 * 1024),
        "template_instruments": event.instruments.order_by("-created_at", "-pk"),
    }
    status = 400 if error or form.errors else 200
    return render(request, "scoring/result_import.html", context, status=status)


@require_perms(*ANY_IMPORT)
def preview(request, code: str, slug: str, token):
    event, imp = get_event(code), _import(request, slug)
    batch = _batch(event, imp, token)
    context = {"event": event, "imp": imp, "batch": batch, **batch.summary}
    planned = batch.summary.get("planned")
    if batch.status == ImportBatch.Status.PREVIEW and planned:
        context |= {
            "planned_page": planned_rows_page(request, planned),
            "planned_total": batch.summary["valid_rows"],
            "planned_title": _("Baris yang akan disimpan"),
            "planned_mono": (1,),
        }
        if wants_planned_rows_only(request):
            return render(request, "_planned_rows.html", context)
    return render(request, "scoring/result_import_preview.html", context)


@require_POST
@require_perms(*ANY_IMPORT)
def confirm(request, code: str, slug: str, token):
    event, imp = get_event(code), _import(request, slug)
    batch = _batch(event, imp, token)
    try:
        result = import_confirm(
            imp=imp,
            event=event,
            batch=batch,
            actor=request.user,
            skip_invalid=request.POST.get("skip_invalid") == "1",
        )
    except (ImportRefused, PlanRefused, SpreadsheetError) as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("Impor selesai: %(stored)d baris disimpan, %(rejected)d baris dilewati.") % result,
        )
    return redirect("scoring:import_preview", code=event.code, slug=slug, token=batch.token)


@require_POST
@require_perms(*ANY_IMPORT)
def cancel(request, code: str, slug: str, token):
    event, imp = get_event(code), _import(request, slug)
    import_batch_cancel(batch=_batch(event, imp, token))
    messages.info(request, _("Impor dibatalkan; tidak ada data yang diubah."))
    return redirect("scoring:import", code=event.code, slug=slug)


@require_perms(*ANY_IMPORT)
def rejected(request, code: str, slug: str, token):
    event, imp = get_event(code), _import(request, slug)
    batch = _batch(event, imp, token)
    if batch.status == ImportBatch.Status.CANCELLED or not batch.file:
        messages.error(request, _("File impor ini tidak disimpan atau sudah dihapus."))
        return redirect("scoring:import", code=event.code, slug=slug)
    try:
        content = rejected_workbook(batch=batch, event=event, imp=imp)
    except (ImportRefused, SpreadsheetError) as refused:
        messages.error(request, refused.message)
        return redirect("scoring:import", code=event.code, slug=slug)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="baris-ditolak-{batch.pk}.xlsx"'
    return response


@require_perms(*ANY_IMPORT)
def template(request, code: str, slug: str):
    """The empty workbook of this import: for raw answers, NIP and the item codes of the
    instrument asked for (?instrumen=<id>), or of the event's latest one."""
    event, imp = get_event(code), _import(request, slug)
    instrument = None
    if slug == "jawaban":
        instruments = event.instruments.order_by("-created_at", "-pk")
        chosen = int_param(request, "instrumen")
        instrument = (instruments.filter(pk=chosen) if chosen else instruments).first()
        if instrument is None:
            messages.error(request, _("Kegiatan ini belum punya instrumen; unggah instrumen dulu."))
            return redirect("scoring:import", code=event.code, slug=slug)
    headers, notes = import_template_columns(imp, instrument)
    content = template_workbook(sheet=imp.title, headers=headers, notes=notes)
    return template_response(content, f"templat-{slug}-{event.code}.xlsx")

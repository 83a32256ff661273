"""Participant import in the browser: upload, preview, confirm, rejected rows."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import require_perms
from core.imports import ImportRefused, import_batch_cancel, import_size_message
from core.models import ImportBatch
from core.planned_rows import planned_rows_page, wants_planned_rows_only
from core.spreadsheet import SpreadsheetError
from core.uploads import body_too_large, checks_upload_size
from participants.forms import ImportUploadForm
from participants.models import Opd
from participants.opd_services import OpdRefused
from participants.services import import_batch_confirm, import_batch_start, rejected_rows_workbook

IMPORT_PERMS = ("participants.add_participant", "participants.change_participant")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _get_batch(token) -> ImportBatch:
    return get_object_or_404(ImportBatch, token=token, kind=ImportBatch.Kind.PARTICIPANTS)


@checks_upload_size
@require_perms(*IMPORT_PERMS)
def import_upload(request):
    error = None
    if request.method == "POST" and body_too_large(request):
        form, error = ImportUploadForm(), import_size_message()
    else:
        form = ImportUploadForm(request.POST or None, request.FILES or None)
    if error is None and request.method == "POST" and form.is_valid():
        try:
            batch = import_batch_start(upload=form.cleaned_data["file"], actor=request.user)
        except (ImportRefused, SpreadsheetError) as refused:
            error = refused.message
        else:
            return redirect("participants:import_preview", token=batch.token)
    recent = ImportBatch.objects.filter(kind=ImportBatch.Kind.PARTICIPANTS).select_related(
        "created_by"
    )[:10]
    status = 400 if error or form.errors else 200
    max_mb = settings.IMPORT_MAX_BYTES // (1024 * 1024)
    context = {"form": form, "error": error, "recent": recent, "max_mb": max_mb}
    return render(request, "participants/import_upload.html", context, status=status)


@require_perms(*IMPORT_PERMS)
def import_preview(request, token):
    batch = _get_batch(token)
    context = {"batch": batch, **batch.summary, **_planned(request, batch)}
    if wants_planned_rows_only(request):
        return render(request, "_planned_rows.html", context)
    if batch.status == ImportBatch.Status.PREVIEW and batch.summary.get("new_opds"):
        # Each OPD name the master data does not know can be matched to an existing OPD.
        context["opd_choices"] = Opd.objects.only("pk", "name")
    return render(request, "participants/import_preview.html", context)


def _planned(request, batch: ImportBatch) -> dict:
    """The list of the people the preview will create, the page asked for."""
    creates = batch.summary.get("creates")
    if batch.status != ImportBatch.Status.PREVIEW or not creates:
        return {}
    return {
        "planned_page": planned_rows_page(request, creates),
        "planned_total": batch.summary["to_create"],
        "planned_title": _("Peserta baru yang akan dibuat"),
        "planned_headers": [_("Baris"), "NIP", _("Nama"), "OPD", _("Jabatan")],
        "planned_mono": (2,),
    }


def _opd_aliases(request, batch: ImportBatch) -> dict[str, Opd]:
    """The unknown OPD names of the preview the operator matched to an existing OPD (the
    select opd-<n> names the preview's n-th new OPD name); raises ImportRefused."""
    chosen = {}
    for index, name in enumerate(batch.summary.get("new_opds", [])):
        value = request.POST.get(f"opd-{index}", "")
        if value:
            chosen[name] = value
    found = Opd.objects.in_bulk([int(v) for v in chosen.values() if v.isascii() and v.isdigit()])
    aliases = {}
    for name, value in chosen.items():
        opd = found.get(int(value)) if value.isascii() and value.isdigit() else None
        if opd is None:
            raise ImportRefused(
                f"OPD yang dipilih untuk {name} sudah tidak ada; pilih lagi di pratinjau."
            )
        aliases[name] = opd
    return aliases


@require_POST
@require_perms(*IMPORT_PERMS)
def import_confirm(request, token):
    batch = _get_batch(token)
    skip_invalid = request.POST.get("skip_invalid") == "1"
    try:
        result = import_batch_confirm(
            batch=batch,
            actor=request.user,
            skip_invalid=skip_invalid,
            opd_aliases=_opd_aliases(request, batch),
        )
    except (ImportRefused, SpreadsheetError, OpdRefused) as refused:
        messages.error(request, refused.message)
        return redirect("participants:import_preview", token=batch.token)
    messages.success(
        request,
        _(
            "Impor selesai: %(created)d peserta baru, %(updated)d diperbarui, "
            "%(unchanged)d tidak berubah, %(rejected)d baris dilewati."
        )
        % result,
    )
    return redirect("participants:import_preview", token=batch.token)


@require_POST
@require_perms(*IMPORT_PERMS)
def import_cancel(request, token):
    batch = _get_batch(token)
    import_batch_cancel(batch=batch)
    messages.info(request, _("Impor dibatalkan; tidak ada data yang diubah."))
    return redirect("participants:import")


@require_perms(*IMPORT_PERMS)
def import_rejected(request, token):
    batch = _get_batch(token)
    if batch.status == ImportBatch.Status.CANCELLED:
        messages.error(request, _("File impor ini sudah dihapus."))
        return redirect("participants:import")
    content = rejected_rows_workbook(path=batch.file.path, filename=batch.original_name)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="baris-ditolak-{batch.pk}.xlsx"'
    return response

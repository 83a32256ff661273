"""Scoring set-up per event: its instruments and its scoring rules."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.access import require_perms
from audit.services import save_form_with_audit
from core.import_templates import template_response, template_workbook
from core.imports import ImportRefused, import_size_message
from core.models import ImportBatch
from core.planned_rows import planned_rows_page, wants_planned_rows_only
from core.spreadsheet import SpreadsheetError
from core.uploads import body_too_large, checks_upload_size
from scoring.forms import EventEsNormForm, InstrumentUploadForm, ScoringSettingsForm
from scoring.instrument import COLUMNS as INSTRUMENT_COLUMNS
from scoring.services import instrument_confirm, instrument_upload, scoring_settings_for
from sessions_app.access import get_event

INSTRUMENT_PERMS = ("scoring.add_instrument", "scoring.change_instrument")


@checks_upload_size
@require_perms(*INSTRUMENT_PERMS)
def instruments(request, code: str):
    event = get_event(code)
    error = None
    if request.method == "POST" and body_too_large(request):
        form, error = InstrumentUploadForm(), import_size_message()  # the body is left unread
    else:
        form = InstrumentUploadForm(request.POST or None, request.FILES or None)
    if error is None and request.method == "POST" and form.is_valid():
        try:
            batch = instrument_upload(
                event=event, upload=form.cleaned_data["file"], actor=request.user
            )
        except (ImportRefused, SpreadsheetError) as refused:
            error = refused.message
        else:
            return redirect("scoring:instrument_preview", code=event.code, token=batch.token)
    context = {
        "event": event,
        "form": form,
        "error": error,
        "instruments": event.instruments.prefetch_related("items"),
    }
    status = 400 if error or form.errors else 200
    return render(request, "scoring/instruments.html", context, status=status)


INSTRUMENT_NOTES = (
    "Satu baris per butir di sheet Items; baris judul jangan diubah.",
    "komponen: MSK, LD atau ES. skala: kode kompetensi (M.01-M.08, SK.01), pilar LD "
    "(LD.DS, LD.DC, LD.DE, LD.DF) atau skala ES (mis. ES.AD).",
    "tipe: SJT untuk MSK, MC untuk LD, LIKERT untuk ES.",
    "kunci: SJT skor tiap opsi seperti A=5;B=3;C=1;D=2;E=4; MC huruf jawaban benar; LIKERT kosong.",
    "terbalik: hanya untuk LIKERT. Terbalik: Y, Ya, T, 1 atau TRUE. "
    "Tidak terbalik: N, Tidak, 0, FALSE atau kosong.",
)


@require_perms(*INSTRUMENT_PERMS)
def instrument_template(request, code: str):
    event = get_event(code)
    content = template_workbook(
        sheet="Items",
        headers=[column.label for column in INSTRUMENT_COLUMNS],
        text_columns=("kode", "kunci"),
        notes=INSTRUMENT_NOTES,
    )
    return template_response(content, f"templat-instrumen-{event.code}.xlsx")


@require_perms(*INSTRUMENT_PERMS)
def instrument_preview(request, code: str, token):
    event = get_event(code)
    batch = get_object_or_404(
        ImportBatch, token=token, kind=ImportBatch.Kind.INSTRUMENT, target=event.code
    )
    if request.method == "POST":
        try:
            instrument = instrument_confirm(batch=batch, event=event, actor=request.user)
        except (ImportRefused, SpreadsheetError) as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request,
                _("Instrumen %(name)s disimpan: %(count)d butir.")
                % {"name": instrument.name, "count": instrument.items.count()},
            )
            return redirect("scoring:instruments", code=event.code)
    context = {"event": event, "batch": batch, **batch.summary}
    planned = batch.summary.get("planned")
    if batch.status == ImportBatch.Status.PREVIEW and planned:
        context |= {
            "planned_page": planned_rows_page(request, planned),
            "planned_total": len(planned),
            "planned_title": _("Butir yang akan disimpan"),
            "planned_headers": ["kode", "komponen", "skala", "tipe", "kunci", "terbalik"],
            "planned_mono": (1, 5),
        }
        if wants_planned_rows_only(request):
            return render(request, "_planned_rows.html", context)
    return render(request, "scoring/instrument_preview.html", context)


@require_perms("scoring.change_scoringsettings")
def scoring_settings(request, code: str):
    event = get_event(code)
    instance = scoring_settings_for(event)
    norm_sent = request.method == "POST" and "norma-simpan" in request.POST
    form = ScoringSettingsForm(
        request.POST if request.method == "POST" and not norm_sent else None, instance=instance
    )
    norm_form = EventEsNormForm(request.POST if norm_sent else None, instance=instance)
    sent = norm_form if norm_sent else form
    if request.method == "POST" and sent.is_valid():
        save_form_with_audit(sent, actor=request.user)
        messages.success(
            request, _("Norma skor T disimpan.") if norm_sent else _("Aturan penilaian disimpan.")
        )
        return redirect("scoring:scoring_settings", code=event.code)
    context = {"event": event, "form": form, "norm_form": norm_form}
    return render(request, "scoring/scoring_settings.html", context)

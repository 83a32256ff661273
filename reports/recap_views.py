"""The managers' Excel recap of an event's published results: asked for with one click,
written by a Celery task while its page shows the progress, then downloaded."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import require_perms
from reports.models import RecapExport
from reports.recap import audit_recap
from reports.recap_exports import request_recap
from reports.unpublished import NotPublished, explains_unpublished
from scoring.runs import lifecycle
from sessions_app.access import get_event

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERMS = ("scoring.view_participantresult",)


@require_POST
@require_perms(*PERMS)
@explains_unpublished
def recap_request(request, code: str):
    event = get_event(code)
    run = lifecycle.published_run(event)
    if run is None:
        raise NotPublished(event)
    export = request_recap(run=run, user=request.user)
    return redirect("reports:recap_status", code=event.code, token=export.token)


def _own_export(request, code: str, token) -> RecapExport | None:
    """The user's own recap of this event; another user's is never shown (its scope)."""
    return (
        RecapExport.objects.select_related("run__event")
        .filter(token=token, requested_by=request.user, run__event__code=code)
        .first()
    )


def _missing(request, code: str):
    messages.error(request, _("Rekap itu tidak ada lagi (disimpan 24 jam); buat rekap baru."))
    return redirect("reports:dashboard", code=code)


@require_perms(*PERMS)
def recap_status(request, code: str, token):
    event = get_event(code)
    export = _own_export(request, event.code, token)
    if export is None:
        return _missing(request, event.code)
    return render(request, "reports/recap_status.html", {"event": event, "export": export})


@require_perms(*PERMS)
def recap_progress(request, code: str, token):
    event = get_event(code)
    export = _own_export(request, event.code, token)
    if export is None:
        return _missing(request, event.code)
    response = render(request, "reports/_recap_progress.html", {"event": event, "export": export})
    if export.finished:
        response["HX-Refresh"] = "true"  # the page offers the file, or says what went wrong
    return response


@require_perms(*PERMS)
def recap_file(request, code: str, token):
    event = get_event(code)
    export = _own_export(request, event.code, token)
    if export is None or export.status != RecapExport.Status.DONE or not export.file:
        return _missing(request, event.code)
    opd_ids = None if export.opd_ids is None else set(export.opd_ids)
    audit_recap(run=export.run, actor=request.user, opd_ids=opd_ids, count=export.rows_total)
    response = FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=f"rekap-{event.code}.xlsx",
        content_type=XLSX,
    )
    response.audited = True  # audit_recap recorded it, with the scope and the row count
    return response

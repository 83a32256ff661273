"""The managers' Excel recap of an event's published results, as a download."""

import io

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from accounts.access import require_perms
from participants.models import scoped_opd_ids
from reports import runs
from reports.recap import recap_export
from sessions_app.access import get_event

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_perms("reports.view_participantresult")
def recap_download(request, code: str):
    event = get_event(code)
    run = runs.published_run(event)
    if run is None:
        raise Http404(_("Hasil kegiatan ini belum diterbitkan."))
    buffer = io.BytesIO()
    recap_export(run=run, out=buffer, actor=request.user, opd_ids=scoped_opd_ids(request.user))
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="rekap-{event.code}.xlsx"'
    response.audited = True  # recap_export recorded it, with the scope and the row count
    return response

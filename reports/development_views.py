"""The training-needs workbook for BPSDM, downloaded from the training needs page."""

import tempfile

from django.http import FileResponse

from accounts.access import require_perms
from participants.scope import scoped_opd_ids
from reports.development_workbook import development_export
from reports.unpublished import NotPublished, explains_unpublished
from scoring.runs import lifecycle
from sessions_app.access import get_event

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_perms("scoring.view_participantresult")
@explains_unpublished
def development_workbook(request, code: str):
    """The published run's workbook in the user's scope, written to a temporary file and
    streamed from it; the download is recorded."""
    event = get_event(code)
    run = lifecycle.published_run(event)
    if run is None:
        raise NotPublished(event)
    # Not a with block: the response closes (and so deletes) the file once it is sent.
    out = tempfile.TemporaryFile()  # noqa: SIM115
    development_export(run=run, out=out, actor=request.user, opd_ids=scoped_opd_ids(request.user))
    out.seek(0)
    response = FileResponse(
        out, as_attachment=True, filename=f"pengembangan-{event.code}.xlsx", content_type=XLSX
    )
    response.audited = True  # development_export recorded it, with the scope and the rows
    return response

"""The succession pool page and its export: both audited, both within the user's scope."""

from collections.abc import Sequence

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from accounts.access import require_perms
from audit.models import AuditEntry
from core.private_search import page_query
from core.stamp import cached_rows, scope_key
from participants.models import Opd
from participants.scope import scoped_opd_ids
from talent.latest import today
from talent.pools import Candidate, pool_audit, pool_workbook, talent_pool
from talent.pools_forms import PoolForm

PAGE_SIZE = 50
CHUNK = 1000  # rows per cache entry: a page reads one or two
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _ranked(scope, target, filters) -> Sequence[tuple]:
    """The ranked pool as plain tuples (Candidate's fields in order), kept under the data
    stamp in pages (core/stamp.py): one computation per change of the data, and a page
    reads its own rows only."""
    parts = (scope_key(scope), target, filters, today(), settings.ASSESSMENT_VALID_YEARS)

    def compute() -> list[tuple]:
        found = talent_pool(opd_ids=scope, target=target, filters=filters)
        return [tuple(vars(candidate).values()) for candidate in found]

    return cached_rows("pool", parts, compute, chunk=CHUNK)


@require_perms("scoring.view_participantresult")
def pool(request):
    form = PoolForm(request.GET or None, opds=Opd.objects.visible_to(request.user))
    context: dict = {"form": form, "query": page_query(request)}
    if form.is_bound and form.is_valid():
        target, filters = form.chosen_target(), form.filters()
        candidates = _ranked(scoped_opd_ids(request.user), target, filters)
        pool_audit(
            actor=request.user,
            action=AuditEntry.Action.VIEW,
            target=target,
            filters=filters,
            count=len(candidates),
        )
        page = Paginator(candidates, PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = [Candidate(*row) for row in page.object_list]
        context |= {"target": target, "page": page, "total": len(candidates)}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "talent/pool.html", context, status=status)


@require_perms("scoring.view_participantresult")
def pool_export(request):
    form = PoolForm(request.GET, opds=Opd.objects.visible_to(request.user))
    if not form.is_valid():
        return render(request, "talent/pool.html", {"form": form}, status=400)
    target, filters = form.chosen_target(), form.filters()
    candidates = talent_pool(opd_ids=scoped_opd_ids(request.user), target=target, filters=filters)
    pool_audit(
        actor=request.user,
        action=AuditEntry.Action.EXPORT,
        target=target,
        filters=filters,
        count=len(candidates),
    )
    response = HttpResponse(pool_workbook(candidates, target), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="talent-pool.xlsx"'
    response.audited = True  # recorded above, with the target, the filters and the count
    return response

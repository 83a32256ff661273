"""The comparison of an event's published results with an earlier stage's."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.access import require_perms
from core.stamp import cached, scope_key
from participants.scope import scoped_opd_ids
from reports import compare
from reports.disclosure import SUPPRESS_BELOW
from reports.unpublished import NotPublished, explains_unpublished
from reports.views import PAGE_SIZE, RESULT_PERMS
from scoring.runs import lifecycle
from sessions_app.access import get_event
from sessions_app.models import Event


def _chosen(choices: list[Event], code: str) -> Event | None:
    """The earlier event asked for, or the latest; 404 for one not on offer."""
    if not code:
        return choices[0] if choices else None
    for event in choices:
        if event.code == code:
            return event
    raise Http404(_("Kegiatan pembanding tidak ditemukan."))


@require_perms(*RESULT_PERMS)
@explains_unpublished
def comparison(request, code: str):
    """Per OPD and per person, the change since an earlier event; a scoped manager sees
    their OPDs only, and small groups' means stay hidden, as on the dashboard."""
    event = get_event(code)
    run = lifecycle.published_run(event)
    if run is None:
        raise NotPublished(event)
    choices = compare.earlier_events(event)
    earlier = _chosen(choices, request.GET.get("dari", ""))
    scope = scoped_opd_ids(request.user)
    context = {
        "event": event,
        "run": run,
        "choices": choices,
        "earlier": earlier,
        "scoped": scope is not None,
        "suppress_below": SUPPRESS_BELOW,
    }
    if earlier is not None:
        earlier_run = lifecycle.published_run(earlier)
        # Grouping 2 x 100,000 results takes about a second: done once per change of the
        # data (core/stamp.py, on PostgreSQL), and a page is then a slice of the ids.
        figures = cached(
            "comparison",
            (run.pk, earlier_run.pk, scope_key(scope)),
            lambda: compare.summary(run, earlier_run, scope),
        )
        page = Paginator(figures.people, PAGE_SIZE).get_page(request.GET.get("page"))
        params = request.GET.copy()
        params.pop("page", None)
        context |= {
            "earlier_run": earlier_run,
            "comparison": compare.Comparison(
                opds=figures.opds,
                total=figures.total,
                people=compare.people_page(run, earlier_run, scope, list(page.object_list)),
                trends=figures.trends,
                people_count=page.paginator.count,
            ),
            "page": page,
            "query": params.urlencode(),
        }
    return render(request, "reports/comparison.html", context)

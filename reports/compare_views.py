"""The comparison of an event's published results with an earlier stage's."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.access import require_perms
from core.keyset import CountedPaginator
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
        both, trends = compare.both_counts(compare.pairs(run, earlier_run, scope))
        opds, total = compare.compare(
            compare.opd_figures(earlier_run, scope), compare.opd_figures(run, scope), both
        )
        page = CountedPaginator(
            compare.people(compare.pairs(run, earlier_run, scope)),
            PAGE_SIZE,
            count=sum(both.values()),
        ).get_page(request.GET.get("page"))
        params = request.GET.copy()
        params.pop("page", None)
        context |= {
            "earlier_run": earlier_run,
            "comparison": compare.Comparison(
                opds=opds,
                total=total,
                people=[compare.person(row) for row in page],
                trends=trends,
                people_count=page.paginator.count,
            ),
            "page": page,
            "query": params.urlencode(),
        }
    return render(request, "reports/comparison.html", context)

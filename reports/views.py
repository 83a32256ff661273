"""Published results in the browser: the list, one person's result page and PDF, the
dashboard, the gap map, training needs, the group tables and the scoring rules as read."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from accounts.access import require_perms
from audit.models import AuditEntry
from audit.services import audit_record
from core.keyset import CountedPaginator, keyset_page
from core.params import MAX_TEXT, int_param
from core.private_search import nip_in_address, search_params, search_redirect
from core.text import normalize_text
from participants.competencies import COMPETENCIES, COMPETENCY_CODES
from participants.models import search_filter
from participants.scope import scoped_opd_ids
from participants.standards import standard_of
from reports import charts
from reports.bills import bill_totals
from reports.dashboard import BREAKDOWN_GROUPINGS, breakdown, combine
from reports.development import below_count, below_standard, development_forms
from reports.development_plan import individual_plan
from reports.disclosure import SUPPRESS_BELOW, hide_small
from reports.gap_map import GAP_GROUPINGS
from reports.gap_map import gap_map as gap_figures
from reports.pnbp import pnbp_bill
from reports.recap_groups import scoped_statistics
from reports.report_pdf import ResultReport
from reports.report_pdf import result_pdf as result_pdf_bytes
from reports.scoring_rules import scoring_rules as scoring_rules_of
from reports.unpublished import NotPublished, explains_unpublished
from scoring import core, norms, talent
from scoring.access import get_run
from scoring.models import ScoreRun
from scoring.runs import groups as groups_module
from scoring.runs import lifecycle
from scoring.runs.summary import run_summary
from sessions_app.access import get_event
from sessions_app.models import Attendance, AttendanceStatus, Event

PAGE_SIZE = 50
# Results in the order of their people's names; the id breaks ties (core/keyset.py).
NAME_KEY = ("registration__participant__name", "registration__participant_id")
RESULT_PERMS = ("scoring.view_participantresult",)


@require_perms(*RESULT_PERMS)
def index(request):
    events = Event.objects.order_by("-start_date")
    rows = [(event, lifecycle.published_run(event), event.score_runs.first()) for event in events]
    return render(request, "reports/index.html", {"rows": rows})


def _visible_results(request, run: ScoreRun):
    results = run.results.visible_to(request.user)
    return results.select_related(
        "registration__participant__opd", "registration__participant__position_class"
    ).order_by(*NAME_KEY)


def _run_for_results(request, event: Event) -> ScoreRun:
    number = int_param(request, "run", maximum=2**31 - 1)
    if number is not None:
        return get_run(request.user, event, number)
    run = lifecycle.published_run(event)
    if run is None:
        raise NotPublished(event)
    return run


@require_perms(*RESULT_PERMS)
@explains_unpublished
def result_list(request, code: str):
    # The search form posts, so a NIP searched for stays out of every address.
    if request.method == "POST":
        return search_redirect(request, ("q", "kotak"))
    if hidden := nip_in_address(request):
        return hidden
    event = get_event(code)
    run = _run_for_results(request, event)
    results = _visible_results(request, run)
    params, expired = search_params(request)
    if expired:
        messages.info(request, _("Pencarian NIP sebelumnya sudah kedaluwarsa; cari lagi."))
    query = normalize_text(params.get("q", ""))[:MAX_TEXT]
    if query:
        results = results.filter(search_filter(query, "registration__participant__"))
    box = int_param(request, "kotak", maximum=9)
    if box is not None:
        results = results.filter(box=box)
    # By the last name seen, so page 1,000 costs what page 1 does (core/keyset.py).
    page = keyset_page(request, results, text=NAME_KEY[0], pk=NAME_KEY[1], size=PAGE_SIZE)
    context = {
        "event": event,
        "run": run,
        "page": page,
        "total": results.count(),
        "q": query,
        "box": str(box or ""),
        "boxes": range(1, 10),
        "box_action": talent.RECOMMENDED_ACTIONS.get(box) if box else None,
    }
    return render(request, "reports/result_list.html", context)


@require_perms(*RESULT_PERMS)
@explains_unpublished
def result_detail(request, code: str, registration: int):
    context = _result_context(request, get_event(code), registration)
    context["radar"] = charts.radar(
        [(c["code"], c["name"], c["level"], c["required"]) for c in context["competencies"]]
    )
    return render(request, "reports/result_detail.html", context)


@require_perms(*RESULT_PERMS)
@explains_unpublished
def result_pdf(request, code: str, registration: int):
    """The same report as a PDF, for print and the participant's file; the download is
    recorded, as it carries a person's results."""
    context = _result_context(request, get_event(code), registration)
    result, participant, run = context["result"], context["participant"], context["run"]
    report = ResultReport(
        event=context["event"].name,
        run=f"penilaian #{run.number}" + ("" if run.published_at else " (draf)"),
        nip=participant.nip,
        name=participant.name,
        position=participant.position_title,
        position_class=str(participant.position_class),
        opd=participant.opd.name,
        competencies=[
            (c["code"], c["name"], c["level"], c["required"], c["gap"])
            for c in context["competencies"]
        ],
        figures=[
            (f"JPM - {result.jpm_category or '-'}", _shown(result.jpm)),
            ("Literasi Digital", _shown(result.ld_score)),
            ("Keahlian Masa Depan", _shown(result.es_score)),
            (f"Potensi - {result.potential_category or '-'}", _shown(result.potential)),
            ("Kotak talenta", str(result.box or "-")),
        ],
        pillars=[(code, _shown(value)) for code, value in context["pillars"]],
        scales=[(code, _shown(v), _shown(t), str(p or "-")) for code, v, t, p in context["es"]],
        es_norm=run.es_norm_name,
        kinerja=result.kinerja,
        potential_category=result.potential_category,
        box=result.box,
        action=context["action"] or "",
        plan=context["plan"],
    )
    audit_record(
        actor=request.user,
        action=AuditEntry.Action.EXPORT,
        target=run,
        changes={"laporan": participant.nip},
    )
    response = HttpResponse(result_pdf_bytes(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="hasil-{participant.nip}.pdf"'
    response.audited = True  # recorded above, with whose report it is
    return response


def _shown(value) -> str:
    """A figure as the pages print it: two decimals, decimal comma; "-" when missing."""
    return "-" if value is None else f"{float(value):.2f}".replace(".", ",")


def _result_context(request, event: Event, registration: int) -> dict:
    run = _run_for_results(request, event)
    result = get_object_or_404(_visible_results(request, run), registration_id=registration)
    participant = result.registration.participant
    required = _required_of(result, participant)
    competencies = [
        {
            "code": code,
            "name": name,
            "required": required.get(code),
            "level": result.levels[i] if result.levels else None,
            "gap": result.gaps[i] if result.gaps else None,
            "score": result.competency_scores[i] if result.competency_scores else None,
        }
        for i, (code, name) in enumerate(COMPETENCIES)
    ]
    return {
        "event": event,
        "run": run,
        "result": result,
        "participant": participant,
        "competencies": competencies,
        "chart": _profile_chart(competencies),
        "pillars": _detail(core.LD_PILLARS, result.ld_pillars),
        "es": _detail(
            core.ES_SCALES, result.es_scales, result.es_t, norms.percentiles(result.es_t)
        ),
        "action": talent.RECOMMENDED_ACTIONS.get(result.box),
        "grid": _grid(result.box),
        "plan": individual_plan(result.levels, result.gaps, development_forms()),
    }


def _required_of(result, participant) -> dict[str, int]:
    """The levels the result was scored against (level - gap, as the run stored them); the
    participant's standard today when the result measured no levels."""
    if result.levels and result.gaps and min(result.levels) > 0:
        return {
            code: level - gap
            for code, level, gap in zip(COMPETENCY_CODES, result.levels, result.gaps, strict=True)
        }
    return dict(zip(COMPETENCY_CODES, standard_of(participant).levels, strict=True))


def _detail(codes, values, *more) -> list[tuple]:
    """(code, value, ...) rows of the LD pillars or ES scales; none when the result has no
    breakdown (a pre-scored result stores only nulls there), so the page says so."""
    if not any(value is not None for value in values or []):
        return []
    columns = [list(column or []) + [None] * (len(codes) - len(column or [])) for column in more]
    return list(zip(codes, values, *columns, strict=False))


def _profile_chart(competencies: list[dict]) -> dict:
    """Bars of the level against a line of the standard, drawn in SVG by the template."""
    width, row = 360, 28
    bars = []
    for i, c in enumerate(competencies):
        bars.append(
            {
                **c,
                "y": 8 + i * row,
                "w": (c["level"] or 0) * width / 5,
                "x_req": (c["required"] or 0) * width / 5 + 60,
                "below": c["gap"] is not None and c["gap"] < 0,
            }
        )
    return {
        "bars": bars,
        "height": 16 + len(bars) * row,
        "ticks": [60 + k * width / 5 for k in range(6)],
    }


def _grid(box: int | None) -> list[list[dict]]:
    return [[{"box": b, "here": b == box} for b in row] for row in talent.GRID_ROWS]


@require_perms(*RESULT_PERMS)
@explains_unpublished
def dashboard(request, code: str):
    event = get_event(code)
    run = _run_for_results(request, event)
    # The stored figures are keyed by OPD id: the same scope limits them as the rows.
    scope = scoped_opd_ids(request.user)
    registrations = event.registrations.visible_to_opds(scope)
    attended = (
        Attendance.objects.filter(
            registration__in=registrations,
            status__in=[AttendanceStatus.PRESENT, AttendanceStatus.LATE],
        )
        .values("registration_id")
        .distinct()
        .count()
    )
    # The stored groups mix OPDs: a manager with a scope gets them in the recap instead.
    summary = run_summary(run)
    grouping = request.GET.get("kelompok", "")
    if grouping not in BREAKDOWN_GROUPINGS:
        grouping = next(iter(BREAKDOWN_GROUPINGS))
    context = {
        "event": event,
        "run": run,
        "scoped": scope is not None,
        "registered": registrations.count(),
        "scheduled": registrations.filter(placement__isnull=False).count(),
        "attended": attended,
        "figures": combine(summary.blocks_by("opd"), scope),
        "suppress_below": SUPPRESS_BELOW,
        "groupings": BREAKDOWN_GROUPINGS,
        "grouping": grouping,
        "grouping_label": BREAKDOWN_GROUPINGS[grouping],
        "breakdown": breakdown(summary.groups, grouping) if scope is None else None,
        "pnbp": pnbp_bill(event, scope),
        "bills": bill_totals(event, scope),
    }
    return render(request, "reports/dashboard.html", context)


@require_perms(*RESULT_PERMS)
@explains_unpublished
def gap_map(request, code: str):
    """Competency x group: the share of people below their position's standard, from the
    per-group blocks the run stored; a scoped manager sees their OPDs only."""
    event = get_event(code)
    run = _run_for_results(request, event)
    scope = scoped_opd_ids(request.user)
    grouping = request.GET.get("menurut", "opd")
    if grouping not in GAP_GROUPINGS or scope is not None:
        grouping = "opd"  # regions and position classes mix OPDs outside a manager's scope
    figures = gap_figures(run_summary(run).blocks_by(grouping), scope)
    forms = development_forms()
    context = {
        "event": event,
        "run": run,
        "grouping": grouping,
        "grouping_label": GAP_GROUPINGS[grouping],
        "groupings": GAP_GROUPINGS if scope is None else {"opd": "OPD"},
        "competencies": COMPETENCIES,
        "rows": figures.rows,
        "totals": figures.totals,
        "development": [
            (code, name, forms[code], figures.below[i])
            for i, (code, name) in enumerate(COMPETENCIES)
        ],
        "suppress_below": SUPPRESS_BELOW,
    }
    return render(request, "reports/gap_map.html", context)


@require_perms(*RESULT_PERMS)
@explains_unpublished
def training_needs(request, code: str):
    """Who needs a competency developed: everyone below their standard in it."""
    event = get_event(code)
    run = _run_for_results(request, event)
    competency = request.GET.get("kompetensi", COMPETENCY_CODES[0])
    if competency not in COMPETENCY_CODES:
        raise Http404
    index, results = COMPETENCY_CODES.index(competency), run.results.visible_to(request.user)
    page = CountedPaginator(
        below_standard(results, index), PAGE_SIZE, count=below_count(results, index)
    ).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "event": event,
        "run": run,
        "competency": competency,
        "competency_name": dict(COMPETENCIES)[competency],
        "competencies": COMPETENCIES,
        "forms": development_forms()[competency],
        "page": page,
        "query": params.urlencode(),
    }
    return render(request, "reports/training_needs.html", context)


@require_perms(*RESULT_PERMS)
@explains_unpublished
def group_table(request, code: str):
    """Per group of a grouping: n, mean, median and spread of each component and the
    category shares, as the run's final step stored them; small groups hidden."""
    event = get_event(code)
    run = _run_for_results(request, event)
    scope = scoped_opd_ids(request.user)
    groupings = groups_module.GROUPINGS if scope is None else {"opd": "OPD"}
    grouping = request.GET.get("menurut", "opd")
    if grouping not in groupings:
        grouping = "opd"
    if scope is None:
        rows = run_summary(run).groups.get(grouping, [])
    else:
        # The stored rows are keyed by OPD name, which a rename or a merge changes: a scoped
        # manager's rows are computed over their own results, as their recap's are.
        rows = scoped_statistics(_visible_results(request, run), run).get(grouping, [])
    context = {
        "event": event,
        "run": run,
        "grouping": grouping,
        "groupings": groupings,
        "grouping_label": groupings[grouping],
        "components": groups_module.COMPONENTS,
        "rows": [
            shown if shown["suppressed"] else {**shown, "stats": row}
            for shown, row in zip(
                hide_small([{"name": row.name, "n": row.n} for row in rows]).rows, rows, strict=True
            )
        ],
        "suppress_below": SUPPRESS_BELOW,
    }
    return render(request, "reports/group_table.html", context)


@require_perms(*RESULT_PERMS)
def scoring_rules(request, code: str):
    """The event's scoring rules in Indonesian, for everyone who may read its results."""
    rules = scoring_rules_of(get_event(code))
    return render(request, "reports/scoring_rules.html", {"event": rules.event, "rules": rules})

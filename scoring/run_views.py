"""Score runs in the browser: start, watch, publish, stop; the item analysis and the
reconciliation that comes before publishing."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import require_perms
from scoring import core, talent
from scoring.access import get_run
from scoring.models import Instrument, ScoreRun, ScoringSettings
from scoring.reconcile import KINDS, blocking, reconcile
from scoring.runs import inputs, lifecycle, pipeline
from scoring.runs.summary import RunSummary, run_summary
from sessions_app.access import get_event

RUN_PERMS = ("scoring.add_scorerun",)


@require_perms(*RUN_PERMS)
def run_list(request, code: str):
    event = get_event(code)
    instruments = Instrument.objects.filter(event=event, answer_sheets__isnull=False).distinct()
    if request.method == "POST":
        instrument = instruments.filter(pk=request.POST.get("instrument") or 0).first()
        try:
            run = lifecycle.start_run(event=event, actor=request.user, instrument=instrument)
        except lifecycle.RunRefused as refused:
            messages.error(request, refused.message)
        else:
            return redirect("scoring:run", code=event.code, number=run.number)
    findings = reconcile(event)
    context = {
        "event": event,
        "runs": event.score_runs.select_related("started_by", "published_by", "instrument"),
        "instruments": instruments,
        "default_instrument": inputs.scoring_instrument(event),
        "published": lifecycle.published_run(event),
        "blocking": len(blocking(findings)),
    }
    return render(request, "scoring/runs.html", context)


@require_perms(*RUN_PERMS)
def run_detail(request, code: str, number: int):
    event = get_event(code)
    run = get_run(request.user, event, number)
    findings = reconcile(event) if run.status == ScoreRun.Status.DONE else []
    summary = run_summary(run)
    context = {
        "event": event,
        "run": run,
        "progress": lifecycle.progress(run),
        "published": lifecycle.published_run(event),
        "blocking": blocking(findings),
        "same_inputs": event.score_runs.filter(inputs_hash=run.inputs_hash)
        .exclude(pk=run.pk)
        .values_list("number", flat=True),
        "summary": summary,
        "categories": _categories(summary),
        "box_grid": [
            [{"box": b, "n": summary.box.get(str(b), 0)} for b in row] for row in talent.GRID_ROWS
        ],
        "rules": [
            (ScoringSettings._meta.get_field(name).verbose_name, value)
            for name, value in run.settings_snapshot.items()
        ],
    }
    return render(request, "scoring/run_detail.html", context)


def _categories(summary: RunSummary) -> list[tuple[str, int]]:
    """The category counts in the order a reader expects, best first."""
    jpm, potential = summary.jpm_category, summary.potential_category
    return [
        (f"JPM {label}", jpm.get(label, 0))
        for label in (core.JPM_OPTIMAL, core.JPM_CUKUP, core.JPM_KURANG)
    ] + [
        (f"Potensi {label}", potential.get(label, 0))
        for label in (core.TINGGI, core.MENENGAH, core.RENDAH)
    ]


@require_perms(*RUN_PERMS)
def run_progress(request, code: str, number: int):
    event = get_event(code)
    run = get_run(request.user, event, number)
    context = {"event": event, "run": run, "progress": lifecycle.progress(run)}
    response = render(request, "scoring/_run_progress.html", context)
    if run.status in (ScoreRun.Status.DONE, ScoreRun.Status.FAILED):
        response["HX-Refresh"] = "true"  # the page shows the figures once the run is over
    return response


@require_POST
@require_perms("scoring.publish_scorerun")
def run_publish(request, code: str, number: int):
    event = get_event(code)
    run = get_run(request.user, event, number)
    if blocking(reconcile(event)) and request.POST.get("checked") != "1":
        messages.error(
            request, _("Centang bahwa temuan rekonsiliasi sudah diperiksa sebelum menerbitkan.")
        )
        return redirect("scoring:run", code=event.code, number=run.number)
    try:
        lifecycle.publish_run(run=run, actor=request.user)
    except lifecycle.RunRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Penilaian #%(n)d diterbitkan.") % {"n": run.number})
    return redirect("scoring:run", code=event.code, number=run.number)


@require_POST
@require_perms(*RUN_PERMS)
def run_resume(request, code: str, number: int):
    event = get_event(code)
    run = get_run(request.user, event, number)
    pipeline.dispatch(run.pk)
    run.refresh_from_db()
    if run.dispatch_error:
        messages.error(request, run.dispatch_error)
    else:
        messages.info(request, _("Tugas penilaian dikirim ulang ke worker."))
    return redirect("scoring:run", code=event.code, number=run.number)


@require_POST
@require_perms(*RUN_PERMS)
def run_stop(request, code: str, number: int):
    event = get_event(code)
    run = get_run(request.user, event, number)
    lifecycle.stop_run(run=run, actor=request.user)
    messages.info(request, _("Penilaian #%(n)d dihentikan.") % {"n": run.number})
    return redirect("scoring:runs", code=event.code)


@require_perms(*RUN_PERMS)
def item_analysis(request, code: str, number: int):
    event = get_event(code)
    run = get_run(request.user, event, number)
    analysis = run.item_analysis or {}
    flagged_only = request.GET.get("flagged") == "1"
    items = [item for item in analysis.get("items", []) if item.get("flags") or not flagged_only]
    context = {
        "event": event,
        "run": run,
        "items": items,
        "scales": analysis.get("scales", []),
        "flagged_count": sum(1 for item in analysis.get("items", []) if item.get("flags")),
        "flagged_only": flagged_only,
    }
    return render(request, "scoring/item_analysis.html", context)


@require_perms(*RUN_PERMS)
def reconciliation(request, code: str):
    event = get_event(code)
    findings = reconcile(event)
    groups = [
        {
            "kind": kind,
            "title": title,
            "action": action,
            "findings": [f for f in findings if f.kind == kind],
        }
        for kind, (title, action) in KINDS.items()
    ]
    context = {"event": event, "groups": groups, "total": len(findings)}
    return render(request, "scoring/reconciliation.html", context)

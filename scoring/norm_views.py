"""The stored ES norms: the list, one made from a published run's cohort, one typed in."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import require_perms
from core.params import int_param
from scoring import core
from scoring.es_norms import NormRefused, es_norm_create, es_norm_from_run
from scoring.forms import ES_SCALE_NAMES, EsNormFromRunForm, EsNormManualForm
from scoring.models import EsNorm, ScoreRun, ScoringSettings

NORM_PERMS = ("scoring.view_esnorm",)
NORM_ADD_PERMS = ("scoring.add_esnorm",)


@require_perms(*NORM_PERMS)
def norm_list(request):
    norms = EsNorm.objects.select_related("source_run__event", "created_by").prefetch_related(
        "scales"
    )
    in_use = set(ScoringSettings.objects.values_list("es_norm_id", flat=True))
    rows = [
        {
            "norm": norm,
            "figures": zip(core.ES_SCALES, norm.figures(), strict=True),
            "events": norm.pk in in_use,
        }
        for norm in norms
    ]
    return render(request, "scoring/norms.html", {"rows": rows, "scale_names": ES_SCALE_NAMES})


def _published_runs():
    return (
        ScoreRun.objects.filter(published_at__isnull=False, instrument__isnull=False)
        .select_related("event")
        .order_by("-event__start_date", "-number")
    )


@require_perms(*NORM_ADD_PERMS)
def norm_from_run(request):
    runs = _published_runs()
    initial = {"run": int_param(request, "proses")}
    form = EsNormFromRunForm(request.POST or None, runs=runs, initial=initial)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            norm = es_norm_from_run(
                run=form.cleaned_data["run"], name=form.cleaned_data["name"], actor=request.user
            )
        except NormRefused as refused:
            error = refused.message
        else:
            messages.success(request, _("Norma “%(name)s” disimpan.") % {"name": norm.name})
            return redirect("scoring:norms")
    status = 400 if error or form.errors else 200
    context = {"form": form, "error": error, "has_runs": runs.exists()}
    return render(request, "scoring/norm_from_run.html", context, status=status)


@require_perms(*NORM_ADD_PERMS)
def norm_manual(request):
    form = EsNormManualForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            norm = es_norm_create(
                name=form.cleaned_data["name"],
                figures=form.figures(),
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except NormRefused as refused:
            error = refused.message
        else:
            messages.success(request, _("Norma “%(name)s” disimpan.") % {"name": norm.name})
            return redirect("scoring:norms")
    status = 400 if error or form.errors else 200
    return render(
        request, "scoring/norm_manual.html", {"form": form, "error": error}, status=status
    )

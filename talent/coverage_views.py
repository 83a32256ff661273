"""The coverage page, its workbook and the action that registers the unassessed."""

import io

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import require_perms
from core.stamp import cached, scope_key
from participants.models import Opd, Participant
from participants.scope import scoped_opd_ids
from talent.coverage import coverage as coverage_figures
from talent.coverage import unassessed
from talent.coverage_export import coverage_export
from talent.enrol import EnrolRefused, coming_events, enrol_plan, enrol_unassessed
from talent.forms import CoverageForm, EnrolForm
from talent.latest import today

# Who may see results may see coverage; registering also needs the registration permission.
COVERAGE_PERMS = ("scoring.view_participantresult",)
ENROL_PERMS = (*COVERAGE_PERMS, "sessions_app.add_registration")
PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters(request) -> tuple[CoverageForm, dict]:
    """The page's filters, read leniently: a value the form refuses is left out, and said."""
    form = CoverageForm(request.GET or None, opds=Opd.objects.visible_to(request.user))
    if form.is_bound and not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    cleaned = getattr(form, "cleaned_data", {})
    return form, {"as_of": cleaned.get("per") or today(), "opd": cleaned.get("opd")}


@require_perms(*COVERAGE_PERMS)
def coverage(request):
    form, chosen = _filters(request)
    scope = scoped_opd_ids(request.user)
    opd = chosen["opd"]
    as_of, opd_id = chosen["as_of"], opd.pk if opd else None
    parts = (scope_key(scope), as_of, settings.ASSESSMENT_VALID_YEARS)
    # The ids of the whole list, in its order, kept under the data stamp: a page is then
    # a slice of them and one query for its 50 people, however deep.
    ids = cached(
        "unassessed",
        (*parts, opd_id),
        lambda: list(unassessed(scope, as_of, opd_id).values_list("pk", flat=True)),
    )
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    found = Participant.objects.select_related("opd", "upt", "position_class").in_bulk(
        page.object_list
    )
    page.object_list = [found[pk] for pk in page.object_list if pk in found]
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "figures": cached("coverage", parts, lambda: coverage_figures(scope, as_of)),
        "page": page,
        "opd": opd,
        "query": params.urlencode(),
        "enrol_form": None,
    }
    if request.user.has_perms(ENROL_PERMS):
        context["enrol_form"] = EnrolForm(
            initial={"opd": opd, "per": chosen["as_of"]}, opds=Opd.objects.visible_to(request.user)
        )
        context["has_coming_events"] = coming_events().exists()
    return render(request, "talent/coverage.html", context)


@require_perms(*COVERAGE_PERMS)
def coverage_download(request):
    _, chosen = _filters(request)
    buffer = io.BytesIO()
    coverage_export(
        out=buffer, scope=scoped_opd_ids(request.user), as_of=chosen["as_of"], actor=request.user
    )
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    filename = f"cakupan-{chosen['as_of']:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.audited = True  # recorded above, with its scope and date
    return response


@require_POST
@require_perms(*ENROL_PERMS)
def coverage_enrol(request):
    """Step one shows how many would be registered; step two (confirm) registers them."""
    form = EnrolForm(request.POST, opds=Opd.objects.visible_to(request.user))
    back = reverse("talent:coverage")
    if not form.is_valid():
        messages.error(request, _("Pilih kegiatan yang akan datang untuk pendaftaran."))
        return redirect(back)
    event, opd = form.cleaned_data["event"], form.cleaned_data["opd"]
    as_of = form.cleaned_data["per"] or today()
    scope = scoped_opd_ids(request.user)
    if request.POST.get("confirm") != "1":
        plan = enrol_plan(event=event, scope=scope, opd=opd, as_of=as_of)
        return render(request, "talent/enrol_confirm.html", {"plan": plan, "form": form})
    try:
        added = enrol_unassessed(event=event, scope=scope, opd=opd, as_of=as_of, actor=request.user)
    except EnrolRefused as error:
        messages.error(request, error.message)
        return redirect(back)
    messages.success(
        request,
        _("%(count)d peserta belum dinilai didaftarkan pada %(event)s.")
        % {"count": added, "event": event.name},
    )
    return redirect("sessions_app:registrations", code=event.code)

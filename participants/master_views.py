"""Operator pages for master data: OPD, UPT and the required competency levels."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import require_perms
from audit.services import save_form_with_audit
from participants.competencies import COMPETENCIES, MAX_LEVEL, MIN_LEVEL
from participants.forms import OpdForm, UptForm
from participants.models import Opd, PositionClass, Upt
from participants.opd_forms import OpdMergeForm
from participants.opd_services import (
    OpdRefused,
    opd_delete_refusal,
    opd_merge_plan,
)
from participants.opd_services import opd_delete as opd_delete_service
from participants.opd_services import opd_merge as opd_merge_service
from participants.services import required_levels_update


@require_perms("participants.change_opd")
def opd_list(request):
    opds = Opd.objects.annotate(
        participant_count=Count("participants", distinct=True),
        upt_count=Count("upts", distinct=True),
    )
    return render(request, "participants/opd_list.html", {"opds": opds})


def _edit(request, form_class, instance, *, new_title: str, done: str, extra=None):
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = save_form_with_audit(form, actor=request.user)
        messages.success(request, _("%(name)s disimpan.") % {"name": saved})
        return redirect(done)
    title = str(instance) if instance else new_title
    context = {"form": form, "title": title, "cancel_url": reverse(done), **(extra or {})}
    return render(request, "participants/master_form.html", context)


@require_perms("participants.add_opd")
def opd_create(request):
    return _edit(request, OpdForm, None, new_title=_("Tambah OPD"), done="participants:opd_list")


@require_perms("participants.change_opd")
def opd_edit(request, pk: int):
    opd = get_object_or_404(Opd, pk=pk)
    # The page also offers the OPD's schedule letter in WhatsApp (messaging's template tag).
    extra = {"opd": opd}
    return _edit(request, OpdForm, opd, new_title="", done="participants:opd_list", extra=extra)


@require_perms("participants.delete_opd")
def opd_delete(request, pk: int):
    """Delete an OPD nothing points to; otherwise say what does and offer the merge."""
    opd = get_object_or_404(Opd, pk=pk)
    if request.method == "POST":
        try:
            opd_delete_service(opd=opd, actor=request.user)
        except OpdRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("OPD %(name)s dihapus.") % {"name": opd.name})
        return redirect("participants:opd_list")
    context = {"opd": opd, "refusal": opd_delete_refusal(opd)}
    return render(request, "participants/opd_delete.html", context)


@require_perms("participants.change_opd", "participants.delete_opd")
def opd_merge(request):
    """Pick the OPD to keep and those to fold into it, see what moves, then confirm."""
    form = OpdMergeForm(request.POST or None, initial={"keep": request.GET.get("pertahankan")})
    plan = None
    if request.method == "POST" and form.is_valid():
        keep, merged = form.cleaned_data["keep"], list(form.cleaned_data["merged"])
        try:
            if request.POST.get("confirm") == "1":
                done = opd_merge_service(
                    keep_id=keep.pk, merged_ids=[opd.pk for opd in merged], actor=request.user
                )
                names = ", ".join(opd.name for opd in done.merged)
                messages.success(
                    request,
                    _("%(names)s digabungkan ke %(keep)s.") % {"names": names, "keep": keep.name},
                )
                return redirect("participants:opd_list")
            plan = opd_merge_plan(keep=keep, merged=merged)
        except OpdRefused as refused:
            form.add_error(None, refused.message)
    status = 400 if request.method == "POST" and form.errors else 200
    return render(
        request, "participants/opd_merge.html", {"form": form, "plan": plan}, status=status
    )


@require_perms("participants.change_upt")
def upt_list(request):
    upts = Upt.objects.select_related("opd", "region").annotate(
        participant_count=Count("participants")
    )
    return render(request, "participants/upt_list.html", {"upts": upts})


@require_perms("participants.add_upt")
def upt_create(request):
    return _edit(request, UptForm, None, new_title=_("Tambah UPT"), done="participants:upt_list")


@require_perms("participants.change_upt")
def upt_edit(request, pk: int):
    upt = get_object_or_404(Upt, pk=pk)
    return _edit(request, UptForm, upt, new_title="", done="participants:upt_list")


@require_perms("participants.change_requiredlevel")
def required_levels(request):
    classes = list(PositionClass.objects.prefetch_related("required_levels"))
    errors = []
    if request.method == "POST":
        values, errors = _read_levels(request.POST, classes)
        if not errors:
            changed = required_levels_update(actor=request.user, levels=values)
            messages.success(request, _("%(count)d standar level diubah.") % {"count": changed})
            return redirect("participants:levels")
    table = [(pc, [(code, _level_of(pc, code)) for code, _name in COMPETENCIES]) for pc in classes]
    context = {"table": table, "competencies": COMPETENCIES, "errors": errors}
    return render(request, "participants/required_levels.html", context)


def _level_of(position_class: PositionClass, code: str) -> int | None:
    for level in position_class.required_levels.all():
        if level.competency == code:
            return level.level
    return None


def _read_levels(data, classes) -> tuple[dict, list[str]]:
    values, errors = {}, []
    for pc in classes:
        for code, name in COMPETENCIES:
            raw = data.get(f"level-{pc.pk}-{code}", "").strip()
            if not raw.isdigit() or not MIN_LEVEL <= int(raw) <= MAX_LEVEL:
                errors.append(
                    _("%(cls)s, %(name)s: level harus angka %(min)d–%(max)d, bukan '%(raw)s'.")
                    % {"cls": pc, "name": name, "min": MIN_LEVEL, "max": MAX_LEVEL, "raw": raw}
                )
                continue
            values[(pc.pk, code)] = int(raw)
    return values, errors

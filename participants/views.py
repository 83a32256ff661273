from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import require_perms
from audit.models import AuditEntry
from audit.services import save_form_with_audit
from core.private_search import nip_in_address, page_query, search_params, search_redirect
from participants.competencies import COMPETENCIES
from participants.forms import ParticipantFilterForm, ParticipantForm
from participants.models import Opd, Participant
from participants.nip import parse_nip
from participants.standards import standard_of

PAGE_SIZE = 50


def _get_participant_for_user(request, pk: int) -> Participant:
    """The participant if this user may see it; 404 otherwise, also for a manager's
    out-of-scope OPD, so an id reveals nothing."""
    queryset = Participant.objects.visible_to(request.user).select_related(
        "opd", "upt__region", "position_class"
    )
    return get_object_or_404(queryset, pk=pk)


@require_perms("participants.view_participant")
def participant_list(request):
    # The search form posts, so a NIP searched for stays out of every address.
    if request.method == "POST":
        return search_redirect(request, tuple(ParticipantFilterForm.base_fields))
    if hidden := nip_in_address(request):
        return hidden
    params, expired = search_params(request)
    if expired:
        messages.info(request, _("Pencarian NIP sebelumnya sudah kedaluwarsa; cari lagi."))
    visible = Participant.objects.visible_to(request.user)
    form = ParticipantFilterForm(params or None, opds=Opd.objects.visible_to(request.user))
    participants = form.apply(visible).select_related("opd", "upt", "position_class")
    page = Paginator(participants, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": page_query(request),
        "total": page.paginator.count,
    }
    response = render(request, "participants/participant_list.html", context)
    if request.headers.get("HX-Request") == "true":
        response["HX-Push-Url"] = request.get_full_path()  # the address without the NIP
    return response


@require_perms("participants.view_participant")
def participant_detail(request, pk: int):
    participant = _get_participant_for_user(request, pk)
    nip = parse_nip(participant.nip)
    standard = standard_of(participant)
    history = []
    if request.user.has_perm("audit.view_auditentry"):
        history = AuditEntry.objects.filter(
            target_type="participants.participant", target_id=str(participant.pk)
        )[:50]
    context = {
        "participant": participant,
        "nip": nip,
        "age": nip.age_on(timezone.localdate()),
        "standard": standard,
        "levels": [
            (code, name, level or None)
            for (code, name), level in zip(COMPETENCIES, standard.levels, strict=True)
        ],
        "history": history,
    }
    return render(request, "participants/participant_detail.html", context)


@require_perms("participants.add_participant")
def participant_create(request):
    form = ParticipantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        participant = save_form_with_audit(form, actor=request.user)
        messages.success(request, _("Peserta %(name)s ditambahkan.") % {"name": participant.name})
        return redirect("participants:detail", pk=participant.pk)
    return render(request, "participants/participant_form.html", {"form": form})


@require_perms("participants.change_participant")
def participant_edit(request, pk: int):
    participant = _get_participant_for_user(request, pk)
    form = ParticipantForm(request.POST or None, instance=participant)
    if request.method == "POST" and form.is_valid():
        save_form_with_audit(form, actor=request.user)
        messages.success(request, _("Data peserta disimpan."))
        return redirect("participants:detail", pk=participant.pk)
    context = {"form": form, "participant": participant}
    return render(request, "participants/participant_form.html", context)

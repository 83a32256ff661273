"""The outbox page, an event's notice settings and previews, and the WhatsApp hand-off.

Views only queue: sending is the worker's (messaging.services)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import require_perms
from core.params import choice_param, int_param
from messaging.batches import batch_of
from messaging.models import FIELD_OF_KIND, EventMessaging, Message
from messaging.services import message_resend
from messaging.whatsapp import opd_whatsapp_open, whatsapp_open
from participants.models import Opd
from sessions_app.access import get_event
from sessions_app.models import Event, Registration

VIEW, CHANGE, ADD = "messaging.view_message", "messaging.change_message", "messaging.add_message"


@require_perms(VIEW)
def outbox(request):
    rows = Message.objects.select_related("event", "caused_by")
    state = choice_param(request, "status", Message.State.values)
    channel = choice_param(request, "saluran", Message.Channel.values)
    kind = choice_param(request, "jenis", Message.Kind.values)
    event_id = int_param(request, "kegiatan")
    filters = {"state": state, "channel": channel, "kind": kind, "event_id": event_id}
    rows = rows.filter(**{field: value for field, value in filters.items() if value})
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "query": query.urlencode(),
        "states": Message.State.choices,
        "channels": Message.Channel.choices,
        "kinds": Message.Kind.choices,
        "events": Event.objects.only("code", "name"),
        "chosen": {**filters, "event_id": str(event_id or "")},
    }
    return render(request, "messaging/outbox.html", context)


@require_POST
@require_perms(CHANGE)
def resend(request, pk: int):
    message = get_object_or_404(Message, pk=pk)
    if message_resend(message=message, actor=request.user):
        messages.success(request, _("Pesan masuk antrean untuk dikirim ulang."))
    else:
        messages.error(request, _("Hanya e-mail yang gagal yang dapat dikirim ulang."))
    return redirect("messaging:outbox")


def _kind(kind: str) -> Message.Kind:
    if kind not in Message.Kind.values:
        raise Http404
    return Message.Kind(kind)


@require_perms(ADD)
def event_messaging(request, code: str):
    """Which notices the event sends, with a link to each kind's preview."""
    event = get_event(code)
    settings_row, _created = EventMessaging.objects.get_or_create(event=event)
    if request.method == "POST":
        if not request.user.has_perm("messaging.change_eventmessaging"):
            raise PermissionDenied
        for field in FIELD_OF_KIND.values():
            setattr(settings_row, field, request.POST.get(field) == "on")
        settings_row.save()
        messages.success(request, _("Pengaturan pesan disimpan."))
        return redirect("messaging:event", code=event.code)
    kinds = [
        (kind, field, getattr(settings_row, field), batch_of(event, kind))
        for kind, field in FIELD_OF_KIND.items()
    ]
    return render(request, "messaging/event.html", {"event": event, "kinds": kinds})


@require_perms(ADD)
def preview(request, code: str, kind: str):
    """One recipient's message of this kind, and the button that queues the whole batch."""
    event, kind = get_event(code), _kind(kind)
    batch = batch_of(event, kind)
    enabled = getattr(EventMessaging.objects.filter(event=event).first(), FIELD_OF_KIND[kind], True)
    if request.method == "POST":
        if not enabled:
            messages.error(request, _("Pesan jenis ini dimatikan untuk kegiatan ini."))
        else:
            queued, before = batch.queue(actor=request.user)
            messages.success(
                request,
                _("%(queued)d pesan masuk antrean; %(before)d sudah pernah diantrekan.")
                % {"queued": queued, "before": before},
            )
        return redirect("messaging:preview", code=event.code, kind=kind.value)
    context = {"event": event, "kind": kind, "enabled": enabled, "batch": batch}
    return render(request, "messaging/preview.html", {**context, "sample": batch.sample()})


@require_perms(ADD)
def whatsapp(request, pk: int):
    """Record that the user opened a participant's notice in WhatsApp, then hand over."""
    registration = get_object_or_404(Registration.objects.visible_to(request.user), pk=pk)
    link = whatsapp_open(registration=registration, actor=request.user)
    if not link:
        raise Http404
    return HttpResponseRedirect(link)


@require_perms(ADD, "participants.change_opd")
def opd_whatsapp(request, pk: int, code: str):
    """Record that the user opened an OPD's schedule letter in WhatsApp, then hand over."""
    opd = get_object_or_404(Opd.objects.visible_to(request.user), pk=pk)
    link = opd_whatsapp_open(opd=opd, event=get_event(code), actor=request.user)
    if not link:
        messages.error(request, _("OPD ini belum punya no HP kontak atau peserta terjadwal."))
        return redirect("participants:opd_edit", pk=opd.pk)
    return HttpResponseRedirect(link)

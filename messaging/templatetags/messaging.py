"""{% whatsapp_links participant %} and {% opd_whatsapp_links opd %}: the participant and
OPD pages' wa.me buttons, one per event they are placed in, shown to users who may send
messages."""

from django import template

from participants.phone import wa_number
from sessions_app.models import Event

register = template.Library()


@register.inclusion_tag("messaging/_whatsapp_links.html", takes_context=True)
def whatsapp_links(context, participant) -> dict:
    user = context["request"].user
    registrations = []
    if wa_number(participant.phone) and user.has_perm("messaging.add_message"):
        registrations = list(
            participant.registrations.filter(placement__isnull=False).select_related(
                "event", "placement__session"
            )
        )
    return {"registrations": registrations}


@register.inclusion_tag("messaging/_opd_whatsapp_links.html", takes_context=True)
def opd_whatsapp_links(context, opd) -> dict:
    """The OPD page's wa.me buttons, one per event with someone of the OPD placed."""
    user = context["request"].user
    events = []
    if opd.pk and wa_number(opd.contact_phone) and user.has_perm("messaging.add_message"):
        events = list(
            Event.objects.filter(
                registrations__participant__opd=opd, registrations__placement__isnull=False
            )
            .distinct()
            .order_by("-pk")
        )
    return {"opd": opd, "events": events}

"""{% whatsapp_links participant %}: the participant page's wa.me buttons, one per event
they are placed in, shown to users who may send messages."""

from django import template

from participants.phone import wa_number

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

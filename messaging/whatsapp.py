"""WhatsApp without an API: a wa.me link with the notice's text prefilled, which the user
sends from their own WhatsApp; the outbox records each one opened."""

from urllib.parse import quote

from messaging.models import Message
from messaging.notices import compose
from messaging.services import Draft, whatsapp_record
from participants.phone import wa_number
from sessions_app.models import Registration


def _placement(registration: Registration):
    return getattr(registration, "placement", None)


def wa_link(registration: Registration) -> str:
    """https://wa.me/62...?text=..., or "" without a placement or a usable mobile number."""
    placement, number = _placement(registration), wa_number(registration.participant.phone)
    if placement is None or not number:
        return ""
    notice = compose(placement, Message.Kind.SCHEDULE, channel=Message.Channel.WHATSAPP)
    return f"https://wa.me/{number}?text={quote(notice.body)}"


def whatsapp_open(*, registration: Registration, actor) -> str:
    """The wa.me link of the registration's schedule notice, recorded as opened; "" when
    there is nothing to send."""
    link = wa_link(registration)
    if link:
        placement = _placement(registration)
        notice = compose(placement, Message.Kind.SCHEDULE, channel=Message.Channel.WHATSAPP)
        draft = Draft(
            **notice.draft_base,
            recipient_address=registration.participant.phone,
            subject=notice.subject,
            body=notice.body,
            dedupe_key="",
        )
        whatsapp_record(draft=draft, phone=registration.participant.phone, actor=actor)
    return link

"""WhatsApp without an API: a wa.me link with the notice's text prefilled, which the user
sends from their own WhatsApp; the outbox records each one opened."""

from urllib.parse import quote

from messaging import letters
from messaging.models import Message
from messaging.notices import compose
from messaging.services import Draft, whatsapp_record
from participants.models import Opd
from participants.phone import wa_number
from sessions_app.models import Event, Registration


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


def opd_wa_link(opd: Opd, event: Event) -> str:
    """The wa.me link of the OPD's schedule letter for the event, or "" without a usable
    contact number or anyone of the OPD placed."""
    number = wa_number(opd.contact_phone)
    if not number or not letters.opds_placed(event, {opd.pk}).exists():
        return ""
    notice = letters.compose(letters.listing_of(event, opd), channel=Message.Channel.WHATSAPP)
    return f"https://wa.me/{number}?text={quote(notice.body)}"


def opd_whatsapp_open(*, opd: Opd, event: Event, actor) -> str:
    """The OPD's wa.me link, recorded as opened; "" when there is nothing to send."""
    link = opd_wa_link(opd, event)
    if link:
        notice = letters.compose(letters.listing_of(event, opd), channel=Message.Channel.WHATSAPP)
        draft = Draft(
            **notice.draft_base,
            recipient_address=opd.contact_phone,
            subject=notice.subject,
            body=notice.body,
            dedupe_key="",
        )
        whatsapp_record(draft=draft, phone=opd.contact_phone, actor=actor)
    return link

"""A no-show moved to a later day is told their new session, with the new card."""

import pytest
from django.urls import reverse

from messaging.models import Message
from sessions_app.cards import card_code
from sessions_app.models import Placement, Session
from sessions_app.services.attendance import session_close
from sessions_app.services.reschedule import reschedule_apply, reschedule_propose
from tests.messaging.conftest import addressed
from tests.sessions_app.qr_decode import decode_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_shows(today_event, charlie, registered):
    """Today's first session closed with nobody marked; tomorrow emptied to make room."""
    addressed(registered)
    first = Session.objects.filter(event=today_event).order_by("date", "start_time").first()
    session_close(session=first, actor=charlie)
    Placement.objects.filter(session__date__gt=first.date).delete()
    return [p.registration for p in Placement.objects.filter(session=first)], first


def test_a_rescheduled_no_show_gets_the_new_session_and_card(
    smtp, bob, today_event, no_shows, django_capture_on_commit_callbacks
):
    registrations, missed = no_shows
    ids = [r.pk for r in registrations]
    proposal = reschedule_propose(event=today_event, registration_ids=ids)
    with django_capture_on_commit_callbacks(execute=True):
        reschedule_apply(
            event=today_event, registration_ids=ids, fingerprint=proposal.fingerprint, actor=bob
        )
    moved = {move.registration.pk: move for move in proposal.moves}
    assert moved and len(smtp.received) == len(moved)
    assert set(Message.objects.values_list("kind", flat=True)) == {"reschedule"}
    mail = smtp.received[0]
    assert mail["Subject"].startswith("Jadwal ulang CACT Uji Tahap: ")
    body = mail.get_body(("plain",)).get_content()
    message = Message.objects.get(recipient_address=mail["To"].addresses[0].addr_spec)
    move = next(
        m for m in moved.values() if m.registration.participant_id == message.participant_id
    )
    assert f"tidak mengikuti {missed.name}" in body
    assert f"Kursi        : {move.seat.label}" in body
    [card] = list(mail.iter_attachments())
    assert decode_pdf(card.get_content()) == [[card_code(move.registration.pk)]]


def test_the_reschedule_preview_lists_only_the_moved_no_shows(as_user, bob, today_event, no_shows):
    registrations, _missed = no_shows
    ids = [r.pk for r in registrations]
    proposal = reschedule_propose(event=today_event, registration_ids=ids)
    reschedule_apply(
        event=today_event, registration_ids=ids, fingerprint=proposal.fingerprint, actor=bob
    )
    page = as_user(bob).get(reverse("messaging:preview", args=[today_event.code, "reschedule"]))
    assert page.context["batch"].total == len(proposal.moves)
    assert "Anda tercatat tidak mengikuti" in page.content.decode()

"""Saving a schedule mails each placed participant their card and where and when to come,
through a real SMTP server; sending is once, retried with back-off, failed with a reason."""

import pytest

from messaging import notices, services
from messaging.models import EventMessaging, Message
from messaging.notices import draft_of
from messaging.tasks import queue_notices, send_message
from sessions_app.cards import card_code
from sessions_app.documents import indonesian_date
from sessions_app.models import Placement, Registration
from sessions_app.services.placement import placement_move
from sessions_app.services.schedule import schedule_apply
from tests.messaging.conftest import addressed
from tests.reports.test_queue_unreachable import queue_down  # noqa: F401
from tests.sessions_app.qr_decode import decode_pdf

pytestmark = pytest.mark.django_db


def save_schedule(event, actor, capture):
    with capture(execute=True):
        schedule_apply(event=event, replan=False, fingerprint="", actor=actor)


def test_each_placed_participant_with_an_address_gets_their_card_and_their_session(
    smtp, event, registered, bob, django_capture_on_commit_callbacks
):
    addressed(registered[:10])  # the last two have no e-mail address
    save_schedule(event, bob, django_capture_on_commit_callbacks)

    assert len(smtp.received) == 10
    person = registered[0]
    placement = Placement.objects.select_related("session", "workstation").get(
        registration__participant=person
    )
    mail = next(m for m in smtp.received if person.email in m["To"])
    assert mail["From"] == "CACT BKD Kaltara <cact@bkd.example>"
    assert mail["To"].addresses[0].display_name == person.name
    assert mail["Subject"] == f"Jadwal CACT Uji Tahap: {indonesian_date(placement.session.date)}"
    body = mail.get_body(("plain",)).get_content()
    assert f"Yth. {person.name}," in body
    assert f"Kursi        : {placement.workstation.label}" in body
    assert "07.30–12.00 WITA" in body or "13.00–17.30 WITA" in body
    assert "SMK Negeri 1 Tanjung Selor" in body and "Kartu peserta terlampir" in body
    [card] = list(mail.iter_attachments())
    assert (card.get_filename(), card.get_content_type()) == (
        "kartu-peserta.pdf",
        "application/pdf",
    )
    pdf = card.get_content()
    assert pdf.startswith(b"%PDF")
    assert decode_pdf(pdf) == [[card_code(placement.registration_id)]]

    message = Message.objects.get(participant=person)
    assert (message.state, message.attempts, message.caused_by) == ("sent", 1, bob)
    assert message.sent_at is not None and message.kind == Message.Kind.SCHEDULE
    assert Message.objects.filter(participant__in=registered[10:]).count() == 0


def test_a_message_is_sent_once_however_often_the_task_runs(
    smtp, event, registered, bob, django_capture_on_commit_callbacks
):
    addressed(registered[:1])
    save_schedule(event, bob, django_capture_on_commit_callbacks)
    message = Message.objects.get()
    for _ in range(3):
        send_message.apply(args=(message.pk,))
    assert len(smtp.received) == 1
    message.refresh_from_db()
    assert (message.state, message.attempts) == ("sent", 1)


def test_the_same_change_is_queued_once_and_a_move_is_a_new_notice(
    smtp, event, registered, bob, django_capture_on_commit_callbacks
):
    addressed(registered[:2])
    save_schedule(event, bob, django_capture_on_commit_callbacks)
    save_schedule(event, bob, django_capture_on_commit_callbacks)  # nothing new to place
    assert Message.objects.count() == 2

    registration = registered[0].registrations.get()
    placement = registration.placement
    other = event.sessions.exclude(pk=placement.session_id).first()
    with django_capture_on_commit_callbacks(execute=True):
        placement_move(registration=registration, session=other, reason="Rapat", actor=bob)
    moved = Message.objects.filter(participant=registered[0]).order_by("pk")
    assert moved.count() == 2 and moved.last().state == "sent"
    assert len(smtp.received) == 3
    assert other.name in smtp.received[-1].get_body(("plain",)).get_content()


def test_a_temporary_refusal_is_retried_and_then_sent(
    smtp, event, registered, bob, django_capture_on_commit_callbacks
):
    addressed(registered[:1])
    smtp.refuse = 2
    save_schedule(event, bob, django_capture_on_commit_callbacks)
    message = Message.objects.get()
    assert (message.state, message.attempts) == ("sent", 3)
    assert len(smtp.received) == 1


def test_the_back_off_doubles_after_each_failure(event, registered, bob, no_smtp):
    addressed(registered[:1])
    message = queue_one(event, registered[0], bob)
    waits = [services.message_send(message.pk).retry_in for _ in range(services.MAX_ATTEMPTS)]
    assert waits == [30, 60, 120, 240, None]


def queue_one(event, person, actor):
    placement = Placement.objects.create(
        registration=person.registrations.get(),
        session=event.sessions.first(),
        workstation=event.labs.first().workstations.first(),
    )
    [message] = services.message_queue(drafts=[draft_of(placement, "schedule")], actor=actor)
    return message


def test_a_server_that_never_answers_fails_the_message_with_the_reason(
    no_smtp, event, registered, bob, django_capture_on_commit_callbacks
):
    addressed(registered[:1])
    save_schedule(event, bob, django_capture_on_commit_callbacks)
    message = Message.objects.get()
    assert (message.state, message.attempts) == ("failed", services.MAX_ATTEMPTS)
    assert message.failure.startswith(f"Gagal {services.MAX_ATTEMPTS} kali: ConnectionRefused")


def test_a_kind_switched_off_for_the_event_queues_nothing(
    smtp, event, registered, bob, django_capture_on_commit_callbacks
):
    addressed(registered)
    EventMessaging.objects.create(event=event, schedule_email=False)
    save_schedule(event, bob, django_capture_on_commit_callbacks)
    assert Message.objects.count() == 0 and smtp.received == []


def test_the_notices_are_composed_by_tasks_of_a_batch_each_and_twice_is_once(
    smtp, event, registered, bob, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(notices, "COMPOSE_BATCH", 4)
    addressed(registered[:10])
    sent = []
    real = notices.signature

    def recording(name, args):
        sent.append((name, args[0]))
        return real(name, args)

    monkeypatch.setattr(notices, "signature", recording)
    save_schedule(event, bob, django_capture_on_commit_callbacks)

    composing = [ids for name, ids in sent if name == notices.QUEUE_NOTICES]
    # Twelve registered, ten with an address: only they go to the tasks, four a task.
    assert [len(ids) for ids in composing] == [4, 4, 2]
    with_address = Registration.objects.filter(participant__in=registered[:10])
    assert sorted(sum(composing, [])) == sorted(with_address.values_list("pk", flat=True))
    assert len(smtp.received) == 10
    for ids in composing:  # a task delivered again queues nothing new
        assert queue_notices.apply(args=(ids, "schedule", bob.pk)).get() == 0
    assert len(smtp.received) == Message.objects.count() == 10


@pytest.mark.usefixtures("queue_down")
def test_with_the_task_queue_down_the_notices_are_composed_in_the_saving_process(
    event, registered, bob, django_capture_on_commit_callbacks
):
    addressed(registered[:3])
    save_schedule(event, bob, django_capture_on_commit_callbacks)
    queued = Message.objects.filter(state=Message.State.QUEUED)
    assert queued.count() == 3  # composed, waiting for a worker to send them
    assert {m.attachments.get().name for m in queued} == {"kartu-peserta.pdf"}

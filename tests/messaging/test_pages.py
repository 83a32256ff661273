"""The outbox page, the resend button, an event's notice settings and preview, and the
WhatsApp hand-off from the participant page."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from audit.models import AuditEntry
from messaging.models import EventMessaging, Message
from participants.models import Participant
from sessions_app.models import Placement
from tests.messaging.conftest import addressed

pytestmark = pytest.mark.django_db


def make_message(**fields) -> Message:
    values = {
        "channel": Message.Channel.EMAIL,
        "kind": Message.Kind.SCHEDULE,
        "recipient_name": "Nur Aini",
        "recipient_address": "nur@kaltara.example",
        "subject": "Jadwal CACT",
        "body": "Yth. Nur Aini",
    }
    return Message.objects.create(**{**values, **fields})


def notes(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_outbox_filters_by_state_channel_kind_and_event(as_user, bob, event):
    make_message(state=Message.State.SENT, event=event, subject="Terkirim satu")
    make_message(state=Message.State.FAILED, failure="Gagal 5 kali: SMTPDataError", subject="Gagal")
    make_message(channel=Message.Channel.WHATSAPP, state=Message.State.OPENED, subject="Lewat WA")
    client = as_user(bob)
    url = reverse("messaging:outbox")
    assert client.get(url).context["page"].paginator.count == 3
    failed = client.get(url, {"status": "failed"})
    assert [m.subject for m in failed.context["page"]] == ["Gagal"]
    assert "Gagal 5 kali: SMTPDataError" in failed.content.decode()
    assert [m.subject for m in client.get(url, {"saluran": "whatsapp"}).context["page"]] == [
        "Lewat WA"
    ]
    by_event = client.get(url, {"kegiatan": event.pk, "jenis": "schedule"})
    assert [m.subject for m in by_event.context["page"]] == ["Terkirim satu"]
    assert (
        client.get(url, {"status": "rusak", "kegiatan": "x"}).context["page"].paginator.count == 3
    )


def test_the_outbox_pages_by_fifty_with_the_filters_kept(
    as_user, bob, django_assert_max_num_queries
):
    Message.objects.bulk_create(
        Message(
            channel="email",
            kind="schedule",
            state="sent",
            recipient_name=f"P{n}",
            recipient_address=f"p{n}@x.example",
            body="b",
        )  # fmt: skip
        for n in range(120)
    )
    client = as_user(bob)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("messaging:outbox"), {"status": "sent", "page": 3})
    assert len(page.context["page"]) == 20
    assert "?status=sent&amp;page=2" in page.content.decode()


def test_a_failed_message_is_queued_again_sent_and_audited(
    as_user, bob, smtp, django_capture_on_commit_callbacks
):
    message = make_message(state=Message.State.FAILED, attempts=5, failure="Gagal 5 kali")
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(bob).post(reverse("messaging:resend", args=[message.pk]))
    assert response.url == reverse("messaging:outbox")
    message.refresh_from_db()
    assert (message.state, message.attempts, message.failure) == ("sent", 1, "")
    assert [m["To"].addresses[0].username for m in smtp.received] == ["nur"]
    entry = AuditEntry.objects.get(target_type="messaging.message")
    assert (entry.actor, entry.changes["alasan gagal"]) == (bob, "Gagal 5 kali")


def test_only_a_failed_email_can_be_resent_and_only_by_post(as_user, bob, dave):
    sent = make_message(state=Message.State.SENT)
    client = as_user(bob)
    url = reverse("messaging:resend", args=[sent.pk])
    assert client.get(url).status_code == 405
    refused = client.post(url)
    assert notes(refused) == ["Hanya e-mail yang gagal yang dapat dikirim ulang."]
    assert Message.objects.get().state == "sent" and not AuditEntry.objects.exists()
    assert as_user(dave).post(url).status_code == 403


def test_the_operator_previews_one_message_then_queues_the_batch_once(
    as_user, bob, upcoming_event, registered, smtp, django_capture_on_commit_callbacks
):
    addressed(registered[:5])
    client = as_user(bob)
    url = reverse("messaging:preview", args=[upcoming_event.code, "schedule"])
    page = client.get(url)
    batch = page.context["batch"]
    assert (batch.total, batch.reachable) == (12, 5)
    text = page.content.decode()
    sample = Participant.objects.get(pk=page.context["sample"].participant_id)
    assert f"Contoh untuk {sample.name}" in text and f"Yth. {sample.name}," in text
    assert "kartu-peserta.pdf" in text
    assert "Kirim ke 5 peserta" in text
    assert Message.objects.count() == 0  # a preview sends nothing

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url)
    assert notes(sent) == ["5 pesan masuk antrean; 0 sudah pernah diantrekan."]
    assert len(smtp.received) == 5
    again = client.post(url)
    assert notes(again)[-1] == "0 pesan masuk antrean; 5 sudah pernah diantrekan."
    assert Message.objects.count() == 5


def test_a_kind_is_switched_off_on_the_event_page_and_its_preview_will_not_send(
    as_user, bob, upcoming_event, registered
):
    addressed(registered)
    client = as_user(bob)
    page = reverse("messaging:event", args=[upcoming_event.code])
    assert "12 peserta, 12 punya e-mail" in client.get(page).content.decode()
    client.post(page, {"reschedule_email": "on"})  # schedule_email left unticked
    settings_row = EventMessaging.objects.get(event=upcoming_event)
    assert (settings_row.schedule_email, settings_row.reschedule_email) == (False, True)
    url = reverse("messaging:preview", args=[upcoming_event.code, "schedule"])
    assert "dimatikan" in client.get(url).content.decode()
    assert notes(client.post(url)) == ["Pesan jenis ini dimatikan untuk kegiatan ini."]
    assert Message.objects.count() == 0
    assert (
        client.get(reverse("messaging:preview", args=[upcoming_event.code, "x"])).status_code == 404
    )


def test_the_participant_page_hands_the_notice_to_whatsapp_and_records_it(
    as_user, bob, upcoming_event, registered
):
    person = addressed(registered[:1])[0]
    registration = person.registrations.get()
    placement = Placement.objects.select_related("workstation").get(registration=registration)
    client = as_user(bob)
    page = client.get(reverse("participants:detail", args=[person.pk])).content.decode()
    link = reverse("messaging:whatsapp", args=[registration.pk])
    assert f'href="{link}"' in page and "wa.me" not in page

    response = client.get(link)
    target = urlsplit(response.url)
    assert (target.scheme, target.netloc, target.path) == ("https", "wa.me", "/6281255500000")
    text = parse_qs(target.query)["text"][0]
    assert (
        text.startswith(f"Yth. {person.name},")
        and f"Kursi        : {placement.workstation.label}" in text
    )
    assert "terlampir" not in text and person.nip not in text
    message = Message.objects.get()
    assert (message.channel, message.state, message.caused_by) == ("whatsapp", "opened", bob)
    assert (message.recipient_address, message.body) == ("+6281255500000", text)


def test_no_whatsapp_without_a_mobile_number_or_the_right_to_send(
    as_user, bob, dave, upcoming_event, registered
):
    person = registered[0]
    link = reverse("messaging:whatsapp", args=[person.registrations.get().pk])
    detail = reverse("participants:detail", args=[person.pk])
    assert link not in as_user(bob).get(detail).content.decode()
    assert as_user(bob).get(link).status_code == 404
    addressed([person])
    assert link not in as_user(dave).get(detail).content.decode()
    assert as_user(dave).get(link).status_code == 403
    assert Message.objects.count() == 0


def test_an_event_without_a_schedule_has_nothing_to_preview(as_user, bob, event, registered):
    page = as_user(bob).get(reverse("messaging:preview", args=[event.code, "reschedule"]))
    assert "Belum ada peserta untuk pesan jenis ini." in page.content.decode()

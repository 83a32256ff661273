"""A proctor with an e-mail address gets the list of their sessions when assigned on the
session page and again when their sessions change; a save that changes nothing sends
nothing; no address or switched off, nothing is queued."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from messaging.models import EventMessaging, Message
from sessions_app.documents import indonesian_date
from sessions_app.models import Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def proctor(charlie):
    charlie.first_name, charlie.email = "Charlie Pengawas", "charlie@bkd.example"
    charlie.save()
    return charlie


def save_session(client, session: Session, proctors, capture, **changes):
    data = {
        "name": session.name,
        "date": session.date.isoformat(),
        "start_time": session.start_time.strftime("%H:%M"),
        "end_time": session.end_time.strftime("%H:%M"),
        "proctors": [user.pk for user in proctors],
        **changes,
    }
    url = reverse("sessions_app:session_edit", args=[session.event.code, session.pk])
    with capture(execute=True):
        assert client.post(url, data).status_code == 302


def body(mail) -> str:
    return mail.get_body(("plain",)).get_content().replace("\r\n", "\n")


def test_a_proctor_is_told_their_sessions_when_assigned_and_when_they_change(
    smtp, as_user, bob, event, proctor, django_capture_on_commit_callbacks
):
    client = as_user(bob)
    first, second = event.sessions.order_by("date", "start_time")[:2]
    save_session(client, first, [proctor], django_capture_on_commit_callbacks)

    [mail] = smtp.received
    assert mail["To"].addresses[0].addr_spec == "charlie@bkd.example"
    assert mail["To"].addresses[0].display_name == "Charlie Pengawas"
    assert mail["Subject"] == "Tugas pengawas Uji Tahap"
    text = body(mail)
    assert "Anda ditugaskan sebagai pengawas Uji Tahap di SMK Negeri 1 Tanjung Selor" in text
    assert f"- {indonesian_date(first.date)}, Sesi 1 07.30–12.00 WITA" in text
    assert "Sesi 2" not in text
    # The session page's audit entry names the proctors (a many-to-many field) before and after.
    entry = AuditEntry.objects.get(target_type="sessions_app.session", target_id=str(first.pk))
    assert entry.changes["proctors"] == [[], ["charlie"]]

    save_session(client, first, [proctor], django_capture_on_commit_callbacks)  # no change
    assert len(smtp.received) == 1

    save_session(client, second, [proctor], django_capture_on_commit_callbacks)
    assert len(smtp.received) == 2
    assert "Sesi 1 07.30" in body(smtp.received[1]) and "Sesi 2 13.00" in body(smtp.received[1])

    save_session(client, second, [proctor], django_capture_on_commit_callbacks, end_time="17:00")
    assert "Sesi 2 13.00–17.00 WITA" in body(smtp.received[2])

    save_session(client, first, [], django_capture_on_commit_callbacks)
    save_session(client, second, [], django_capture_on_commit_callbacks)
    assert "tidak lagi ditugaskan" in body(smtp.received[-1])
    assert Message.objects.filter(kind=Message.Kind.PROCTOR).count() == len(smtp.received) == 5


def test_a_proctor_without_an_address_or_a_switch_off_queues_nothing(
    smtp, as_user, bob, event, charlie, proctor, django_capture_on_commit_callbacks
):
    client = as_user(bob)
    first = event.sessions.order_by("date", "start_time").first()
    EventMessaging.objects.create(event=event, proctor_email=False)
    save_session(client, first, [proctor], django_capture_on_commit_callbacks)
    assert not Message.objects.exists()

    EventMessaging.objects.filter(event=event).update(proctor_email=True)
    proctor.email = ""
    proctor.save()
    second = event.sessions.order_by("date", "start_time")[1]
    save_session(client, second, [proctor], django_capture_on_commit_callbacks)
    assert not Message.objects.exists() and smtp.received == []


def test_the_preview_shows_a_proctors_list_before_the_batch_goes(
    smtp, as_user, bob, event, proctor, django_capture_on_commit_callbacks
):
    event.sessions.first().proctors.add(proctor)  # assigned outside a request: not announced
    client = as_user(bob)
    url = reverse("messaging:preview", args=[event.code, "proctor"])
    page = client.get(url)
    assert "Contoh untuk Charlie Pengawas" in page.content.decode()
    assert "Kirim ke 1 pengawas" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
        client.post(url)
    assert len(smtp.received) == 1

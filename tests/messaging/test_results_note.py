"""Publishing a score run mails each OPD contact that its people's results are available,
with a link to the results page and never a result; once per run; nothing when switched off."""

import pytest
from django.urls import reverse

from messaging.models import EventMessaging, Message
from scoring.models import ParticipantResult, ScoreRun
from scoring.runs import lifecycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def done_run(tested_event, opds):
    bkd, dinkes, _dinsos = opds
    bkd.contact_name, bkd.contact_email = "Rina Kepegawaian", "kepegawaian@bkd.example"
    bkd.save()
    dinkes.contact_email = "umum@dinkes.example"
    dinkes.save()
    return lifecycle.start_run(event=tested_event, actor=None)


def publish(client, run: ScoreRun, capture):
    url = reverse("scoring:run_publish", args=[run.event.code, run.number])
    with capture(execute=True):
        client.post(url)
    run.refresh_from_db()
    assert run.published_at is not None


def test_publishing_tells_each_opd_contact_where_the_results_are(
    smtp, as_user, alice, done_run, django_capture_on_commit_callbacks
):
    publish(as_user(alice), done_run, django_capture_on_commit_callbacks)

    mails = {m["To"].addresses[0].addr_spec: m for m in smtp.received}
    assert set(mails) == {"kepegawaian@bkd.example", "umum@dinkes.example"}
    mail = mails["kepegawaian@bkd.example"]
    assert mail["Subject"] == "Hasil Uji Tahap sudah terbit"
    assert mail["To"].addresses[0].display_name == "Rina Kepegawaian"
    body = mail.get_body(("plain",)).get_content()
    people = ParticipantResult.objects.filter(
        run=done_run, registration__participant__opd__code="BKD"
    ).count()
    assert f"Hasil Uji Tahap untuk {people} pegawai Kantor BKD sudah terbit" in body
    assert "http://127.0.0.1:8000" + reverse("reports:results", args=["UJI-2024"]) in body
    assert "hasil tidak dikirim lewat e-mail" in body
    for secret in ("JPM", "Kotak", "Potensi", "Optimal", "Literasi"):
        assert secret not in body  # a link, never results
    assert list(mail.iter_attachments()) == []
    message = Message.objects.get(opd__code="BKD")
    assert (message.kind, message.state, message.caused_by) == ("results", "sent", alice)


def test_the_note_goes_once_and_the_preview_sends_no_second(
    smtp, as_user, alice, bob, done_run, django_capture_on_commit_callbacks
):
    publish(as_user(alice), done_run, django_capture_on_commit_callbacks)
    preview = reverse("messaging:preview", args=["UJI-2024", "results"])
    client = as_user(bob)
    page = client.get(preview)
    assert (page.context["batch"].total, page.context["batch"].reachable) == (3, 2)
    assert "Contoh untuk Rina Kepegawaian" in page.content.decode()
    client.post(preview)
    assert Message.objects.filter(kind="results").count() == 2 and len(smtp.received) == 2


def test_switched_off_publishing_queues_nothing(
    smtp, as_user, alice, done_run, django_capture_on_commit_callbacks
):
    EventMessaging.objects.create(event=done_run.event, results_email=False)
    publish(as_user(alice), done_run, django_capture_on_commit_callbacks)
    assert not Message.objects.exists() and smtp.received == []


def test_before_publication_the_preview_says_there_is_nothing_yet(as_user, bob, done_run):
    page = as_user(bob).get(reverse("messaging:preview", args=["UJI-2024", "results"]))
    assert "Belum ada hasil yang diterbitkan untuk kegiatan ini." in page.content.decode()

"""Every role lands where its work is: the proctor in today's session, the manager next to
the dashboards of published events, an unpublished event's dashboard saying so."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from scoring.runs import lifecycle
from sessions_app.models import Event, Session

pytestmark = pytest.mark.django_db


def shift_sessions(event: Event, *days: int) -> list[Session]:
    """Move the event's sessions, in order, to today + each offset."""
    sessions = list(event.sessions.order_by("date", "start_time"))
    today = timezone.localdate()
    for session, offset in zip(sessions, days, strict=False):
        session.date = today + dt.timedelta(days=offset)
        session.save()
    return sessions


def test_a_proctor_with_one_session_today_lands_in_it(client, charlie, event):
    first, *rest = shift_sessions(event, 0, 1, 2, 3)
    for session in (first, *rest):
        session.proctors.add(charlie)
    client.force_login(charlie)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse("sessions_app:proctor_session", args=[first.pk])
    assert client.get(response.url).status_code == 200


def test_a_proctor_with_several_sessions_today_gets_the_list(client, charlie, today_event):
    client.force_login(charlie)
    page = client.get(reverse("home"))
    assert page.status_code == 200
    today = list(today_event.sessions.filter(date=timezone.localdate()))
    assert len(today) == 2 and page.context["agenda"].today == today
    text = page.content.decode()
    for session in today:
        assert reverse("sessions_app:proctor_session", args=[session.pk]) in text


def test_a_proctor_with_nothing_today_sees_the_next_sessions(client, charlie, event):
    sessions = shift_sessions(event, -1, 2, 1, 5)
    for session in sessions:
        session.proctors.add(charlie)
    client.force_login(charlie)
    page = client.get(reverse("home"))
    assert page.status_code == 200
    agenda = page.context["agenda"]
    assert agenda.today == [] and agenda.upcoming == [sessions[2], sessions[1], sessions[3]]
    text = page.content.decode()
    assert "Tidak ada sesi yang Anda awasi hari ini." in text and "Sesi berikutnya" in text
    links = [reverse("sessions_app:proctor_session", args=[s.pk]) for s in sessions]
    assert text.index(links[2]) < text.index(links[1]) < text.index(links[3])
    assert links[0] not in text  # yesterday's is not "next"
    mine = client.get(reverse("sessions_app:my_sessions"))
    assert mine.context["other"] == [sessions[2], sessions[1], sessions[3], sessions[0]]


def test_a_proctor_whose_sessions_are_over_sees_the_last_ones(client, charlie, event):
    sessions = shift_sessions(event, -3, -3, -2, -2)
    sessions[2].proctors.add(charlie)
    client.force_login(charlie)
    page = client.get(reverse("home"))
    assert page.context["agenda"].earlier == [sessions[2]]
    assert "Sesi yang sudah Anda awasi" in page.content.decode()


def test_an_operator_who_also_proctors_today_keeps_the_home_page(client, bob, event):
    session = shift_sessions(event, 0)[0]
    session.proctors.add(bob)
    client.force_login(bob)
    page = client.get(reverse("home"))
    assert page.status_code == 200
    assert page.context["agenda"].today == [session] and "participant_count" in page.context


def test_a_manager_home_links_the_dashboards_of_published_events_only(client, dave, tested_event):
    unpublished = Event.objects.create(
        code="TAHAP-IV-2025", name="Tahap IV", start_date=dt.date(2025, 3, 1),
        end_date=dt.date(2025, 3, 2),
    )  # fmt: skip
    client.force_login(dave)
    before = client.get(reverse("home"))
    assert before.context["published_events"] == []
    assert "Belum ada kegiatan yang hasilnya terbit." in before.content.decode()

    lifecycle.publish_run(run=lifecycle.start_run(event=tested_event, actor=None), actor=None)
    page = client.get(reverse("home"))
    text = page.content.decode()
    dashboard = reverse("reports:dashboard", args=[tested_event.code])
    assert page.context["published_events"] == [tested_event]
    assert f'href="{dashboard}"' in text
    assert reverse("reports:dashboard", args=[unpublished.code]) not in text
    assert client.get(dashboard).context["run"].published_at is not None


def test_an_unpublished_events_result_pages_say_belum_terbit(client, dave, bob, tested_event):
    for user in (dave, bob):
        client.force_login(user)
        for name in ("dashboard", "gap_map", "groups", "results", "training_needs", "comparison"):
            page = client.get(reverse(f"reports:{name}", args=[tested_event.code]))
            assert page.status_code == 200, name
            assert "Hasil belum terbit" in page.content.decode(), name
            assert "run" not in page.context, name
    runs_link = reverse("scoring:runs", args=[tested_event.code])
    assert runs_link in page.content.decode()  # the operator is shown where to publish from
    client.force_login(dave)
    page = client.get(reverse("reports:dashboard", args=[tested_event.code]))
    assert runs_link not in page.content.decode()


def test_an_unknown_event_is_still_not_found(client, dave):
    client.force_login(dave)
    assert client.get(reverse("reports:dashboard", args=["TIDAK-ADA"])).status_code == 404

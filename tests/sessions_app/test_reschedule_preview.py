"""Rescheduling the no-shows as one decision: tick, preview (nothing saved), save once."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEntry
from sessions_app.models import Placement, Session, Unavailability
from sessions_app.services.attendance import session_close
from sessions_app.services.placement import placement_move
from sessions_app.services.reschedule import CHANGED, UNPLACED_TEXT
from sessions_app.solver import Reason
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_shows(today_event, charlie):
    """Today's first session closed with nobody marked: all its people missed it. Tomorrow
    has room; one of them cannot come tomorrow, the only later day."""
    session = Session.objects.filter(event=today_event).order_by("date", "start_time").first()
    session_close(session=session, actor=charlie)
    tomorrow = session.date + dt.timedelta(days=1)
    Placement.objects.filter(session__date=tomorrow).delete()
    missed = list(
        Placement.objects.filter(session=session)
        .select_related("registration__participant")
        .order_by("registration__participant__name")
    )
    Unavailability.objects.create(registration=missed[0].registration, date=tomorrow)
    return [p.registration for p in missed]


def snapshot():
    return sorted(Placement.objects.values_list("registration_id", "session_id", "workstation_id"))


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def preview(client, event, registrations):
    url = reverse("sessions_app:missed", args=[event.code])
    return client.post(url, {"registration": [r.pk for r in registrations], "action": "preview"})


def test_the_preview_shows_who_goes_where_and_who_cannot_and_saves_nothing(
    client, bob, today_event, no_shows
):
    before, audits = snapshot(), AuditEntry.objects.count()
    client.force_login(bob)
    response = preview(client, today_event, no_shows)
    assert response.status_code == 302
    page = client.get(response.url)
    assert page.status_code == 200
    moves, unplaced = page.context["moves"], page.context["unplaced"]
    assert [reg for reg, _why in unplaced] == [no_shows[0]]
    assert unplaced[0][1] == UNPLACED_TEXT[Reason.NO_DAY]
    assert {m["registration"] for m in moves} == set(no_shows[1:])
    assert all(m["session"].date > m["missed"].date for m in moves)
    assert len({(m["session"].pk, m["seat"].pk) for m in moves}) == len(moves)
    text = page.content.decode()
    assert "Simpan jadwal ulang" in text and UNPLACED_TEXT[Reason.NO_DAY] in text
    for move in moves:
        assert move["seat"].label in text and str(move["session"]) in text
    assert snapshot() == before and AuditEntry.objects.count() == audits


def test_saving_moves_them_where_the_preview_said_and_their_new_proctor_sees_them(
    client, bob, today_event, no_shows
):
    client.force_login(bob)
    page = client.get(preview(client, today_event, no_shows).url)
    shown = {m["registration"].pk: (m["session"].pk, m["seat"].pk) for m in page.context["moves"]}
    saved = client.post(page.wsgi_request.path)
    assert saved.status_code == 302
    assert f"{len(shown)} peserta dijadwalkan ulang." in messages_of(saved)
    for registration_id, place in shown.items():
        placement = Placement.objects.get(registration_id=registration_id)
        assert (placement.session_id, placement.workstation_id) == place
        assert placement.reason.startswith("Dijadwalkan ulang: tidak hadir pada")
    missed_session = Session.objects.order_by("date", "start_time").first()
    assert Placement.objects.get(registration=no_shows[0]).session == missed_session
    remaining = client.get(reverse("sessions_app:missed", args=[today_event.code]))
    assert [reg for reg, _status in remaining.context["people"]] == [no_shows[0]]

    # The proctor of a session they were moved to finds them on the proctor page.
    yusuf = make_user("yusuf", Role.PENGAWAS)
    for session_id in {place[0] for place in shown.values()}:
        Session.objects.get(pk=session_id).proctors.set([yusuf])
        client.force_login(yusuf)
        page = client.get(reverse("sessions_app:proctor_session", args=[session_id]))
        listed = {row["registration"].pk for row in page.context["rows"]}
        assert {reg for reg, place in shown.items() if place[0] == session_id} <= listed
        assert all(
            no_show.participant.name in page.content.decode()
            for no_show in no_shows
            if shown.get(no_show.pk, (None,))[0] == session_id
        )


def test_a_second_save_of_the_same_preview_is_refused_and_changes_nothing(
    client, bob, today_event, no_shows
):
    client.force_login(bob)
    url = preview(client, today_event, no_shows).url
    client.post(url)
    after_first, audits = snapshot(), AuditEntry.objects.count()
    again = client.post(url)
    assert again.status_code == 302
    assert any("sudah disimpan" in message for message in messages_of(again))
    assert snapshot() == after_first and AuditEntry.objects.count() == audits


def test_a_preview_overtaken_by_another_change_is_refused_whole(
    client, bob, alice, today_event, no_shows
):
    client.force_login(bob)
    page = client.get(preview(client, today_event, no_shows).url)
    first = page.context["moves"][0]
    # Meanwhile another operator puts someone else in a seat the preview promised.
    other = Placement.objects.exclude(registration__in=no_shows).first().registration
    placement_move(
        registration=other, session=first["session"], seat=first["seat"], reason="uji", actor=alice
    )
    before = snapshot()
    refused = client.post(page.wsgi_request.path)
    assert CHANGED in messages_of(refused)
    assert snapshot() == before


def test_nothing_ticked_asks_to_tick_and_a_proctor_may_not(
    client, bob, charlie, today_event, no_shows
):
    client.force_login(bob)
    url = reverse("sessions_app:missed", args=[today_event.code])
    response = client.post(url, {"action": "preview"})
    assert "Centang peserta yang akan dijadwalkan ulang." in messages_of(response)
    preview_url = preview(client, today_event, no_shows).url
    client.force_login(charlie)
    assert client.get(url).status_code == 403
    assert client.post(preview_url).status_code == 403


def test_a_preview_belongs_to_the_operator_who_made_it(client, bob, alice, today_event, no_shows):
    client.force_login(bob)
    url = preview(client, today_event, no_shows).url
    before = snapshot()
    client.force_login(alice)
    response = client.post(url)
    assert any("tidak berlaku" in message for message in messages_of(response))
    assert snapshot() == before

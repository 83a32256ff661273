"""The automatic schedule through its services and its page: preview, save, rules."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from django.urls import reverse

from audit.models import AuditEntry
from sessions_app.models import Placement, Registration, Unavailability, Workstation
from sessions_app.services import ScheduleError
from sessions_app.services.schedule import schedule_apply, schedule_propose
from tests.sessions_app.fixtures import DAY1, DAY2

pytestmark = pytest.mark.django_db


def test_it_places_everyone_within_usable_seats_and_opd_share(event, registered):
    proposal = schedule_apply(event=event, replan=False, fingerprint="", actor=None)
    assert proposal.placed_total == 12 == proposal.bound
    placements = Placement.objects.select_related(
        "session", "workstation", "registration__participant"
    )
    assert not placements.filter(workstation__status=Workstation.Status.SPARE).exists()
    per_session = Counter(p.session_id for p in placements)
    assert max(per_session.values()) <= 5
    per_opd_day = Counter((p.registration.participant.opd.code, p.session.date) for p in placements)
    assert per_opd_day[("BKD", DAY1)] == 3 and per_opd_day[("BKD", DAY2)] == 3
    assert per_opd_day[("DINSOS", DAY1)] == 1


def test_unavailable_people_go_to_their_day_and_it_is_reported(event, registered, opds):
    bkd = Registration.objects.filter(participant__opd=opds[0])
    for registration in bkd[:5]:
        Unavailability.objects.create(registration=registration, date=DAY1)
    proposal = schedule_propose(event)
    assert ("Kantor BKD", DAY2, 5, 3) in proposal.over_share
    schedule_apply(event=event, replan=False, fingerprint=proposal.fingerprint, actor=None)
    assert not Placement.objects.filter(registration__in=bkd[:5], session__date=DAY1).exists()


def test_capacity_shortage_names_who_is_left_and_why(event, registered, opds):
    Workstation.objects.filter(label__in=["PC-03", "PC-04", "PC-05"]).update(
        status=Workstation.Status.OUT_OF_ORDER
    )
    proposal = schedule_propose(event)
    assert proposal.bound == 8 and len(proposal.placements) == 8
    assert len(proposal.unplaced) == 4


def test_rerunning_keeps_existing_placements_unless_replanning(event, registered, opds):
    schedule_apply(event=event, replan=False, fingerprint="", actor=None)
    before = set(Placement.objects.values_list("registration_id", "session_id", "workstation_id"))
    again = schedule_propose(event)
    assert again.kept == 12 and again.placements == {}
    replanned = schedule_propose(event, replan=True)
    assert replanned.kept == 0 and len(replanned.placements) == 12
    assert (
        set(Placement.objects.values_list("registration_id", "session_id", "workstation_id"))
        == before
    )


def test_a_stale_preview_is_refused(event, registered, opds):
    proposal = schedule_propose(event)
    Registration.objects.filter(participant__opd=opds[2]).first().delete()
    with pytest.raises(ScheduleError, match="berubah sejak pratinjau"):
        schedule_apply(event=event, replan=False, fingerprint=proposal.fingerprint, actor=None)
    assert Placement.objects.count() == 0


def test_the_database_refuses_two_people_on_one_seat(event, registered):
    schedule_apply(event=event, replan=False, fingerprint="", actor=None)
    first, second = Placement.objects.all()[:2]
    second.session, second.workstation = first.session, first.workstation
    with pytest.raises(IntegrityError):
        second.save()


def test_the_preview_page_saves_what_it_showed(client, bob, event, registered):
    client.force_login(bob)
    url = reverse("sessions_app:schedule", args=[event.code])
    page = client.get(url)
    assert page.status_code == 200
    assert Placement.objects.count() == 0
    fingerprint = page.context["proposal"].fingerprint
    response = client.post(url, {"fingerprint": fingerprint, "replan": "0"}, follow=True)
    assert "Jadwal disimpan: 12 ditempatkan" in response.content.decode()
    assert AuditEntry.objects.filter(target_type="sessions_app.event").exists()


def test_only_operators_and_admins_schedule(client, charlie, dave, event, registered):
    url = reverse("sessions_app:schedule", args=[event.code])
    for user in (charlie, dave):
        client.force_login(user)
        assert client.post(url, {"fingerprint": ""}).status_code == 403
    assert Placement.objects.count() == 0


def test_schedule_event_command_exits_one_when_someone_is_left(event, registered, capsys):
    Workstation.objects.filter(label__in=["PC-03", "PC-04", "PC-05"]).update(
        status=Workstation.Status.OUT_OF_ORDER
    )
    with pytest.raises(SystemExit) as exit_:
        call_command("schedule_event", "--event", event.code)
    assert exit_.value.code == 1
    captured = capsys.readouterr()
    assert "0 belum" not in captured.out and "belum terjadwal:" in captured.err

"""Manual changes: move, bulk move, swap, seats out of order; and the pages around them."""

import datetime as dt

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from sessions_app.models import Placement, Session, Unavailability, Workstation
from sessions_app.services import ScheduleError
from sessions_app.services.placement import placement_move, placement_swap, workstation_set_status
from sessions_app.services.schedule import schedule_apply
from tests.sessions_app.fixtures import DAY1, DAY2

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled(event, registered):
    schedule_apply(event=event, replan=False, fingerprint="", actor=None)
    return event


def test_a_move_pins_the_placement_and_records_the_reason(scheduled, bob):
    placement = Placement.objects.filter(session__date=DAY1).first()
    target = Session.objects.filter(date=DAY2, start_time=dt.time(13)).get()
    Placement.objects.filter(session=target).first().delete()  # free a seat
    moved = placement_move(
        registration=placement.registration, session=target, reason="Dinas luar", actor=bob
    )
    assert (moved.session, moved.pinned, moved.reason) == (target, True, "Dinas luar")
    entry = AuditEntry.objects.get(target_type="sessions_app.placement", actor=bob)
    assert entry.changes["alasan"] == "Dinas luar"


def test_a_move_into_a_full_session_is_refused(scheduled, bob):
    full = Session.objects.filter(date=DAY1).first()  # earliest sessions fill first
    assert Placement.objects.filter(session=full).count() == 5
    other = Placement.objects.exclude(session=full).first()
    with pytest.raises(ScheduleError, match="Tidak ada kursi kosong"):
        placement_move(registration=other.registration, session=full, reason="x", actor=bob)


def test_a_move_onto_an_unavailable_day_is_refused(scheduled, bob):
    placement = Placement.objects.filter(session__date=DAY1).first()
    Unavailability.objects.create(registration=placement.registration, date=DAY2)
    target = Session.objects.filter(date=DAY2).first()
    with pytest.raises(ScheduleError, match="tidak bisa hadir"):
        placement_move(registration=placement.registration, session=target, reason="x", actor=bob)


def test_a_move_needs_a_reason(scheduled, bob):
    placement = Placement.objects.first()
    with pytest.raises(ScheduleError, match="alasan"):
        placement_move(
            registration=placement.registration, session=placement.session, reason=" ", actor=bob
        )


def test_swap_exchanges_sessions_and_seats(scheduled, bob):
    first = Placement.objects.filter(session__date=DAY1).first()
    second = Placement.objects.filter(session__date=DAY2).first()
    place_a = (first.session_id, first.workstation_id)
    place_b = (second.session_id, second.workstation_id)
    placement_swap(first=first, second=second, reason="Tukar", actor=bob)
    a = Placement.objects.get(registration=first.registration)
    b = Placement.objects.get(registration=second.registration)
    assert (a.session_id, a.workstation_id) == place_b
    assert (b.session_id, b.workstation_id) == place_a


def test_a_broken_seat_moves_its_people_to_the_spare(upcoming_event, bob):
    seat = Workstation.objects.get(label="PC-01")
    occupants = set(seat.placements.values_list("registration_id", flat=True))
    moves = workstation_set_status(seat=seat, status=Workstation.Status.OUT_OF_ORDER, actor=bob)
    assert len(moves) == len(occupants) > 0
    assert not seat.placements.exists()
    assert (
        set(
            Placement.objects.filter(workstation__label="PC-06").values_list(
                "registration_id", flat=True
            )
        )
        == occupants
    )


def test_a_seat_with_no_replacement_keeps_its_status(upcoming_event, bob):
    Workstation.objects.filter(label="PC-06").update(status=Workstation.Status.OUT_OF_ORDER)
    seat = Workstation.objects.get(label="PC-01")
    full = Session.objects.filter(date=upcoming_event.start_date).first()
    assert seat.placements.filter(session=full).exists()
    with pytest.raises(ScheduleError, match="Tidak ada kursi pengganti"):
        workstation_set_status(seat=seat, status=Workstation.Status.OUT_OF_ORDER, actor=bob)
    seat.refresh_from_db()
    assert seat.status == Workstation.Status.USABLE


def test_the_session_page_moves_ticked_people(client, bob, scheduled):
    client.force_login(bob)
    source = Session.objects.filter(date=DAY1).first()
    target = Session.objects.filter(date=DAY2).last()
    Placement.objects.filter(session=target).first().delete()
    chosen = Placement.objects.filter(session=source).first()
    url = reverse("sessions_app:session_move", args=[scheduled.code, source.pk])
    client.post(url, {"placement": [chosen.pk], "move-session": target.pk, "move-reason": "Rapat"})
    assert Placement.objects.get(registration=chosen.registration).session == target
    page = client.get(reverse("sessions_app:session", args=[scheduled.code, target.pk]))
    assert chosen.registration.participant.name in page.content.decode()


def test_session_pages_show_counts_and_print(client, bob, scheduled):
    client.force_login(bob)
    detail = client.get(reverse("sessions_app:event", args=[scheduled.code]))
    assert detail.context["placed"] == 12
    session = Session.objects.first()
    printable = client.get(
        reverse("sessions_app:session_print", args=[scheduled.code, session.pk]) + "?jenis=hadir"
    )
    assert "DAFTAR HADIR" in printable.content.decode()
    pdf = client.get(reverse("sessions_app:session_pdf", args=[scheduled.code, session.pk]))
    assert pdf.content.startswith(b"%PDF")


def test_cards_carry_a_code_that_the_nip_cannot_forge(client, bob, scheduled):
    from sessions_app.cards import card_code, registration_id_from_code

    client.force_login(bob)
    session = Session.objects.first()
    page = client.get(reverse("sessions_app:cards", args=[scheduled.code]), {"sesi": session.pk})
    assert page.content.decode().count("<svg") == Placement.objects.filter(session=session).count()
    placement = Placement.objects.filter(session=session).first()
    code = card_code(placement.registration_id)
    assert registration_id_from_code(code) == placement.registration_id
    assert placement.registration.participant.nip not in code
    assert registration_id_from_code(f"R{placement.registration_id}") is None
    assert registration_id_from_code(code[:-2] + "xx") is None

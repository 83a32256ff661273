"""Who the mark endpoint takes: signed card codes, the rows of the proctor's own list, bare
ids of people on that list only; the counts once people leave a session; closed sessions;
what signed-in pages may leave in caches."""

import datetime as dt
import json
import re
import uuid

import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from sessions_app.attendance_views import OFFLINE_ASSETS, STATIC
from sessions_app.cards import card_code
from sessions_app.models import Attendance, Placement, Session
from sessions_app.roster_tokens import roster_token
from sessions_app.services.attendance import NOT_ON_ROSTER, marking_refusal, session_close
from sessions_app.services.placement import placement_move

pytestmark = pytest.mark.django_db


def first_session():
    return Session.objects.order_by("date", "start_time").first()


def roomiest_other(session):
    return (
        Session.objects.exclude(pk=session.pk)
        .annotate(n=Count("placements"))
        .order_by("n", "date", "start_time")
        .first()
    )


def post_mark(client, session, **data):
    payload = {
        "client_id": str(uuid.uuid4()),
        "marked_at": timezone.now().isoformat(),
        "status": "hadir",
        **data,
    }
    return client.post(
        reverse("sessions_app:proctor_mark", args=[session.pk]),
        json.dumps(payload),
        content_type="application/json",
    )


def test_a_signed_card_code_of_someone_in_the_session_is_marked(client, charlie, today_event):
    client.force_login(charlie)
    session = first_session()
    placement = Placement.objects.filter(session=session).first()
    response = post_mark(client, session, code=card_code(placement.registration_id))
    assert response.status_code == 200
    assert Attendance.objects.get().registration_id == placement.registration_id


def test_a_raw_id_of_someone_elsewhere_is_refused_without_their_details(
    client, charlie, today_event
):
    client.force_login(charlie)
    session = first_session()
    elsewhere = Placement.objects.exclude(session=session).select_related(
        "registration__participant", "workstation", "session"
    )[0]
    response = post_mark(client, session, registration=elsewhere.registration_id)
    assert response.status_code == 404
    assert response.json()["error"] == NOT_ON_ROSTER
    body = response.content.decode()
    for detail in (
        elsewhere.registration.participant.name,
        elsewhere.workstation.label,
        str(elsewhere.session),
    ):
        assert detail not in body
    # The same answer as an id that does not exist: counting through ids tells nothing.
    missing = post_mark(client, session, registration=999_999)
    assert (missing.status_code, missing.json()) == (404, response.json())
    assert not Attendance.objects.exists()


def test_a_row_token_marks_and_a_token_of_another_session_is_refused(client, charlie, today_event):
    client.force_login(charlie)
    session = first_session()
    other = Session.objects.exclude(pk=session.pk).order_by("date", "start_time").first()
    registration_id = Placement.objects.filter(session=session).first().registration_id
    foreign = post_mark(client, session, token=roster_token(other.pk, registration_id))
    forged = post_mark(client, session, token=f"S{session.pk}R{registration_id}:palsu")
    assert foreign.status_code == forged.status_code == 404
    assert not Attendance.objects.exists()
    ok = post_mark(client, session, token=roster_token(session.pk, registration_id))
    assert ok.status_code == 200 and Attendance.objects.get().session == session


def test_the_page_hands_out_row_tokens_not_for_people_elsewhere(client, charlie, today_event):
    client.force_login(charlie)
    session = first_session()
    page = client.get(reverse("sessions_app:proctor_session", args=[session.pk])).content.decode()
    here = Placement.objects.filter(session=session).values_list("registration_id", flat=True)
    elsewhere = Placement.objects.exclude(session=session).values_list("registration_id", flat=True)
    assert all(f'data-token="{roster_token(session.pk, r)}"' in page for r in here)
    assert not any(roster_token(session.pk, r) in page for r in elsewhere)


def test_someone_moved_since_the_list_was_drawn_needs_a_confirmation(
    client, charlie, bob, today_event
):
    client.force_login(charlie)
    session = first_session()
    placement = Placement.objects.filter(session=session).select_related("registration").first()
    token = roster_token(session.pk, placement.registration_id)
    target = roomiest_other(session)
    placement_move(
        registration=placement.registration, session=target, reason="Bentrok rapat", actor=bob
    )
    warned = post_mark(client, session, token=token)
    assert warned.status_code == 409 and warned.json()["moved"]
    assert "dipindahkan ke" in warned.json()["error"] and str(target) in warned.json()["error"]
    # The bare id of someone no longer on the list is not taken, confirmed or not.
    refused = post_mark(client, session, registration=placement.registration_id, confirm_moved=True)
    assert refused.status_code == 404
    assert not Attendance.objects.exists()
    confirmed = post_mark(client, session, token=token, confirm_moved=True)
    assert confirmed.status_code == 200
    assert Attendance.objects.get().session == session


def test_the_counts_stay_consistent_after_people_leave_the_session(
    client, charlie, bob, today_event
):
    client.force_login(charlie)
    session = first_session()
    placed = list(Placement.objects.filter(session=session).select_related("registration"))
    post_mark(client, session, registration=placed[0].registration_id)
    client.post(reverse("sessions_app:proctor_close", args=[session.pk]))
    # A no-show rescheduled to another session leaves this one.
    placement_move(
        registration=placed[1].registration,
        session=roomiest_other(session),
        reason="Dijadwalkan ulang",
        actor=bob,
    )
    counts = client.get(reverse("sessions_app:proctor_roster", args=[session.pk])).context["counts"]
    statuses = ("hadir", "terlambat", "izin", "tidak_hadir", "unmarked")
    assert counts["expected"] == len(placed) - 1 == sum(counts[s] for s in statuses)
    assert (counts["hadir"], counts["tidak_hadir"], counts["moved"]) == (1, len(placed) - 2, 1)
    client.force_login(bob)
    overview = client.get(reverse("sessions_app:attendance_overview", args=[today_event.code]))
    row = next(r for r in overview.context["rows"] if r["session"] == session)
    assert row["counts"] == counts


def test_a_closed_session_locks_the_proctor_and_offers_the_operator_to_reopen(
    client, charlie, bob, today_event
):
    session = first_session()
    client.force_login(charlie)
    client.post(reverse("sessions_app:proctor_close", args=[session.pk]))
    page = client.get(reverse("sessions_app:proctor_session", args=[session.pk])).content.decode()
    assert "Tombol penandaan dinonaktifkan." in page and "Sesi sudah ditutup pukul" in page
    assert page.count('data-mark="datang" disabled') == 5 and "Tutup sesi" not in page
    client.force_login(bob)
    page = client.get(reverse("sessions_app:proctor_session", args=[session.pk])).content.decode()
    assert "Buka kembali" in page and "Tutup sesi" not in page
    overview = client.get(reverse("sessions_app:attendance_overview", args=[today_event.code]))
    assert reverse("sessions_app:proctor_reopen", args=[session.pk]) in overview.content.decode()


def test_a_closed_session_says_it_is_closed_on_a_later_day_too(charlie, today_event):
    session = first_session()
    session_close(session=session, actor=charlie)
    session.refresh_from_db()
    later = session.date + dt.timedelta(days=1)
    reason = marking_refusal(charlie, session, today=later)
    assert reason.startswith("Sesi sudah ditutup pukul")


def test_signed_in_pages_and_files_are_private_and_not_stored(client, bob, today_event):
    login = client.get(reverse("login"))
    # The public sign-in page keeps the header Django's LoginView gives it.
    assert login["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    client.force_login(bob)
    for url in (
        reverse("sessions_app:event", args=[today_event.code]),
        reverse("sessions_app:proctor_session", args=[first_session().pk]),
        reverse("sessions_app:attendance_recap", args=[today_event.code]) + "?format=xlsx",
    ):
        assert client.get(url)["Cache-Control"] == "private, no-store", url


def test_the_service_worker_names_its_cache_after_the_assets(client, charlie):
    client.force_login(charlie)
    script = client.get(reverse("sessions_app:proctor_sw")).content.decode()
    assert "__CACHE_VERSION__" not in script
    assert 'const CACHE = PREFIX + "' in script


def test_every_script_and_style_of_the_page_is_kept_offline_and_versions_the_cache(
    client, charlie, today_event
):
    """The worker keeps what the page's tags name, and its cache is named after the content
    of OFFLINE_ASSETS: each script the page loads must be in both, every part of the
    proctor script too."""
    client.force_login(charlie)
    html = client.get(
        reverse("sessions_app:proctor_session", args=[first_session().pk])
    ).content.decode()
    loaded = set(re.findall(r'(?:src|href)="/static/([^"]+\.(?:js|css))"', html))
    parts = {f"js/proctor/{path.name}" for path in (STATIC / "js" / "proctor").glob("*.js")}
    assert parts == {"js/proctor/queue.js", "js/proctor/page.js", "js/proctor/sync.js",
                     "js/proctor/camera.js"}  # fmt: skip
    assert parts | {"js/proctor.js", "vendor/jsQR.js", "css/app.css"} <= loaded
    assert loaded <= set(OFFLINE_ASSETS)


def test_a_second_mark_stamps_the_row_as_changed_for_the_hr_systems(client, charlie, today_event):
    """The API's changed_since reads Attendance.changed_at: a re-mark must move it, or SIMPEG
    would never hear that someone first marked absent did come."""
    client.force_login(charlie)
    session = first_session()
    placement = Placement.objects.filter(session=session).first()
    code = card_code(placement.registration_id)
    assert post_mark(client, session, code=code, status="tidak_hadir").status_code == 200
    first = Attendance.objects.get()
    since = timezone.now()
    later = (timezone.now() + dt.timedelta(seconds=5)).isoformat()
    assert post_mark(client, session, code=code, marked_at=later).status_code == 200
    row = Attendance.objects.get()
    assert (row.pk, row.status) == (first.pk, "hadir")
    assert row.changed_at >= since > first.changed_at
    assert list(Attendance.objects.filter(changed_at__gte=since)) == [row]

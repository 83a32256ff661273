"""An operator corrects one person's attendance in a closed session, with a reason."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from sessions_app.models import Attendance, AttendanceMark, AttendanceStatus, Placement
from sessions_app.services.attendance import session_close

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(today_event, charlie):
    session = today_event.sessions.order_by("date", "start_time").first()
    session_close(session=session, actor=charlie)  # everyone unmarked becomes Tidak Hadir
    return session


def correct_url(session) -> str:
    return reverse("sessions_app:session_correct", args=[session.event.code, session.pk])


def first_person(session) -> Placement:
    return Placement.objects.filter(session=session).select_related("registration__participant")[0]


def test_an_operator_corrects_one_person_with_a_reason(client, bob, closed):
    placement = first_person(closed)
    client.force_login(bob)
    page = client.get(reverse("sessions_app:session", args=[closed.event.code, closed.pk]))
    assert "Koreksi kehadiran" in page.content.decode()
    response = client.post(
        correct_url(closed),
        {
            "fix-registration": placement.registration_id,
            "fix-status": AttendanceStatus.PRESENT,
            "fix-reason": "Hadir, salah tanda di baris sebelah",
        },
        follow=True,
    )
    name = placement.registration.participant.name
    assert f"Kehadiran {name} dikoreksi menjadi Hadir." in response.content.decode()
    attendance = Attendance.objects.get(session=closed, registration=placement.registration)
    assert (attendance.status, attendance.marked_by) == (AttendanceStatus.PRESENT, bob)
    history = list(attendance.marks.values_list("status", "device", "reason"))
    assert history == [
        (AttendanceStatus.ABSENT, "penutupan sesi", ""),
        (AttendanceStatus.PRESENT, "koreksi operator", "Hadir, salah tanda di baris sebelah"),
    ]
    entry = AuditEntry.objects.get(actor=bob, target_type="sessions_app.attendance")
    assert entry.changes == {
        "koreksi": ["Tidak Hadir", "Hadir"],
        "alasan": "Hadir, salah tanda di baris sebelah",
    }
    # Nobody else changed: one person at a time.
    others = Attendance.objects.filter(session=closed).exclude(pk=attendance.pk)
    assert set(others.values_list("status", flat=True)) == {AttendanceStatus.ABSENT}


@pytest.mark.parametrize(
    ("status", "reason", "message"),
    [
        (AttendanceStatus.PRESENT, "  ", "Pilih peserta dan status, lalu tulis alasan"),
        ("pulang", "Alasan", "Pilih peserta dan status, lalu tulis alasan"),
        (AttendanceStatus.ABSENT, "Alasan", "sudah Tidak Hadir; tidak ada yang dikoreksi"),
    ],
)
def test_a_bad_correction_is_refused_and_changes_nothing(
    client, bob, closed, status, reason, message
):
    placement = first_person(closed)
    client.force_login(bob)
    response = client.post(
        correct_url(closed),
        {"fix-registration": placement.registration_id, "fix-status": status, "fix-reason": reason},
        follow=True,
    )
    assert message in response.content.decode()
    assert AttendanceMark.objects.filter(device="koreksi operator").count() == 0
    assert not AuditEntry.objects.filter(actor=bob).exists()


def test_an_open_session_is_not_corrected_here(client, bob, today_event):
    session = today_event.sessions.order_by("date", "start_time").first()
    placement = first_person(session)
    client.force_login(bob)
    page = client.get(reverse("sessions_app:session", args=[today_event.code, session.pk]))
    assert "Koreksi kehadiran" not in page.content.decode()
    response = client.post(
        correct_url(session),
        {
            "fix-registration": placement.registration_id,
            "fix-status": AttendanceStatus.PRESENT,
            "fix-reason": "Coba",
        },
        follow=True,
    )
    assert "Sesi ini belum ditutup" in response.content.decode()
    assert not Attendance.objects.filter(session=session).exists()


def test_a_proctor_cannot_correct_a_closed_session(client, charlie, closed):
    placement = first_person(closed)
    client.force_login(charlie)
    response = client.post(
        correct_url(closed),
        {
            "fix-registration": placement.registration_id,
            "fix-status": AttendanceStatus.PRESENT,
            "fix-reason": "Saya pengawasnya",
        },
    )
    assert response.status_code == 403
    attendance = Attendance.objects.get(session=closed, registration=placement.registration)
    assert attendance.status == AttendanceStatus.ABSENT
    assert client.get(correct_url(closed)).status_code in (403, 405)

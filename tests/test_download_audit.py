"""Every download is in the audit trail: who, which file, with which filters."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_a_download_is_recorded_with_its_filters(client, bob, today_event):
    client.force_login(bob)
    url = reverse("sessions_app:attendance_recap", args=[today_event.code])
    response = client.get(url, {"format": "xlsx"})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attach")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT, actor=bob)
    assert entry.target_type == "download" and entry.target_repr == url
    assert entry.changes == {
        "file": f"rekap-kehadiran-{today_event.code}.xlsx",
        "filters": ["format=xlsx"],
    }


def test_a_page_is_not_a_download(client, bob, today_event):
    client.force_login(bob)
    client.get(reverse("sessions_app:attendance_recap", args=[today_event.code]))
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()

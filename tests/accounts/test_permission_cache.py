"""A session keeps its user's permissions: read once, then from the session, and read again
at once when a role is removed, the user is deactivated, the cache cannot say, or the kept
copy is older than PERMISSIONS_MAX_AGE; signing out keeps nothing."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.permission_cache import SESSION_KEY, VERSION_KEY
from accounts.roles import Role

pytestmark = pytest.mark.django_db


def permission_queries(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    return status, sum("auth_permission" in q["sql"] for q in queries.captured_queries)


def test_the_permissions_are_read_once_then_kept_in_the_session(client, charlie):
    client.force_login(charlie)
    url = reverse("sessions_app:my_sessions")
    assert permission_queries(client, url) == (200, 2)
    assert client.session[SESSION_KEY]["user"] == charlie.pk
    assert "sessions_app.add_attendance" in client.session[SESSION_KEY]["perms"]
    assert permission_queries(client, url) == (200, 0)


def test_a_removed_role_is_honoured_at_the_next_request(client, charlie):
    client.force_login(charlie)
    url = reverse("sessions_app:my_sessions")
    client.get(url)
    assert permission_queries(client, url) == (200, 0)
    charlie.groups.remove(Group.objects.get(name=Role.PENGAWAS.value))
    assert client.get(url).status_code == 403


def test_a_role_losing_a_permission_is_honoured_at_the_next_request(client, charlie):
    client.force_login(charlie)
    url = reverse("sessions_app:my_sessions")
    client.get(url)
    group = Group.objects.get(name=Role.PENGAWAS.value)
    group.permissions.remove(*group.permissions.filter(codename="view_attendance"))
    assert client.get(url).status_code == 403


def test_a_deactivated_user_is_signed_out_at_the_next_request(client, charlie):
    client.force_login(charlie)
    url = reverse("sessions_app:my_sessions")
    client.get(url)
    charlie.is_active = False
    charlie.save()
    response = client.get(url)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_without_a_version_to_compare_the_permissions_are_read_again(client, charlie):
    client.force_login(charlie)
    url = reverse("sessions_app:my_sessions")
    client.get(url)
    # A version the session never saw (another process changed roles, or the cache lost
    # its key): nothing kept is trusted.
    cache.set(VERSION_KEY, "lain")
    assert permission_queries(client, url) == (200, 2)


def test_a_kept_copy_older_than_the_max_age_is_read_again(client, charlie, settings):
    client.force_login(charlie)
    url = reverse("sessions_app:my_sessions")
    client.get(url)
    # The bound when a change cannot reach the version (a cache of one process only).
    settings.PERMISSIONS_MAX_AGE = 0
    assert permission_queries(client, url) == (200, 2)


def test_signing_out_keeps_nothing_for_the_next_user(client, charlie, bob):
    client.force_login(charlie)
    client.get(reverse("sessions_app:my_sessions"))
    client.post(reverse("logout"))
    assert SESSION_KEY not in client.session
    client.force_login(bob)
    assert client.get(reverse("sessions_app:my_sessions")).status_code == 200
    assert client.session[SESSION_KEY]["user"] == bob.pk


def test_a_session_of_a_deleted_user_is_signed_out(client, charlie):
    client.force_login(charlie)
    client.get(reverse("sessions_app:my_sessions"))
    charlie.delete()
    response = client.get(reverse("sessions_app:my_sessions"))
    assert response.status_code == 302 and reverse("login") in response["Location"]

"""Signing in, throttling, roles and the navigation they give."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import Role

pytestmark = pytest.mark.django_db


def login(client, username, password):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR="10.0.0.7",
    )


def test_the_four_roles_exist_as_groups():
    names = set(Group.objects.values_list("name", flat=True))
    assert names == {role.value for role in Role}
    operator = Group.objects.get(name=Role.OPERATOR.value)
    assert operator.permissions.filter(codename="add_participant").exists()
    assert not operator.permissions.filter(codename="view_auditentry").exists()


def test_it_signs_in_and_out(client, bob):
    assert login(client, "bob", "sandi-uji-123").url == reverse("home")
    home = client.get(reverse("home")).content.decode()
    assert "Operator BKD" in home
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_a_wrong_password_says_so_in_indonesian(client, bob):
    response = login(client, "bob", "salah")
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()


def test_login_is_locked_after_five_failures(client, bob):
    for _ in range(5):
        login(client, "bob", "salah")
    response = login(client, "bob", "sandi-uji-123")
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_navigation_follows_the_role(as_user, alice, bob, charlie, dave):
    def nav(user):
        return [item["label"] for item in as_user(user).get(reverse("home")).context["nav_items"]]

    assert "Jejak Audit" in nav(alice)
    assert "Impor Peserta" in nav(bob) and "Jejak Audit" not in nav(bob)
    assert nav(charlie) == ["Beranda", "Sesi Saya"]
    assert "Peserta" in nav(dave) and "Impor Peserta" not in nav(dave)


def test_pages_show_indonesian_dates(as_user, bob):
    page = as_user(bob).get(reverse("home")).content.decode()
    assert "WITA" in page
    assert any(
        day in page for day in ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
    )


def test_the_audit_trail_is_for_admins(as_user, alice, bob):
    assert as_user(alice).get(reverse("audit:list")).status_code == 200
    assert as_user(bob).get(reverse("audit:list")).status_code == 403

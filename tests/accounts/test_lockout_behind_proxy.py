"""The sign-in lockout behind the reverse proxy: by the client's address and the user name,
the client's address taken from X-Forwarded-For only when the proxy is a trusted one."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from cact_admin.client_ip import client_ip

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
ATTACKER, BOB_AT_HOME = "203.0.113.9", "198.51.100.7"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]


def sign_in(client, password, *, forwarded_for=None, remote=PROXY):
    extra = {"REMOTE_ADDR": remote}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(reverse("login"), {"username": "bob", "password": password}, **extra)


def test_an_attacker_elsewhere_cannot_lock_a_user_out(client, bob, behind_proxy):
    for _ in range(6):
        refused = sign_in(client, "salah", forwarded_for=ATTACKER)
    assert refused.status_code == 429  # the attacker is locked out

    response = sign_in(client, "sandi-uji-123", forwarded_for=BOB_AT_HOME)

    assert response.status_code == 302 and response.url == reverse("home")


def test_the_client_cannot_pick_its_address_by_writing_the_header(client, bob, behind_proxy):
    # The proxy appends the address it saw; what the client wrote stands to its left.
    for number in range(5):
        sign_in(client, "salah", forwarded_for=f"192.0.2.{number}, {ATTACKER}")

    assert (
        sign_in(client, "sandi-uji-123", forwarded_for=f"192.0.2.99, {ATTACKER}").status_code == 429
    )


def test_without_a_trusted_proxy_the_header_is_ignored(client, bob, settings):
    settings.TRUSTED_PROXIES = []
    for number in range(5):
        sign_in(client, "salah", forwarded_for=f"192.0.2.{number}", remote=ATTACKER)

    locked = sign_in(client, "sandi-uji-123", forwarded_for=BOB_AT_HOME, remote=ATTACKER)
    assert locked.status_code == 429
    # Someone else, from another address, is not locked out by it.
    assert sign_in(client, "sandi-uji-123", remote=BOB_AT_HOME).status_code == 302


def test_client_ip_reads_from_the_right_skipping_trusted_proxies(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "172.16.0.1"]

    def ip(remote, header=None):
        meta = {"REMOTE_ADDR": remote}
        if header is not None:
            meta["HTTP_X_FORWARDED_FOR"] = header
        return client_ip(RequestFactory().get("/", **meta))

    assert ip(PROXY, f"1.2.3.4, {ATTACKER}, 172.16.0.1") == ATTACKER
    assert ip(PROXY) == PROXY
    assert ip(PROXY, "not-an-address") == PROXY
    assert ip(ATTACKER, "1.2.3.4") == ATTACKER  # not from the proxy: the header is not believed

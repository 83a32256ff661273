"""The Admin BKD creates, renews and revokes a system's token in the Django admin; the key
is shown once and only its digest is kept. Through the real admin URLs, then the API over
HTTP with the key the page showed."""

import re

import pytest
from django.urls import reverse

from api.models import ApiClient, key_digest
from audit.models import AuditEntry

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def shown_key(page) -> str:
    match = re.search(r'value="([^"]+)" data-api-key', page.content.decode())
    assert match, page.content.decode()
    return match[1]


def create(client, opds, **extra) -> str:
    page = client.post(
        reverse("admin:api_apiclient_add"),
        {
            "name": "SIMPEG Provinsi",
            "note": "",
            "opds": [opd.pk for opd in opds],
            "resources": ["participants", "results"],
            "expires_at_0": "",
            "expires_at_1": "",
            **extra,
        },
    )
    assert page.status_code == 200, page.content.decode()[:2000]
    assert "tidak akan ditampilkan lagi" in page.content.decode()
    return shown_key(page)


def test_an_admin_creates_a_token_and_sees_its_key_once(as_user, alice, api, registered, opds):
    client = as_user(alice)
    key = create(client, [opds[2]])
    token = ApiClient.objects.get()
    assert token.key_digest == key_digest(key) and key not in token.key_digest
    assert token.key_prefix == key[:8] and token.created_by == alice
    assert token.resources == ["participants", "results"]
    change = client.get(reverse("admin:api_apiclient_change", args=[token.pk]))
    assert key not in change.content.decode()  # never shown again
    assert {row["opd"]["code"] for row in api("participants", key).json["results"]} == {"DINSOS"}
    assert api("events", key).status == 403
    entry = AuditEntry.objects.filter(target_type="api.apiclient", actor=alice).get()
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.changes["data"] == ["participants", "results"]


def test_a_new_key_replaces_the_old_one(as_user, alice, api, registered, opds):
    client = as_user(alice)
    old = create(client, [opds[2]])
    token = ApiClient.objects.get()
    page = client.post(
        reverse("admin:api_apiclient_changelist"),
        {"action": "renew_key", "_selected_action": [token.pk]},
    )
    new = shown_key(page)
    assert new != old
    assert api("participants", old).status == 401
    assert api("participants", new).status == 200


def test_revoking_in_the_admin_shuts_the_key_out(as_user, alice, api, registered, opds):
    client = as_user(alice)
    key = create(client, [opds[2]])
    token = ApiClient.objects.get()
    client.post(
        reverse("admin:api_apiclient_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    answer = api("participants", key)
    assert answer.status == 401
    assert answer.json["detail"] == "Kunci API sudah dicabut."
    assert AuditEntry.objects.filter(target_id=str(token.pk), changes__dicabut=True).exists()


def test_an_operator_cannot_manage_tokens(as_user, bob):
    assert as_user(bob).get(reverse("admin:api_apiclient_changelist")).status_code == 403

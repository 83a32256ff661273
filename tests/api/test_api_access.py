"""Who may call the API and what each key sees: the key, its grants, its OPD scope, its
rate and the audit trail. Over real HTTP to the live server."""

import datetime as dt

import pytest
from django.utils import timezone

from api.models import ApiClient, Resource
from audit.models import AuditEntry
from participants.models import Opd
from participants.opd_services import OpdRefused, opd_delete, opd_merge
from tests.api.conftest import every_row, make_token

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_it_refuses_a_call_without_a_key_with_401(api, registered):
    answer = api("participants")
    assert answer.status == 401
    assert answer.json["detail"] == "Kunci API tidak dikirim (Authorization: Bearer)."
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")


def test_it_refuses_an_unknown_key_with_401_and_records_nothing(api, registered):
    make_token()
    before = AuditEntry.objects.count()
    answer = api("participants", "bukan-kunci-yang-benar")
    assert answer.status == 401
    assert answer.json["detail"] == "Kunci API tidak dikenal."
    assert AuditEntry.objects.count() == before


def test_it_refuses_a_revoked_key_with_401(api, registered):
    client, key = make_token(all_opds=True)
    assert api("participants", key).status == 200
    ApiClient.objects.filter(pk=client.pk).update(revoked_at=timezone.now())
    answer = api("participants", key)
    assert answer.status == 401
    assert answer.json["detail"] == "Kunci API sudah dicabut."
    refused = AuditEntry.objects.filter(target_id=str(client.pk)).latest("id")
    assert (refused.actor_name, refused.changes["status"]) == ("API: SIMPEG", 401)


def test_it_refuses_an_expired_key_with_401(api, registered):
    _, key = make_token(all_opds=True, expires_at=timezone.now() - dt.timedelta(minutes=1))
    answer = api("participants", key)
    assert answer.status == 401
    assert answer.json["detail"] == "Kunci API sudah kedaluwarsa."


def test_a_key_not_yet_expired_is_let_in_and_its_use_noted(api, registered):
    client, key = make_token(all_opds=True, expires_at=timezone.now() + dt.timedelta(days=1))
    assert api("participants", key).status == 200
    client.refresh_from_db()
    assert client.last_used_at is not None


def test_it_refuses_a_list_not_granted_with_403(api, registered):
    _, key = make_token(all_opds=True, resources=[Resource.PARTICIPANTS])
    assert api("participants", key).status == 200
    for name in ("events", "schedules", "attendance", "results"):
        answer = api(name, key)
        assert answer.status == 403, name
        assert answer.json["detail"] == "Token ini tidak diberi akses ke data ini."


def test_a_token_of_all_opds_sees_everyone(api, registered):
    _, key = make_token(all_opds=True)
    nips = {row["nip"] for row in every_row(api, "participants", key)}
    assert nips == {person.nip for person in registered}


def test_a_token_of_one_opd_sees_only_its_people(api, registered, opds):
    _, key = make_token(opds=[opds[1]])
    rows = every_row(api, "participants", key)
    assert len(rows) == 4
    assert {row["opd"]["code"] for row in rows} == {"DINKES"}
    assert len(every_row(api, "events", key)) == 1


def test_an_opd_filter_outside_the_scope_gives_nothing(api, registered, opds):
    _, key = make_token(opds=[opds[1]])
    answer = api("participants", key, opd="BKD")
    assert answer.status == 200
    assert answer.json["results"] == []


def test_a_token_with_no_opd_sees_nothing(api, published):
    _, key = make_token()
    for name in ("participants", "events", "schedules", "attendance", "results"):
        answer = api(name, key)
        assert answer.status == 200, name
        assert answer.json["results"] == [], name


def test_a_token_whose_only_opd_was_deleted_sees_nothing(api, published):
    """Deleting a token's OPD is refused like a manager's; gone all the same, it reads nothing."""
    empty = Opd(name="Badan Baru", code="BARU")
    empty.save()
    _, key = make_token(opds=[empty])
    with pytest.raises(OpdRefused, match="1 token API"):
        opd_delete(opd=empty, actor=None)  # the site refuses, as for a manager's scope
    empty.delete()  # and when it goes all the same (the shell, the database)
    for name in ("participants", "events", "schedules", "attendance", "results"):
        answer = api(name, key)
        assert answer.status == 200, name
        assert answer.json["results"] == [], name


def test_it_answers_429_past_the_rate_and_counts_per_key(api, registered, settings):
    settings.API_RATE_LIMIT = "3/min"
    _, first = make_token("SIMPEG", all_opds=True)
    _, second = make_token("BKN", all_opds=True)
    assert [api("events", first).status for _ in range(3)] == [200, 200, 200]
    refused = api("events", first)
    assert refused.status == 429
    assert refused.json["detail"].startswith("Terlalu banyak permintaan. Coba lagi dalam")
    assert int(refused.headers["Retry-After"]) > 0
    assert api("events", second).status == 200  # another system has its own count


def test_every_call_of_a_known_key_is_in_the_audit_trail(api, registered, opds):
    client, key = make_token("SIMPEG", opds=[opds[0]], resources=[Resource.PARTICIPANTS])
    api("participants", key, opd="BKD", page_size=2)
    api("results", key)
    api("participants", key, changed_since="kemarin")
    entries = list(AuditEntry.objects.filter(target_type="api.apiclient").order_by("id"))
    assert [entry.action for entry in entries] == [AuditEntry.Action.VIEW] * 3
    assert {entry.actor_name for entry in entries} == {"API: SIMPEG"}
    assert {entry.target_id for entry in entries} == {str(client.pk)}
    assert [entry.changes["data"] for entry in entries] == ["participants", "results"] * 1 + [
        "participants"
    ]
    assert [entry.changes["status"] for entry in entries] == [200, 403, 400]
    assert entries[0].changes["baris"] == 2
    assert entries[0].changes["parameter"] == ["opd=BKD", "page_size=2"]


def test_a_merge_moves_a_token_scope_to_the_kept_opd(registered):
    keep, twin = Opd.objects.order_by("pk")[:2]
    token, _key = make_token(opds=[twin])
    opd_merge(keep_id=keep.pk, merged_ids=[twin.pk], actor=None)
    assert list(ApiClient.objects.get(pk=token.pk).opds.all()) == [keep]

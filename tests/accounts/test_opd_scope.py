"""A manager's OPD scope fails closed: an empty scope sees nothing on any page, "Semua OPD"
is an explicit choice, and the OPD a manager is scoped to cannot be deleted from under them
(merged, their scope moves with it). Through the real pages: participants, results,
dashboard, the Excel recap and the home page."""

import io

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import resolve, reverse
from openpyxl import load_workbook

from accounts.models import Profile
from accounts.roles import Role
from participants.models import Opd, Participant
from participants.scope import scoped_opd_ids
from scoring.runs import lifecycle
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(tested_event):
    return lifecycle.publish_run(
        run=lifecycle.start_run(event=tested_event, actor=None), actor=None
    )


@pytest.fixture
def gita(opds):
    """A manager of DINSOS only (2 of the 12 people)."""
    user = make_user("gita", Role.PIMPINAN)
    Profile.objects.create(user=user).opds.set([opds[2]])
    return user


def seen(client, user, event) -> dict:
    """What the manager sees of the event on each page: participants, results, the
    dashboard's counts, the recap's Per Peserta rows."""
    client.force_login(user)
    code = event.code
    participants = client.get(reverse("participants:list"))
    results = client.get(reverse("reports:results", args=[code]))
    dashboard = client.get(reverse("reports:dashboard", args=[code]))
    asked = client.post(reverse("reports:recap", args=[code]))
    assert asked.status_code == 302, asked
    token = resolve(asked.url).kwargs["token"]
    recap = client.get(reverse("reports:recap_file", args=[code, token]))
    assert recap.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(recap.streaming_content)), read_only=True)
    recap_rows = list(book["Per Peserta"].iter_rows(values_only=True))[1:]
    return {
        "participants": participants.context["total"],
        "results": results.context["total"],
        "dashboard": (dashboard.context["registered"], dashboard.context["figures"]["n"]),
        "recap": len([row for row in recap_rows if row[0]]),
    }


def test_a_manager_whose_only_opd_disappears_sees_nothing(client, gita, published, opds):
    before = seen(client, gita, published.event)
    assert before["participants"] == 2 and before["results"] == 1  # one of them was absent
    assert before["dashboard"] == (2, 1) and before["recap"] >= 1
    # The OPD is removed underneath the scope (as a delete that bypasses the site's refusal
    # would): its people moved elsewhere first, the scope row goes with the OPD.
    Participant.objects.filter(opd=opds[2]).update(opd=opds[0])
    Opd.objects.filter(pk=opds[2].pk).delete()
    assert not Profile.objects.get(user=gita).opds.exists()
    after = seen(client, gita, published.event)
    assert after == {"participants": 0, "results": 0, "dashboard": (0, 0), "recap": 0}
    home = client.get(reverse("home")).content.decode()
    assert "belum ada OPD" in home


def test_a_manager_without_a_profile_sees_nothing(client, published):
    hana = make_user("hana", Role.PIMPINAN)
    assert seen(client, hana, published.event)["participants"] == 0
    assert seen(client, hana, published.event)["results"] == 0


def test_semua_opd_is_an_explicit_choice(client, gita, published):
    Profile.objects.filter(user=gita).update(all_opds=True)
    assert seen(client, gita, published.event)["participants"] == 12


def test_admins_and_operators_see_every_opd_by_role(alice, bob, opds, gita):
    assert scoped_opd_ids(alice) is None and scoped_opd_ids(bob) is None
    assert scoped_opd_ids(gita) == {opds[2].pk}


def test_the_site_refuses_to_delete_the_opd_of_a_managers_scope(as_user, bob, gita, opds):
    Participant.objects.filter(opd=opds[2]).delete()  # nobody left in DINSOS: only the scope
    client = as_user(bob)
    response = client.post(reverse("participants:opd_delete", args=[opds[2].pk]), follow=True)
    assert "tidak dapat dihapus" in response.content.decode()
    assert "1 cakupan OPD pengguna" in response.content.decode()
    assert Opd.objects.filter(pk=opds[2].pk).exists()


def test_a_merge_moves_the_scope_to_the_kept_opd_not_to_the_province(
    client, bob, gita, published, opds
):
    client.force_login(bob)
    response = client.post(
        reverse("participants:opd_merge"),
        {"keep": opds[1].pk, "merged": [opds[2].pk], "confirm": "1"},
    )
    assert response.status_code == 302
    assert list(Profile.objects.get(user=gita).opds.all()) == [opds[1]]
    after = seen(client, gita, published.event)
    # DINKES' 4 and DINSOS' 2 (one absent); BKD's 6 stay out of sight
    assert after["participants"] == 6 and after["results"] == 5
    assert after["dashboard"][0] == 6 and after["recap"] >= 5


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_data_migration_keeps_existing_managers_seeing_every_opd():
    """Before: an empty scope and a Pimpinan without a profile meant every OPD; after the
    migration they hold the explicit choice, and a scoped profile keeps its scope."""
    executor = MigrationExecutor(connection)
    before = [("accounts", "0002_profile_all_opds")]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    User, Group = apps.get_model("auth", "User"), apps.get_model("auth", "Group")
    Profile_, Opd_ = apps.get_model("accounts", "Profile"), apps.get_model("participants", "Opd")
    pimpinan, _ = Group.objects.get_or_create(name="Pimpinan")
    Profile_.objects.create(user=User.objects.create(username="kosong"))
    scoped = Profile_.objects.create(user=User.objects.create(username="dinkes"))
    scoped.opds.add(Opd_.objects.create(name="Dinas Kesehatan", name_key="dinas kesehatan"))
    bare = User.objects.create(username="tanpa-profil")
    bare.groups.add(pimpinan)
    User.objects.create(username="operator-tanpa-profil")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert Profile.objects.get(user__username="kosong").all_opds is True
    assert Profile.objects.get(user__username="dinkes").all_opds is False
    assert Profile.objects.get(user__username="tanpa-profil").all_opds is True
    assert not Profile.objects.filter(user__username="operator-tanpa-profil").exists()

"""Deleting an OPD is refused while anything points to it; two OPDs that are one office are
merged: a preview of what moves, a confirmation, an audit trail, and a repeat that changes
nothing. Through the real OPD pages."""

import pytest
from django.urls import reverse

from accounts.models import Profile
from accounts.roles import Role
from audit.models import AuditEntry
from participants.models import Opd, OpdAlias, Participant, Region, Upt
from tests.conftest import make_user
from tests.sessions_app.fixtures import make_participants

pytestmark = pytest.mark.django_db


def make_opd(name: str, code: str) -> Opd:
    opd = Opd(name=name, code=code, kind=Opd.Kind.BADAN)
    opd.save()
    return opd


def make_upt(opd: Opd, name: str) -> Upt:
    upt = Upt(opd=opd, name=name, region=Region.objects.order_by("name").first())
    upt.save()
    return upt


@pytest.fixture
def office(db):
    """BAPPEDA, and the same office entered a second time as "Bappeda Litbang" with two
    people, a UPT of the same name as one of BAPPEDA's, another UPT, an alias and a manager
    scoped to it alone."""
    keep = make_opd("Badan Perencanaan Pembangunan Daerah", "BAPPEDA")
    twin = make_opd("Bappeda Litbang", "BALITBANG")
    kept_upt = make_upt(keep, "UPT Data Pembangunan")
    twin_upt = make_upt(twin, "UPT Data Pembangunan")
    other_upt = make_upt(twin, "UPT Statistik")
    people = make_participants(twin, 2)
    Participant.objects.filter(pk=people[0].pk).update(upt=twin_upt)
    Participant.objects.filter(pk=people[1].pk).update(upt=other_upt)
    OpdAlias.objects.create(name="Balitbangda", opd=twin)
    manager = make_user("indah", Role.PIMPINAN)
    Profile.objects.create(user=manager).opds.set([twin])
    return {
        "keep": keep,
        "twin": twin,
        "kept_upt": kept_upt,
        "other_upt": other_upt,
        "people": people,
        "manager": manager,
    }


def test_deleting_an_opd_in_use_is_refused_and_says_why(as_user, bob, office):
    client = as_user(bob)
    url = reverse("participants:opd_delete", args=[office["twin"].pk])
    page = client.get(url).content.decode()
    assert "2 peserta, 2 UPT, 1 cakupan OPD pengguna, 1 nama lain OPD" in page
    assert reverse("participants:opd_merge") in page
    refused = client.post(url, follow=True).content.decode()
    assert "tidak dapat dihapus" in refused
    assert Opd.objects.filter(pk=office["twin"].pk).exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.DELETE).exists()


def test_an_unused_opd_is_deleted_once_and_audited(as_user, bob):
    empty = make_opd("Biro Lama", "BIROLAMA")
    client = as_user(bob)
    url = reverse("participants:opd_delete", args=[empty.pk])
    done = client.post(url, follow=True)
    assert "OPD Biro Lama dihapus." in done.content.decode()
    assert not Opd.objects.filter(pk=empty.pk).exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DELETE)
    assert entry.target_repr == "Biro Lama" and entry.actor == bob
    assert client.post(url).status_code == 404


def test_a_manager_may_not_delete_or_merge(as_user, dave, office):
    client = as_user(dave)
    assert client.get(reverse("participants:opd_merge")).status_code == 403
    url = reverse("participants:opd_delete", args=[office["twin"].pk])
    assert client.post(url).status_code == 403


def test_the_merge_previews_then_moves_everything_to_the_kept_opd(as_user, bob, office):
    keep, twin = office["keep"], office["twin"]
    client = as_user(bob)
    url = reverse("participants:opd_merge")
    assert client.get(url).status_code == 200
    preview = client.post(url, {"keep": keep.pk, "merged": [twin.pk]})
    page = preview.content.decode()
    assert preview.status_code == 200
    for line in ("2 peserta pindah", "2 UPT pindah", "1 cakupan OPD pengguna pindah"):
        assert line in page
    assert "UPT Data Pembangunan" in page  # joined with the kept OPD's UPT of that name
    assert Participant.objects.filter(opd=twin).count() == 2  # a preview writes nothing

    done = client.post(url, {"keep": keep.pk, "merged": [twin.pk], "confirm": "1"}, follow=True)
    assert "Bappeda Litbang digabungkan ke Badan Perencanaan Pembangunan Daerah." in (
        done.content.decode()
    )
    assert not Opd.objects.filter(pk=twin.pk).exists()
    first, second = (Participant.objects.get(pk=p.pk) for p in office["people"])
    assert first.opd == keep and first.upt == office["kept_upt"]
    assert second.opd == keep and second.upt == office["other_upt"]
    assert Upt.objects.get(pk=office["other_upt"].pk).opd == keep
    assert Upt.objects.filter(opd=keep).count() == 2
    assert list(Profile.objects.get(user=office["manager"]).opds.all()) == [keep]
    assert dict(OpdAlias.objects.values_list("name", "opd")) == {
        "Balitbangda": keep.pk,
        "Bappeda Litbang": keep.pk,  # the old name, for the next import
    }
    merge = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE, target_id=str(keep.pk))
    assert merge.actor == bob and merge.changes["gabung"] == ["Bappeda Litbang"]
    assert merge.changes["peserta_dipindah"] == 2
    assert merge.changes["upt_disatukan"] == ["UPT Data Pembangunan"]
    gone = AuditEntry.objects.get(action=AuditEntry.Action.DELETE, target_id=str(twin.pk))
    assert gone.changes["digabungkan_ke"] == keep.name

    # The same confirmation sent again (a double click, the back button) changes nothing.
    entries = AuditEntry.objects.count()
    again = client.post(url, {"keep": keep.pk, "merged": [twin.pk], "confirm": "1"})
    assert again.status_code == 400
    assert "sudah tidak ada" in again.content.decode()
    assert AuditEntry.objects.count() == entries
    assert Participant.objects.filter(opd=keep).count() == 2


def test_an_opd_is_not_merged_into_itself(as_user, bob, office):
    keep = office["keep"]
    response = as_user(bob).post(
        reverse("participants:opd_merge"), {"keep": keep.pk, "merged": [keep.pk], "confirm": "1"}
    )
    assert response.status_code == 400
    assert "tidak dapat digabungkan ke dirinya" in response.content.decode()
    assert Opd.objects.filter(pk=keep.pk).exists()

"""Participant list, detail, create and edit pages."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from participants.importer import build_plan
from participants.models import Opd, Participant
from participants.services import participant_import_apply
from tests.conftest import row, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tmp_path, opd_dinkes):
    rows = [row(f"1986092620150510{n:02d}", name=f"Pegawai {n:02d}") for n in range(1, 61)]
    rows.append(row("199001012021152001", name="Siti Rahma", golongan="IX", opd="Dinas Kesehatan"))
    plan = build_plan(write_xlsx(tmp_path / "p.xlsx", rows), "p.xlsx")
    participant_import_apply(plan=plan, actor=None, skip_invalid=False)


def test_the_list_pages_fifty_at_a_time_with_fixed_queries(
    as_user, bob, people, django_assert_max_num_queries
):
    client = as_user(bob)
    url = reverse("participants:list")
    # The session's first page also keeps the permissions it read in the session (1).
    with django_assert_max_num_queries(11):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 50
    assert response.context["total"] == 61
    with django_assert_max_num_queries(10):
        assert client.get(url, {"page": 2}).status_code == 200


def test_the_list_query_count_does_not_grow_with_rows(
    as_user, bob, people, django_assert_num_queries
):
    client = as_user(bob)
    client.get(reverse("participants:list"))  # warm the session
    # user, groups (navigation), count, 2 filter lists, rows; the session and the
    # permissions it keeps come from the cache; an operator sees every OPD by role, so no
    # profile is read
    with django_assert_num_queries(6):
        client.get(reverse("participants:list"))


def test_it_searches_by_nip_part_or_name(as_user, bob, people):
    client = as_user(bob)
    # A NIP is searched by a post that redirects to an address without it (test_nip_search)
    by_nip = client.post(reverse("participants:list"), {"q": "2021152001"}, follow=True)
    assert [p.name for p in by_nip.context["page"]] == ["Siti Rahma"]
    by_name = client.get(reverse("participants:list"), {"q": "siti"})
    assert [p.name for p in by_name.context["page"]] == ["Siti Rahma"]


def test_it_filters_by_opd_status_and_golongan(as_user, bob, people, opd_dinkes):
    client = as_user(bob)
    url = reverse("participants:list")
    assert client.get(url, {"opd": opd_dinkes.pk}).context["total"] == 1
    assert client.get(url, {"employment_type": "PPPK"}).context["total"] == 1
    assert client.get(url, {"golongan": "III/c"}).context["total"] == 60


def test_htmx_filtering_returns_the_page(as_user, bob, people):
    response = as_user(bob).get(reverse("participants:list"), {"q": "siti"}, HTTP_HX_REQUEST="true")
    assert 'id="results"' in response.content.decode()


def test_the_detail_shows_what_the_nip_says(as_user, bob, people):
    siti = Participant.objects.get(name="Siti Rahma")
    page = as_user(bob).get(reverse("participants:detail", args=[siti.pk])).content.decode()
    assert "19900101 2021 15 2 001" in page
    assert "1 Januari 1990" in page
    assert "PPPK" in page and "Perempuan" in page


def test_a_scoped_manager_sees_only_their_opd(as_user, erin, people):
    client = as_user(erin)
    listing = client.get(reverse("participants:list"))
    assert [p.name for p in listing.context["page"]] == ["Siti Rahma"]
    other = Participant.objects.exclude(name="Siti Rahma").first()
    assert client.get(reverse("participants:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("participants:edit", args=[other.pk])).status_code == 403


def test_an_operator_adds_a_participant_and_the_audit_trail_says_so(as_user, bob, opd_dinkes):
    from participants.models import PositionClass

    response = as_user(bob).post(
        reverse("participants:create"),
        {
            "nip": "19860926 201505 2 007",
            "name": "Nur Aini",
            "golongan": "iii-b",
            "position_title": "Perawat Ahli Pertama",
            "position_class": PositionClass.objects.get(name="JF Ahli Pertama").pk,
            "opd": opd_dinkes.pk,
            "phone": "+62 812 3456 7890",
        },
    )
    person = Participant.objects.get()
    assert response.url == reverse("participants:detail", args=[person.pk])
    assert (person.nip, person.golongan, person.gender, person.phone) == (
        "198609262015052007",
        "III/b",
        "P",
        "+6281234567890",
    )
    entry = AuditEntry.objects.get(target_id=str(person.pk))
    assert (entry.actor, entry.action) == (bob, AuditEntry.Action.CREATE)


def test_a_bad_nip_is_explained_on_the_form(as_user, bob, opd_dinkes):
    response = as_user(bob).post(reverse("participants:create"), {"nip": "19860926201513"})
    assert "18 digit" in response.content.decode()
    assert Participant.objects.count() == 0


def test_editing_records_before_and_after(as_user, bob, people):
    person = Participant.objects.get(name="Siti Rahma")
    client = as_user(bob)
    form = client.get(reverse("participants:edit", args=[person.pk])).context["form"]
    data = {key: value for key, value in form.initial.items() if value is not None}
    data["name"] = "Siti Rahmawati"
    client.post(reverse("participants:edit", args=[person.pk]), data)
    entry = AuditEntry.objects.get(target_id=str(person.pk), action=AuditEntry.Action.UPDATE)
    assert entry.changes == {"name": ["Siti Rahma", "Siti Rahmawati"]}
    assert Opd.objects.count() == 2

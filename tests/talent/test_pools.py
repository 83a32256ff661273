"""The succession pool through its page, its export and its command, on two stages
(tests/talent/pool_scenario.py)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Profile
from accounts.roles import Role
from audit.models import AuditEntry
from participants.models import PositionClass, PositionStandard
from participants.standards import targets
from tests.conftest import make_user
from tests.talent.pool_scenario import move_event, recent_days, score_later, two_stages

pytestmark = pytest.mark.django_db

HEADERS = [
    "NIP",
    "Nama",
    "OPD",
    "Jabatan",
    "Jenis Jabatan",
    "Kotak Talenta",
    "Skor Potensi",
    "JPM Sasaran",
    "Gap Sasaran",
    "Kegiatan",
]


@pytest.fixture
def stages(event, registered, alice):
    # Dated from today (Tahap II about two years ago), so the pool never expires with the
    # calendar; expiry has its own test.
    earlier_start, later_start = recent_days(timezone.localdate())
    move_event(event, later_start)
    return two_stages(event, registered, alice, earlier_start)


def target_key(name: str) -> str:
    return next(target.key for target in targets() if target.name == name)


def pool_page(client, target="Administrator", **params):
    return client.get(reverse("talent:pool"), {"target": target_key(target), **params})


def names(response) -> list[str]:
    return [candidate.name for candidate in response.context["page"].object_list]


def export_rows(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(response.content))["Talent Pool"]
    return list(sheet.iter_rows(values_only=True))


def test_it_ranks_the_earlier_stage_by_box_then_target_jpm_then_potential(stages, as_user, bob):
    p = stages.people
    response = pool_page(as_user(bob))
    assert response.status_code == 200
    assert names(response) == [p[5].name, p[0].name, p[1].name, p[2].name, p[7].name, p[6].name]
    first = response.context["page"].object_list
    assert [c.box for c in first] == [9, 9, 9, 8, 8, 7]
    assert [c.target_jpm for c in first] == [100.0, 100.0, 66.67, 100.0, 88.89, 100.0]
    assert [c.target_gap for c in first] == [0, 0, 9, 0, 3, 0]
    assert {c.event_code for c in first} == {"TAHAP2-2023"}
    result = reverse("reports:result", args=["TAHAP2-2023", first[0].registration_id])
    assert result in response.content.decode()


def test_a_later_published_result_replaces_the_earlier_one(stages, as_user, bob, alice):
    p = stages.people
    score_later(stages)  # a draft: the pool still reads Tahap II
    assert names(pool_page(as_user(bob)))[:3] == [p[5].name, p[0].name, p[1].name]
    score_later(stages, publisher=alice)
    response = pool_page(as_user(bob))
    # p0's latest result is box 5 now (out); p1 is measured at level 3 now (JPM 100).
    assert names(response) == [p[5].name, p[1].name, p[2].name, p[7].name, p[6].name]
    p1 = response.context["page"].object_list[1]
    assert (p1.event_code, p1.target_jpm, p1.target_gap) == ("UJI-2024", 100.0, 0)


def test_the_boxes_are_chosen_on_the_form(stages, as_user, bob):
    p = stages.people
    response = pool_page(as_user(bob), boxes=["5", "7"])
    assert names(response) == [p[6].name, p[3].name]
    assert pool_page(as_user(bob), boxes=["1"]).context["total"] == 0


def test_it_filters_by_opd_region_and_golongan(stages, as_user, bob):
    p = stages.people
    client = as_user(bob)
    dinkes = p[6].opd_id
    assert names(pool_page(client, opd=dinkes)) == [p[7].name, p[6].name]
    assert names(pool_page(client, region=p[6].upt.region_id)) == [p[6].name]
    assert names(pool_page(client, golongan="IV/a")) == [p[7].name]


def test_a_target_position_uses_its_own_standard(stages, as_user, bob):
    PositionStandard.objects.create(
        title="Kepala Seksi Pelayanan",
        position_class=PositionClass.objects.get(name="Pengawas"),
        levels=[4, 4, 4, 4, 4, 4, 4, 4, 1],
        imported_at="2024-01-01T00:00:00Z",
    )
    response = pool_page(as_user(bob), target="Kepala Seksi Pelayanan")
    by_name = {c.name: c for c in response.context["page"].object_list}
    # p7's levels 1,2,3,4,5,3,3,3,3 against 4 x 8 and 1: (1+2+3+4+4+3+3+3+1) / 33.
    assert by_name[stages.people[7].name].target_jpm == 72.73
    assert by_name[stages.people[7].name].target_gap == 3 + 2 + 1 + 1 + 1 + 1
    assert by_name[stages.people[6].name].target_jpm == 100.0


def test_a_manager_sees_only_their_opds_on_the_page_and_in_the_export(stages, client):
    p = stages.people
    manager = make_user("fina", Role.PIMPINAN)
    Profile.objects.create(user=manager).opds.set([p[6].opd])
    client.force_login(manager)
    assert names(pool_page(client)) == [p[7].name, p[6].name]
    # Asking for another OPD by hand gives nothing, not that OPD's people.
    assert pool_page(client, opd=p[0].opd_id).status_code == 400
    export = client.get(reverse("talent:pool_export"), {"target": target_key("Administrator")})
    rows = export_rows(export)
    assert [row[0] for row in rows[1:]] == [p[7].nip, p[6].nip]


def test_the_export_writes_the_ranked_sheet_and_both_are_audited(stages, as_user, dave):
    p = stages.people
    client = as_user(dave)
    pool_page(client)
    response = client.get(
        reverse("talent:pool_export"), {"target": target_key("Administrator"), "boxes": ["8"]}
    )
    assert response.status_code == 200
    rows = export_rows(response)
    assert list(rows[0]) == HEADERS
    assert rows[1] == (
        p[2].nip,
        p[2].name,
        p[2].opd.name,
        "Pengadministrasi",
        "Pelaksana",
        8,
        90,
        100,
        0,
        "TAHAP2-2023 Tahap II",
    )
    assert [row[0] for row in rows[1:]] == [p[2].nip, p[7].nip]
    entries = AuditEntry.objects.filter(target_type="talent.pool", actor=dave).order_by("at")
    assert [e.action for e in entries] == [AuditEntry.Action.VIEW, AuditEntry.Action.EXPORT]
    assert entries[1].changes["kotak"] == [8] and entries[1].changes["kandidat"] == 2
    # The richer entry only: the download middleware does not add a second one.
    assert not AuditEntry.objects.filter(target_type="download").exists()


def test_the_command_writes_the_pool_of_a_target_and_is_safe_twice(stages, tmp_path, alice):
    p = stages.people
    score_later(stages, publisher=alice)
    out = tmp_path / "pool.xlsx"
    for _ in range(2):
        call_command("export_talent_pool", "--target", "administrator", str(out))
        sheet = load_workbook(out)["Talent Pool"]
        rows = list(sheet.iter_rows(values_only=True))
        assert list(rows[0]) == HEADERS
        assert [row[0] for row in rows[1:]] == [p[5].nip, p[1].nip, p[2].nip, p[7].nip, p[6].nip]
        assert rows[2][9] == "UJI-2024 Uji Tahap" and rows[2][7] == 100
    call_command("export_talent_pool", "--target", "Administrator", "--box", "5", str(out))
    rows = list(load_workbook(out)["Talent Pool"].iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == [p[0].nip, p[3].nip]
    assert AuditEntry.objects.filter(target_type="talent.pool", actor=None).count() == 3


def test_the_command_refuses_an_unknown_target(stages, tmp_path):
    with pytest.raises(CommandError, match="tidak dikenal"):
        call_command("export_talent_pool", "--target", "Kepala Dunia", str(tmp_path / "x.xlsx"))
    assert not (tmp_path / "x.xlsx").exists()


def test_an_expired_assessment_is_not_in_the_pool(stages, as_user, bob, settings):
    # Valid for one year: Tahap II, about two years ago, has expired (Tahap III is unpublished).
    settings.ASSESSMENT_VALID_YEARS = 1
    assert pool_page(as_user(bob)).context["total"] == 0


def test_without_a_target_the_page_asks_for_one_and_writes_no_audit(stages, as_user, bob):
    response = as_user(bob).get(reverse("talent:pool"))
    assert response.status_code == 200 and "Pilih sasaran" in response.content.decode()
    assert not AuditEntry.objects.filter(target_type="talent.pool").exists()


def test_a_proctor_may_not_see_the_pool(stages, as_user, charlie):
    assert as_user(charlie).get(reverse("talent:pool")).status_code == 403
    assert as_user(charlie).get(reverse("talent:pool_export")).status_code == 403


def test_it_pages_fifty_candidates_at_a_time(stages, as_user, bob):
    response = pool_page(as_user(bob), page=2)
    assert response.context["page"].number == 1  # 6 candidates: one page

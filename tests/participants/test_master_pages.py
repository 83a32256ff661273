"""Operator pages for OPD, UPT and required competency levels."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from participants.models import Opd, PositionClass, Region, RequiredLevel, Upt

pytestmark = pytest.mark.django_db


def test_the_defaults_of_domain_md_are_loaded():
    assert Region.objects.count() == 5
    assert PositionClass.objects.count() == 14
    levels = RequiredLevel.objects.filter(position_class__name="JPT Pratama")
    assert sorted(set(levels.values_list("level", flat=True))) == [4]
    assert levels.count() == 9


def test_an_operator_creates_and_renames_an_opd(as_user, bob):
    client = as_user(bob)
    client.post(
        reverse("participants:opd_create"),
        {"code": "dlh", "name": "Dinas  Lingkungan Hidup", "kind": "dinas"},
    )
    opd = Opd.objects.get()
    assert (opd.code, opd.name) == ("DLH", "Dinas Lingkungan Hidup")
    client.post(
        reverse("participants:opd_edit", args=[opd.pk]),
        {"code": "DLH", "name": "Dinas LH", "kind": "dinas"},
    )
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["create", "update"]
    assert client.get(reverse("participants:opd_list")).status_code == 200


def test_an_opd_name_is_unique_whatever_the_case(as_user, bob, opd_dinkes):
    response = as_user(bob).post(
        reverse("participants:opd_create"), {"code": "", "name": "DINAS kesehatan", "kind": "dinas"}
    )
    assert "sudah dipakai" in response.content.decode()
    assert Opd.objects.count() == 1


def test_an_operator_adds_a_upt_with_its_region(as_user, bob, opd_dinkes):
    client = as_user(bob)
    region = Region.objects.get(name="Kabupaten Malinau")
    client.post(
        reverse("participants:upt_create"),
        {"opd": opd_dinkes.pk, "name": "UPT Labkesda", "region": region.pk},
    )
    assert Upt.objects.get().region == region
    assert "UPT Labkesda" in client.get(reverse("participants:upt_list")).content.decode()


def test_required_levels_are_edited_in_one_table(as_user, bob):
    client = as_user(bob)
    page = client.get(reverse("participants:levels"))
    data = {}
    for pc, cells in page.context["table"]:
        for code, level in cells:
            data[f"level-{pc.pk}-{code}"] = str(level)
    pengawas = PositionClass.objects.get(name="Pengawas")
    data[f"level-{pengawas.pk}-M.03"] = "3"
    client.post(reverse("participants:levels"), data)
    assert RequiredLevel.objects.get(position_class=pengawas, competency="M.03").level == 3
    assert AuditEntry.objects.get().changes == {"level": [2, 3]}


def test_an_out_of_range_level_changes_nothing(as_user, bob):
    client = as_user(bob)
    page = client.get(reverse("participants:levels"))
    data = {
        f"level-{pc.pk}-{code}": str(level)
        for pc, cells in page.context["table"]
        for code, level in cells
    }
    pengawas = PositionClass.objects.get(name="Pengawas")
    data[f"level-{pengawas.pk}-M.01"] = "3"
    data[f"level-{pengawas.pk}-M.02"] = "7"
    response = client.post(reverse("participants:levels"), data)
    assert "harus angka 1–5" in response.content.decode()
    assert RequiredLevel.objects.get(position_class=pengawas, competency="M.01").level == 2

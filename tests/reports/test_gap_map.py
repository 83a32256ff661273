"""The competency gap map, the development recommendations and the training needs list."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import Profile
from participants.competencies import COMPETENCY_CODES
from participants.models import RequiredLevel
from reports.development import DEFAULT_FORMS
from reports.models import CompetencyDevelopment
from scoring.runs import lifecycle
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(tested_event):
    # Pelaksana requires level 1 by default: nobody falls short. Level 3 makes gaps.
    RequiredLevel.objects.filter(position_class__name="Pelaksana").update(level=3)
    return lifecycle.publish_run(
        run=lifecycle.start_run(event=tested_event, actor=None), actor=None
    )


def scoped_manager(opd):
    user = make_user("fiona", None)
    user.groups.add(Group.objects.get(name="Pimpinan"))
    Profile.objects.create(user=user).opds.set([opd])
    return user


def below_by_hand(results, index):
    rows = [r for r in results if r.jpm is not None]
    return sum(1 for r in rows if r.gaps[index] < 0), len(rows)


def test_the_shares_are_those_of_the_rows_and_small_groups_are_hidden(
    client, dave, published, opds
):
    client.force_login(dave)
    response = client.get(reverse("reports:gap_map", args=[published.event.code]))
    rows = {row["name"]: row for row in response.context["rows"]}
    bkd = published.results.filter(registration__participant__opd=opds[0])
    for i in range(len(COMPETENCY_CODES)):
        below, measured = below_by_hand(bkd, i)
        assert rows["Kantor BKD"]["cells"][i]["share"] == below / measured
    assert any(
        row["cells"][i]["share"] > 0 for row in rows.values() if "cells" in row for i in range(9)
    )
    # DINSOS: 2 registered, 1 scored (the other did not come)
    assert rows["Kantor DINSOS"] == {"name": "Kantor DINSOS", "n": 1, "suppressed": True}
    total_below, total = below_by_hand(published.results.all(), 0)
    assert response.context["totals"][0]["n"] == total_below
    assert response.context["totals"][0]["share"] == total_below / total
    page = response.content.decode()
    assert "heat-" in page and DEFAULT_FORMS["M.01"][0] in page


def test_a_scoped_manager_sees_only_their_opd_and_no_other_grouping(client, published, opds):
    client.force_login(scoped_manager(opds[1]))
    url = reverse("reports:gap_map", args=[published.event.code])
    response = client.get(url, {"menurut": "position_class"})
    assert response.context["grouping"] == "opd"
    assert [row["name"] for row in response.context["rows"]] == ["Kantor DINKES"]


def test_the_training_needs_list_is_everyone_below_the_standard(client, dave, published, opds):
    client.force_login(dave)
    url = reverse("reports:training_needs", args=[published.event.code])
    index = 6  # M.07
    response = client.get(url, {"kompetensi": COMPETENCY_CODES[index]})
    listed = [p["registration_id"] for p in response.context["page"].object_list]
    expected = [r.registration_id for r in published.results.all() if r.gaps[index] < 0]
    assert sorted(listed) == sorted(expected) and expected
    gaps = [p["gap"] for p in response.context["page"].object_list]
    assert gaps == sorted(gaps)  # the largest shortfall first
    assert client.get(url, {"kompetensi": "X.99"}).status_code == 404
    client.force_login(scoped_manager(opds[1]))
    mine = client.get(url, {"kompetensi": COMPETENCY_CODES[index]}).context["page"].object_list
    assert {p["opd"] for p in mine} <= {"Kantor DINKES"}


def test_the_development_forms_are_editable(client, dave, published):
    client.force_login(dave)
    url = reverse("reports:gap_map", args=[published.event.code])
    client.get(url)
    assert CompetencyDevelopment.objects.count() == 9  # the defaults, made once
    row = CompetencyDevelopment.objects.get(competency="M.01")
    row.forms = "Diklat PIM\nKonseling integritas"
    row.save()
    page = client.get(url).content.decode()
    assert "Diklat PIM; Konseling integritas" in page
    assert CompetencyDevelopment.objects.count() == 9


def test_a_proctor_may_not(client, charlie, published):
    client.force_login(charlie)
    for name in ("reports:gap_map", "reports:training_needs"):
        assert client.get(reverse(name, args=[published.event.code])).status_code == 403

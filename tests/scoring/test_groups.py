"""Per-group statistics of a run: computed once by the final step, shown per grouping."""

import datetime as dt
import statistics as stats

import numpy as np
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import Profile
from scoring import core, rounding
from scoring.runs import lifecycle
from scoring.runs.groups import Columns, ComponentStatistics, age_band, statistics
from tests.conftest import make_user


def test_statistics_by_hand():
    columns = Columns(
        keys={"gender": ["Laki-laki", "Perempuan", "Laki-laki", "Laki-laki"]},
        values={"jpm": np.array([80.0, 90.0, 100.0, np.nan])},
        jpm_category=[core.JPM_CUKUP, core.JPM_OPTIMAL, core.JPM_OPTIMAL, ""],
        potential_category=["", "", "", ""],
    )
    men, women = statistics(columns)["gender"]
    assert men.name == "Laki-laki" and men.n == 3
    assert men.components["jpm"] == ComponentStatistics(
        n=2, mean=90.0, median=90.0, sd=10.0, min=80.0, max=100.0
    )
    assert men.jpm_category == {"Optimal": 1, "Cukup Optimal": 1, "Kurang Optimal": 0}
    assert women.components["jpm"].sd == 0.0


def test_age_bands_at_their_edges():
    on = dt.date(2024, 2, 27)
    assert age_band(dt.date(1994, 2, 28), on) == "< 30 tahun"  # 29, birthday tomorrow
    assert age_band(dt.date(1994, 2, 27), on) == "30-39 tahun"
    assert age_band(dt.date(1974, 2, 27), on) == "50 tahun ke atas"
    assert age_band(None, on) == "Tidak diketahui"


@pytest.fixture
def published(tested_event):
    return lifecycle.publish_run(
        run=lifecycle.start_run(event=tested_event, actor=None), actor=None
    )


@pytest.mark.django_db
def test_the_stored_groups_match_the_rows(published, opds):
    rows = {row["name"]: row for row in published.summary["groups"]["opd"]}
    bkd = [float(r.jpm) for r in published.results.filter(registration__participant__opd=opds[0])]
    jpm = rows["Kantor BKD"]["components"]["jpm"]
    assert rows["Kantor BKD"]["n"] == len(bkd) == 6
    assert jpm["mean"] == float(rounding.round_half_up(stats.fmean(bkd)))
    assert jpm["median"] == float(rounding.round_half_up(stats.median(bkd)))
    assert jpm["sd"] == float(rounding.round_half_up(stats.pstdev(bkd)))
    assert {row["name"] for row in published.summary["groups"]["gender"]} == {"Perempuan"}
    assert sum(row["n"] for row in published.summary["groups"]["age"]) == 11


@pytest.mark.django_db
def test_the_page_per_grouping_and_for_a_scoped_manager(client, dave, published, opds):
    url = reverse("reports:groups", args=[published.event.code])
    client.force_login(dave)
    response = client.get(url, {"menurut": "golongan"})
    assert response.context["grouping"] == "golongan"
    assert [row["name"] for row in response.context["rows"]] == ["III/a"]
    page = client.get(url).content.decode()
    assert "disembunyikan" in page  # DINKES 4, DINSOS 1
    user = make_user("fiona", None)
    user.groups.add(Group.objects.get(name="Pimpinan"))
    Profile.objects.create(user=user).opds.set([opds[0]])
    client.force_login(user)
    response = client.get(url, {"menurut": "gender"})
    assert response.context["grouping"] == "opd"
    assert [row["name"] for row in response.context["rows"]] == ["Kantor BKD"]

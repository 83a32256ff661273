"""The event dashboard: figures added up from what the run stored, per OPD, within a
manager's scope, small groups suppressed."""

import pytest
from django.urls import reverse

from accounts.models import Profile
from reports.dashboard import combine
from reports.disclosure import SUPPRESS_BELOW
from scoring import core, rounding, talent
from scoring.models import ParticipantResult
from scoring.runs import lifecycle
from scoring.runs.summary import GroupBlock, RunSummary
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(tested_event):
    return lifecycle.publish_run(
        run=lifecycle.start_run(event=tested_event, actor=None), actor=None
    )


def by_hand(results):
    """The same figures, from the result rows, the long way."""
    rows = list(results)
    jpm = [float(r.jpm) for r in rows if r.jpm is not None]
    return {
        "n": len(rows),
        "jpm_mean": float(rounding.round_half_up(sum(jpm) / len(jpm))),
        "boxes": {b: sum(1 for r in rows if r.box == b) for b in range(1, 10)},
        "optimal": sum(1 for r in rows if r.jpm_category == core.JPM_OPTIMAL),
        "ld_bins": [
            sum(1 for r in rows if r.ld_score is not None and min(int(r.ld_score // 10), 9) == i)
            for i in range(10)
        ],
    }


def test_the_stored_blocks_add_up_to_the_figures_of_the_rows(published):
    figures = combine(RunSummary.from_json(published.summary).blocks_by("opd"))
    expected = by_hand(published.results.all())
    assert figures["n"] == expected["n"] == 11
    assert figures["means"]["jpm"] == expected["jpm_mean"]
    grid = {cell["box"]: cell["n"] for row in figures["grid"] for cell in row}
    assert grid == expected["boxes"]
    assert figures["jpm_category"][0] == {
        "label": core.JPM_OPTIMAL,
        "n": expected["optimal"],
        "max": 11,
    }
    assert [b["n"] for b in figures["ld_bins"]] == expected["ld_bins"]


def test_a_scope_adds_up_only_its_opds(published, opds):
    dinkes = opds[1]
    figures = combine(RunSummary.from_json(published.summary).blocks_by("opd"), {dinkes.pk})
    mine = published.results.filter(registration__participant__opd=dinkes)
    assert figures["n"] == mine.count() == 4
    assert [row["name"] for row in figures["opds"]] == [dinkes.name]


def test_groups_under_five_are_suppressed():
    block = {
        "name": "Kecil",
        "n": SUPPRESS_BELOW - 1,
        "sums": {"jpm": 360.0, "ld": 0.0, "es": 0.0, "potential": 0.0},
        "counts": {"jpm": 4, "ld": 0, "es": 0, "potential": 0},
        "jpm_category": {"Optimal": 4},
        "potential_category": {},
        "box": {},
        "ld_bins": [0] * 10,
        "es_bins": [0] * 10,
        "below": [0] * 9,
        "measured": 0,
    }
    big = {**block, "name": "Besar", "n": 6, "counts": {**block["counts"], "jpm": 5}}
    # A lone hidden group's figures would be the total's less Besar's and Sedang's: the
    # smallest shown group, Sedang, is hidden beside it.
    middle = {**block, "name": "Sedang", "n": 5}
    block, big, middle = (GroupBlock.from_json(b) for b in (block, big, middle))
    rows = combine({"1": block, "2": big, "3": middle})["opds"]
    assert rows[0] == {"name": "Besar", **{k: rows[0][k] for k in rows[0] if k != "name"}}
    assert not rows[0]["suppressed"] and rows[0]["jpm"] == 72.0
    assert rows[1] == {"name": "Kecil", "n": 4, "suppressed": True}
    assert rows[2] == {"name": "Sedang", "n": 5, "suppressed": True}
    # Of two groups, one small: the other is hidden too, or the headline would give it away.
    two = combine({"1": block, "2": big})
    assert [row["suppressed"] for row in two["opds"]] == [True, True]
    assert two["means"]["jpm"] == 80.0  # the headline over both stays: 720 / 9


def test_the_page_for_the_province_and_for_a_scoped_manager(client, dave, published, opds):
    url = reverse("reports:dashboard", args=[published.event.code])
    client.force_login(dave)
    page = client.get(url).content.decode()
    assert "dinilai" in page and "Kantor BKD" in page and "Kantor DINKES" in page
    assert "disembunyikan" in page  # DINSOS has 2 people, DINKES 4
    scoped = make_user("fiona", None)
    from django.contrib.auth.models import Group

    scoped.groups.add(Group.objects.get(name="Pimpinan"))
    Profile.objects.create(user=scoped).opds.set([opds[1]])
    client.force_login(scoped)
    response = client.get(url)
    assert response.context["figures"]["n"] == 4
    assert response.context["registered"] == 4
    page = response.content.decode()
    assert "Kantor DINKES" in page and "Kantor BKD" not in page
    assert "hanya OPD dalam cakupan Anda" in page


def test_a_box_links_to_its_people_with_the_recommended_action(client, dave, published):
    result = published.results.exclude(box=None).first()
    client.force_login(dave)
    url = reverse("reports:results", args=[published.event.code])
    page = client.get(url, {"kotak": result.box}).content.decode()
    assert talent.RECOMMENDED_ACTIONS[result.box] in page
    assert result.registration.participant.nip in page
    count = ParticipantResult.objects.filter(run=published, box=result.box).count()
    assert client.get(url, {"kotak": result.box}).context["total"] == count


def test_a_proctor_may_not_and_nothing_published_says_belum_terbit(
    client, charlie, dave, tested_event
):
    url = reverse("reports:dashboard", args=[tested_event.code])
    client.force_login(charlie)
    assert client.get(url).status_code == 403
    client.force_login(dave)
    page = client.get(url)
    assert page.status_code == 200 and "Hasil belum terbit" in page.content.decode()
    assert page.templates[0].name == "reports/not_published.html"

"""Complementary suppression through the real pages and the downloaded recap: an event
where exactly one OPD is small (6 BKD, 5 DINKES, 1 DINSOS scored) shows DINKES, the
smallest shown OPD, hidden beside DINSOS, so the total less BKD gives nobody's mean."""

import io

import pytest
from django.urls import resolve, reverse
from openpyxl import load_workbook

from reports.disclosure import SUPPRESSED
from scoring.runs import lifecycle
from sessions_app.models import Registration
from tests.sessions_app.fixtures import make_participants

pytestmark = pytest.mark.django_db

HIDDEN = "disembunyikan ("  # "<" escaped by blocktranslate, bare by translate


@pytest.fixture
def registered(event, opds):
    """13 people: 6 BKD, 5 DINKES, 2 DINSOS; the last (DINSOS) does not come."""
    people = (
        make_participants(opds[0], 6)
        + make_participants(opds[1], 5, 100)
        + make_participants(opds[2], 2, 200)
    )
    for person in people:
        Registration.objects.create(event=event, participant=person)
    return people


@pytest.fixture
def published(tested_event):
    run = lifecycle.publish_run(run=lifecycle.start_run(event=tested_event, actor=None), actor=None)
    counts = {g["name"]: g["n"] for g in run.summary["by_opd"].values()}
    assert counts == {"Kantor BKD": 6, "Kantor DINKES": 5, "Kantor DINSOS": 1}
    return run


def hidden(rows) -> dict[str, bool]:
    return {row["name"]: row["suppressed"] for row in rows}


EXPECTED = {"Kantor BKD": False, "Kantor DINKES": True, "Kantor DINSOS": True}


def test_the_dashboard_hides_the_second_opd_too(client, dave, published):
    client.force_login(dave)
    response = client.get(reverse("reports:dashboard", args=[published.event.code]))
    assert hidden(response.context["figures"]["opds"]) == EXPECTED
    page = response.content.decode()
    table = page[page.index("Per OPD") : page.index('id="kelompok"')]
    assert table.count(HIDDEN) == 2 and "Kantor DINKES" in table


def test_the_gap_map_hides_the_second_opd_too(client, dave, published):
    client.force_login(dave)
    response = client.get(reverse("reports:gap_map", args=[published.event.code]))
    rows = response.context["rows"]
    assert hidden(rows) == EXPECTED
    assert "cells" not in rows[1] and rows[1]["n"] == 5  # n shows, as before; no share
    assert response.content.decode().count(HIDDEN) == 2
    assert response.context["totals"] is not None  # two hidden: the total may stay


def test_the_group_table_hides_the_second_opd_too(client, dave, published):
    client.force_login(dave)
    url = reverse("reports:groups", args=[published.event.code])
    response = client.get(url, {"menurut": "opd"})
    assert hidden(response.context["rows"]) == EXPECTED
    assert response.content.decode().count(HIDDEN) == 2


def download(client, user, event):
    client.force_login(user)
    asked = client.post(reverse("reports:recap", args=[event.code]))
    token = resolve(asked.url).kwargs["token"]
    response = client.get(reverse("reports:recap_file", args=[event.code, token]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_the_downloaded_recap_hides_the_second_opd_too(client, dave, published):
    book = download(client, dave, published.event)
    for title in ("Per OPD", "Peta Gap"):
        rows = {row[0]: row[1:] for row in book[title].iter_rows(min_row=2, values_only=True)}
        assert rows["Kantor DINKES"][0] == rows["Kantor DINSOS"][0] == SUPPRESSED, title
        assert rows["Kantor BKD"][0] == 6, title
        assert not any(rows["Kantor DINKES"][1:]), title

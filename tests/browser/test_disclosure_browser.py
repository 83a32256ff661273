"""A manager opens the gap map of an event where exactly one OPD is small: in Chromium the
small OPD's cells and the second-smallest OPD's read as the hidden label, the other OPD's as
shares. A screenshot goes to $DISCLOSURE_SCREENSHOT when it is set."""

import os

import pytest
from django.urls import reverse

from scoring.runs import lifecycle
from tests.browser.conftest import sign_in
from tests.reports.test_disclosure_pages import registered  # noqa: F401 (6 BKD, 5 DINKES, 2 DINSOS)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_hidden_cells_read_as_the_label(browser_page, live_server, dave, tested_event):
    lifecycle.publish_run(run=lifecycle.start_run(event=tested_event, actor=None), actor=None)
    page = browser_page
    sign_in(page, live_server.url, "dave")
    page.goto(live_server.url + reverse("reports:gap_map", args=[tested_event.code]))
    cells = {
        row.locator("td").first.inner_text(): [c.inner_text() for c in row.locator("td").all()]
        for row in page.locator("table.heatmap tbody tr").all()
    }
    assert cells["Kantor DINSOS"][1:] == ["1", "disembunyikan (< 5 orang)"]
    assert cells["Kantor DINKES"][1:] == ["5", "disembunyikan (< 5 orang)"]
    assert cells["Kantor BKD"][1] == "6" and all(c.endswith("%") for c in cells["Kantor BKD"][2:])
    assert page.locator("table.heatmap tfoot th.num").count() == 9  # the total stays
    if path := os.environ.get("DISCLOSURE_SCREENSHOT"):
        page.screenshot(path=path, full_page=True)

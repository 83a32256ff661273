"""A manager reads a person's development plan on the result page in Chromium, at desktop
and phone widths: every competency below standard with its forms, in order, and on a phone
the page does not scroll sideways. Screenshots go to /tmp/shots/dev-plan."""

from pathlib import Path

import pytest
from django.urls import reverse

from participants.models import RequiredLevel
from scoring.runs import lifecycle
from tests.browser.conftest import sign_in
from tests.reports.test_development_plan import expected_plan, with_gaps

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = Path("/tmp/shots/dev-plan")

MEASURE = """() => {
  const section = document.getElementById("rencana-pengembangan");
  const box = section.getBoundingClientRect();
  return {
    scrollWidth: document.documentElement.scrollWidth,
    section: [Math.round(box.left), Math.round(box.right)],
    headings: Array.from(section.querySelectorAll("h3")).map((h) => h.textContent.trim()),
    forms: Array.from(section.querySelectorAll(".plan-list ul")).map((u) => u.children.length),
  };
}"""


@pytest.mark.parametrize("width", [1280, 375])
def test_the_plan_reads_in_order_and_fits(browser_page, live_server, dave, tested_event, width):
    RequiredLevel.objects.filter(position_class__name="Pelaksana").update(level=3)
    run = lifecycle.publish_run(run=lifecycle.start_run(event=tested_event, actor=None), actor=None)
    result = with_gaps(run)
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server.url, "dave")
    page.goto(
        live_server.url + reverse("reports:result", args=[run.event.code, result.registration_id])
    )
    seen = page.evaluate(MEASURE)
    assert [h.split()[0] for h in seen["headings"]] == expected_plan(result)
    assert all(count >= 2 for count in seen["forms"])
    assert seen["scrollWidth"] <= width, seen
    assert seen["section"][0] >= 0 and seen["section"][1] <= width
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#rencana-pengembangan").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"plan-{width}.png"), full_page=True)
    page.locator("#rencana-pengembangan").screenshot(path=str(SHOTS / f"plan-section-{width}.png"))

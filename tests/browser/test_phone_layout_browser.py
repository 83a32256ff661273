"""At 375 x 812: the proctor's page fits (no sideways scrolling, one compact row per person,
the search box with its whole placeholder, 44 px touch targets), and the operator's main
pages do not scroll sideways either: wide tables scroll inside their own box."""

from pathlib import Path

import pytest
from django.urls import reverse

from participants.models import Opd
from scoring.runs import lifecycle
from sessions_app.models import Session
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = Path("/tmp/shots/h3")
PHONE = {"width": 375, "height": 812}

MEASURE_PROCTOR = """() => {
  const input = document.getElementById("scan");
  const style = getComputedStyle(input);
  const context = document.createElement("canvas").getContext("2d");
  context.font = style.font;
  const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const box = (element) => {
    const r = element.getBoundingClientRect();
    return [r.width, r.height];
  };
  return {
    scrollWidth: document.documentElement.scrollWidth,
    rows: Array.from(document.querySelectorAll("#roster tr[data-registration]"))
      .map((row) => box(row)[1]),
    buttons: Array.from(document.querySelectorAll("button")).filter((b) => b.offsetParent !== null)
      .map((b) => [b.textContent.trim()].concat(box(b))),
    input: box(input).concat([input.getBoundingClientRect().right]),
    placeholder: [context.measureText(input.placeholder).width, room],
  };
}"""

MEASURE_PAGE = """() => {
  const scrolls = (element) => ["auto", "scroll"].includes(getComputedStyle(element).overflowX);
  return {
    scrollWidth: document.documentElement.scrollWidth,
    tables: Array.from(document.querySelectorAll("main table")).map((table) => ({
      right: Math.round(table.getBoundingClientRect().right),
      wide: table.scrollWidth > table.clientWidth
        || table.parentElement.scrollWidth > table.parentElement.clientWidth,
      scrolls: scrolls(table) || scrolls(table.parentElement),
    })),
  };
}"""


def phone_page(browser_page, live_server, username):
    context = browser_page.context.browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server.url, username)
    return page


def test_the_proctor_page_fits_a_phone(browser_page, live_server, charlie, today_event):
    session = Session.objects.order_by("date", "start_time").first()
    page = phone_page(browser_page, live_server, "charlie")
    page.goto(live_server.url + reverse("sessions_app:proctor_session", args=[session.pk]))
    page.wait_for_selector("#proctor[data-offline-ready='1']", state="attached")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "proctor-phone.png"), full_page=True)
    seen = page.evaluate(MEASURE_PROCTOR)
    assert seen["scrollWidth"] <= 375
    assert len(seen["rows"]) == 5 and all(height < 80 for height in seen["rows"]), seen["rows"]
    width, height, right = seen["input"]
    assert height >= 44 and right <= 375 and page.is_visible("#scan")
    text_width, room = seen["placeholder"]
    assert text_width <= room, seen["placeholder"]  # the whole placeholder shows
    assert len(seen["buttons"]) >= 5 * 4 + 3  # four a row, Kamera, Tutup sesi, Keluar
    small = [b for b in seen["buttons"] if b[1] < 44 or b[2] < 44]
    assert not small, small
    page.context.close()


def test_the_operator_pages_do_not_scroll_sideways_on_a_phone(
    browser_page, live_server, alice, tested_event
):
    lifecycle.publish_run(run=lifecycle.start_run(event=tested_event, actor=None), actor=None)
    # A long OPD name, as the province writes them, in every OPD filter's options.
    Opd.objects.create(
        code="BPKAD",
        name="Badan Pengelolaan Keuangan dan Aset Daerah Provinsi Kalimantan Utara",
        kind=Opd.Kind.BADAN,
    )
    session = Session.objects.order_by("date", "start_time").first()
    registration = session.placements.first().registration
    code = tested_event.code
    pages = {
        "home": reverse("home"),
        "events": reverse("sessions_app:events"),
        "event": reverse("sessions_app:event", args=[code]),
        "registrations": reverse("sessions_app:registrations", args=[code]),
        "registration": reverse("sessions_app:registration", args=[code, registration.pk]),
        "session": reverse("sessions_app:session", args=[code, session.pk]),
        "overview": reverse("sessions_app:attendance_overview", args=[code]),
        "participants": reverse("participants:list"),
        "results": reverse("reports:results", args=[code]),
        "dashboard": reverse("reports:dashboard", args=[code]),
        "audit": reverse("audit:list"),
        "import": reverse("participants:import"),
        "opds": reverse("participants:opd_list"),
        "opd-merge": reverse("participants:opd_merge"),
        "comparison": reverse("reports:comparison", args=[code]),
        "answers-import": reverse("scoring:import", args=[code, "jawaban"]),
        "rules": reverse("reports:scoring_rules", args=[code]),
        "missed": reverse("sessions_app:missed", args=[code]),
    }
    page = phone_page(browser_page, live_server, "alice")
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, url in pages.items():
        response = page.goto(live_server.url + url)
        assert response.status == 200, name
        page.screenshot(path=str(SHOTS / f"operator-{name}-phone.png"), full_page=True)
        seen = page.evaluate(MEASURE_PAGE)
        assert seen["scrollWidth"] <= 375, (name, seen)
        for table in seen["tables"]:
            assert table["right"] <= 375, (name, table)
            assert not table["wide"] or table["scrolls"], (name, table)
    page.context.close()

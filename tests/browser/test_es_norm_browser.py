"""An operator types in an ES norm in Chromium, the event uses it, and a manager reads the
result page with each T-score's percentile, at desktop and phone widths; nothing scrolls
sideways. Screenshots go to /tmp/shots/es-norm."""

from pathlib import Path

import pytest
from django.urls import reverse

from scoring.models import EsNorm, ScoringSettings
from scoring.runs import lifecycle
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = Path("/tmp/shots/es-norm")
FIGURES = {"ES.AD": ("3,5", "0,5"), "ES.BK": ("3", "0,75"), "ES.KI": ("3,25", "1")}
FIGURES |= {"ES.KO": ("4", "0,5"), "ES.PB": ("2,5", "1,25"), "ES.KE": ("3,75", "0,25")}

MEASURE = """(selector) => {
  const box = document.querySelector(selector).getBoundingClientRect();
  return {scrollWidth: document.documentElement.scrollWidth,
          box: [Math.round(box.left), Math.round(box.right)]};
}"""


def fits(page, selector, width):
    seen = page.evaluate(MEASURE, selector)
    assert seen["scrollWidth"] <= width, seen
    assert seen["box"][0] >= 0 and seen["box"][1] <= width, seen


@pytest.mark.parametrize("width", [1280, 375])
def test_a_norm_is_typed_in_used_and_read_with_percentiles(
    browser_page, live_server, bob, dave, tested_event, width
):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    SHOTS.mkdir(parents=True, exist_ok=True)
    sign_in(page, live_server.url, "bob")
    page.goto(live_server.url + reverse("sessions_app:event", args=[tested_event.code]))
    page.get_by_role("link", name="Norma skor T").click()
    page.get_by_role("link", name="Isi manual").click()
    page.get_by_label("Nama norma").fill("Norma Tahap II")
    for code, (mean, sd) in FIGURES.items():
        page.locator(f"[name='mean_{code}']").fill(mean)
        page.locator(f"[name='sd_{code}']").fill("0" if code == "ES.KE" else sd)
    page.get_by_role("button", name="Simpan norma").click()
    error = page.locator("#id_sd_ES\\.KE_error")
    assert error.inner_text() == "Simpangan baku harus lebih dari 0."
    fits(page, "form.norm-form", width)
    error.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"manual-refused-{width}.png"))
    page.locator("[name='sd_ES.KE']").fill("0,25")
    page.get_by_role("button", name="Simpan norma").click()
    assert "Norma “Norma Tahap II” disimpan." in page.locator(".msg").first.inner_text()
    fits(page, "section.norm", width)
    page.screenshot(path=str(SHOTS / f"norms-{width}.png"), full_page=True)

    page.goto(live_server.url + reverse("scoring:scoring_settings", args=[tested_event.code]))
    page.locator("#id_norma-es_norm").select_option(label="Norma Tahap II")
    page.get_by_role("button", name="Simpan norma").click()
    assert ScoringSettings.objects.get(event=tested_event).es_norm == EsNorm.objects.get()

    run = lifecycle.publish_run(run=lifecycle.start_run(event=tested_event, actor=None), actor=None)
    result = run.results.exclude(es_t=[]).order_by("registration_id").first()
    page.context.clear_cookies()
    sign_in(page, live_server.url, "dave")
    page.goto(
        live_server.url
        + reverse("reports:result", args=[tested_event.code, result.registration_id])
    )
    table = page.locator("table.es-scales")
    assert table.locator("th").all_inner_texts() == ["Skala", "Skor 1-5", "Skor T", "Persentil"]
    assert table.locator("tbody tr").count() == 6
    assert "norma “Norma Tahap II”" in page.locator(".es-reference").inner_text()
    fits(page, "table.es-scales", width)
    table.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"result-{width}.png"))
    table.screenshot(path=str(SHOTS / f"result-scales-{width}.png"))

"""The API docs page renders in Chromium from static/ alone, under its CSP: Swagger UI lists
the five lists of the schema, at 1280 px and on a 375 px phone, with no refusal or failed
request logged."""

from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = Path("/tmp/shots/api")


@pytest.mark.parametrize("width", [1280, 375])
def test_the_docs_page_renders_swagger_ui_from_static(browser_page, live_server, width):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    problems, requests = [], []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda r: problems.append(f"failed {r.url}"))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{live_server.url}{reverse('api:docs')}")
    page.wait_for_selector(".opblock-summary-path")
    page.screenshot(path=SHOTS / f"api-docs-{width}.png", full_page=False)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert [path.strip() for path in paths] == [
        "/api/v1/attendance/",
        "/api/v1/events/",
        "/api/v1/participants/",
        "/api/v1/results/",
        "/api/v1/schedules/",
    ]
    assert (
        page.locator(".info .title")
        .inner_text()
        .startswith("API CACT Admin untuk sistem kepegawaian")
    )
    assert page.locator("button.authorize").is_visible()
    assert problems == []
    # Everything from the site itself; the scripts from /static/.
    assert all(url.startswith(live_server.url) for url in requests), requests
    scripts = [url for url in requests if url.endswith(".js")]
    assert scripts and all("/static/" in url for url in scripts), scripts
    assert page.evaluate("document.documentElement.scrollWidth") <= width

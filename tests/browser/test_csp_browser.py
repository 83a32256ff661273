"""The Content Security Policy allows no inline script or style and no eval: the main pages
run under it in Chromium without one refusal (a violation is logged to the console)."""

import pytest
from django.urls import reverse

from scoring.runs import lifecycle
from sessions_app.models import Session
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_main_pages_run_under_the_policy(browser_page, live_server, tested_event, alice):
    run = lifecycle.publish_run(run=lifecycle.start_run(event=tested_event, actor=None), actor=None)
    result = run.results.first()
    refusals = []
    page = browser_page
    page.on(
        "console",
        lambda message: (
            refusals.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    sign_in(page, live_server.url, "alice")
    code = tested_event.code
    session = Session.objects.filter(event=tested_event).first()
    for url in (
        reverse("home"),
        reverse("participants:list"),
        reverse("sessions_app:event", args=[code]),
        reverse("sessions_app:session", args=[code, session.pk]),
        reverse("scoring:runs", args=[code]),
        reverse("scoring:run", args=[code, run.number]),
        reverse("scoring:items", args=[code, run.number]),
        reverse("reports:dashboard", args=[code]),
        reverse("reports:result", args=[code, result.registration_id]),
        reverse("scoring:import", args=[code, "jawaban"]),
    ):
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_timeout(150)  # htmx initialises; a refusal would be logged by now
    # htmx still works under the policy: the participant search swaps the results in place.
    page.goto(f"{live_server.url}{reverse('participants:list')}")
    page.fill("input[name=q]", "Pegawai 001")
    page.wait_for_function("() => location.search.includes('q=')")
    assert refusals == []

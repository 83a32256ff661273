"""Odd query strings: a value a page cannot use is ignored, never a 500.

"²".isdigit() is true and int("²") fails; PostgreSQL refuses a NUL in any text; a huge id
overflows a bigint. Each page here once answered 500 to one of them.
"""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.params import choice_param, int_param, text_param
from scoring.runs import lifecycle
from sessions_app.models import Session

pytestmark = pytest.mark.django_db

ODD_NUMBERS = ["²", "٣", "1²", "-1", "0", "1e3", " ", "9" * 30, "\x00", "1\x00"]
ODD_TEXT = ["\x00", "a\x00b", "\x07\x1b", "x" * 5000]


def get(query: dict):
    return RequestFactory().get("/", query)


def test_int_param_takes_ascii_digits_in_range_only() -> None:
    assert int_param(get({"opd": "12"}), "opd") == 12
    assert int_param(get({"opd": " 12 "}), "opd") == 12
    assert int_param(get({"kotak": "10"}), "kotak", maximum=9) is None
    for odd in ODD_NUMBERS:
        assert int_param(get({"opd": odd}), "opd") is None, odd
    assert int_param(get({}), "opd") is None


def test_text_param_has_no_control_character_and_a_bounded_length() -> None:
    assert text_param(get({"q": " Budi\x00  Santoso\x07 "}), "q") == "Budi Santoso"
    assert len(text_param(get({"q": "x" * 5000}), "q")) == 200
    assert choice_param(get({"menurut": "\x00"}), "menurut", {"opd"}, "opd") == "opd"


def assert_answers(client, url: str, params: dict) -> None:
    response = client.get(url, params)
    assert response.status_code in (200, 302, 303, 400), (url, params, response.status_code)


def test_event_pages_ignore_odd_values(as_user, alice, tested_event) -> None:
    client, code = as_user(alice), tested_event.code
    session = Session.objects.filter(event=tested_event).first()
    pages = {
        reverse("sessions_app:event", args=[code]): ("opd",),
        reverse("sessions_app:registrations", args=[code]): ("opd", "q", "page", "status"),
        reverse("sessions_app:cards", args=[code]): ("opd", "sesi"),
        reverse("sessions_app:session", args=[code, session.pk]): ("opd",),
        reverse("sessions_app:opd_letters", args=[code]): ("opd",),
        reverse("sessions_app:attendance_overview", args=[code]): ("tanggal",),
        reverse("audit:list"): ("jenis", "page"),
    }
    for url, names in pages.items():
        for name in names:
            for odd in ODD_NUMBERS + ODD_TEXT:
                assert_answers(client, url, {name: odd})


def test_a_bad_choice_is_ignored_on_the_cards_page(as_user, bob, tested_event) -> None:
    response = as_user(bob).get(
        reverse("sessions_app:cards", args=[tested_event.code]), {"opd": "²", "sesi": "²"}
    )
    assert response.status_code == 200
    assert response.context["cards"] == [] and response.context["opd_id"] == ""
    refused = as_user(bob).get(
        reverse("sessions_app:cards_pdf", args=[tested_event.code]), {"opd": "²"}
    )
    assert refused.status_code == 400
    assert "Pilih OPD atau sesi" in refused.content.decode()


def test_result_pages_ignore_odd_values(as_user, dave, tested_event) -> None:
    lifecycle.publish_run(run=lifecycle.start_run(event=tested_event, actor=None), actor=None)
    client, code = as_user(dave), tested_event.code
    pages = {
        reverse("reports:results", args=[code]): ("run", "kotak", "q", "page"),
        reverse("reports:dashboard", args=[code]): ("run", "kelompok"),
        reverse("reports:gap_map", args=[code]): ("run", "menurut"),
        reverse("reports:groups", args=[code]): ("run", "menurut"),
    }
    for url, names in pages.items():
        for name in names:
            for odd in ODD_NUMBERS + ODD_TEXT:
                assert_answers(client, url, {name: odd})
    # An odd run number means the published run, not an error.
    page = client.get(reverse("reports:results", args=[code]), {"run": "²", "kotak": "²"})
    assert page.status_code == 200 and page.context["box"] == ""
    assert page.context["total"] == tested_event.registrations.count() - 1

"""A NIP searched for on the participant list or the result list never appears in an
address: the search posts and redirects to an opaque key the session holds; the pages'
links carry the key; searches by name stay plain GET."""

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from participants.models import Participant
from scoring.runs import lifecycle
from tests.sessions_app.fixtures import make_participants

pytestmark = pytest.mark.django_db

DIGIT_RUN = re.compile(r"\d[\d .%+]{7,}")  # 8+ digits, also written with spaces or dots
ADDRESS = re.compile(r'(?:href|action|hx-get|hx-post|hx-push-url)="([^"]*)"')


@pytest.fixture
def crowd(opd_dinkes):
    """60 people whose NIPs all start 19900101 2015: a NIP prefix finds two pages."""
    return make_participants(opd_dinkes, 60)


def digit_runs(text: str) -> list[str]:
    return [run for run in DIGIT_RUN.findall(text) if sum(ch.isdigit() for ch in run) >= 8]


def test_a_nip_search_redirects_to_an_address_without_it(as_user, bob, crowd):
    client = as_user(bob)
    person = crowd[7]
    written = f"{person.nip[:8]} {person.nip[8:14]} {person.nip[14]} {person.nip[15:]}"
    response = client.post(reverse("participants:list"), {"q": written, "opd": ""})
    assert response.status_code == 303
    location = response["Location"]
    assert "cari=" in location and not digit_runs(location)
    page = client.get(location)
    assert [p.pk for p in page.context["page"]] == [person.pk]
    html = page.content.decode()
    assert person.nip in html  # shown in the table, as before
    for address in ADDRESS.findall(html):
        assert not digit_runs(address), address


def test_the_pages_of_a_nip_search_link_the_key_not_the_nip(as_user, bob, crowd):
    client = as_user(bob)
    response = client.post(reverse("participants:list"), {"q": "19900101.2015"}, follow=True)
    assert response.context["total"] == 60
    html = response.content.decode()
    pages = [a for a in ADDRESS.findall(html) if "page=2" in a]
    assert pages and all("cari=" in a and not digit_runs(a) for a in pages)
    second = client.get(reverse("participants:list") + unescape(pages[0]))
    assert len(second.context["page"].object_list) == 10


def test_a_nip_typed_into_the_address_is_redirected_away(as_user, bob, crowd):
    response = as_user(bob).get(reverse("participants:list"), {"q": crowd[0].nip, "opd": ""})
    assert response.status_code == 303 and not digit_runs(response["Location"])


def test_a_name_search_stays_a_plain_address(as_user, bob, crowd):
    client = as_user(bob)
    found = client.get(reverse("participants:list"), {"q": "Pegawai 007"})
    assert found.status_code == 200 and found.context["total"] == 1
    posted = client.post(reverse("participants:list"), {"q": "Pegawai 007"})
    assert posted["Location"] == reverse("participants:list") + "?q=Pegawai+007"


def test_a_key_is_worth_nothing_in_another_session(as_user, bob, crowd, alice):
    location = as_user(bob).post(reverse("participants:list"), {"q": crowd[3].nip})["Location"]
    other = Client()
    other.force_login(alice)
    page = other.get(location)
    assert page.status_code == 200 and page.context["total"] == 60  # no search applied
    assert "kedaluwarsa" in page.content.decode()


def test_htmx_gets_the_address_to_push(as_user, bob, crowd):
    client = as_user(bob)
    response = client.post(
        reverse("participants:list"), {"q": crowd[0].nip}, HTTP_HX_REQUEST="true", follow=True
    )
    assert "cari=" in response["HX-Push-Url"] and not digit_runs(response["HX-Push-Url"])


def test_the_result_list_searches_a_nip_without_an_address_holding_it(
    as_user, dave, tested_event, registered
):
    run = lifecycle.publish_run(run=lifecycle.start_run(event=tested_event, actor=None), actor=None)
    client = as_user(dave)
    url = reverse("reports:results", args=[tested_event.code])
    person = Participant.objects.get(pk=registered[0].pk)
    response = client.post(f"{url}?run={run.number}", {"q": person.nip, "kotak": ""})
    assert response.status_code == 303
    location = response["Location"]
    assert "cari=" in location and f"run={run.number}" in location and not digit_runs(location)
    page = client.get(location)
    assert [r.registration.participant_id for r in page.context["page"]] == [person.pk]
    for address in ADDRESS.findall(page.content.decode()):
        assert not digit_runs(address), address

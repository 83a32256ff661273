"""The result imports' previews list what they will store, 50 a page: who (NIP, name, OPD)
and what (the answer sheet new or replacing one; the levels and scores; the SKP rating)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse

from demo.results import (
    simulate_answers,
    simulate_skp,
    write_answers,
    write_instrument,
    write_skp,
)
from participants.competencies import COMPETENCY_CODES
from scoring.instrument import read_instrument
from scoring.models import AnswerSheet
from scoring.services import instrument_attach
from sessions_app.models import Registration
from tests.conftest import write_csv
from tests.scoring.fixtures import import_answers
from tests.sessions_app.fixtures import make_participants

pytestmark = pytest.mark.django_db


@pytest.fixture
def form_a(event, tmp_path):
    path = tmp_path / "Form A.xlsx"
    write_instrument(path)
    plan = read_instrument(path)
    return instrument_attach(event=event, name="Form A", source=path.name, plan=plan, actor=None)


@pytest.fixture
def crowd(event, opds):
    """120 more people registered: 132 in all."""
    people = make_participants(opds[0], 120, 300)
    Registration.objects.bulk_create(Registration(event=event, participant=p) for p in people)
    return [r.participant for r in event.registrations.select_related("participant")]


def preview_of(client, event, slug, path, **data):
    response = client.post(
        reverse("scoring:import", args=[event.code, slug]),
        {"file": SimpleUploadedFile(path.name, path.read_bytes()), **data},
    )
    assert response.status_code == 302, response.content.decode()[:1000]
    return response.url


def listed(html: str) -> list[str]:
    section = html[html.index('id="planned-rows"') :]
    return re.findall(r'<td class="mono">(\d{18})</td>', section)


def test_the_answers_preview_pages_the_sheets_it_will_store(
    client,
    bob,
    event,
    crowd,
    form_a,
    tmp_path,
):
    nips = [person.nip for person in crowd]
    import_answers(event, form_a, nips[:1], tmp_path, name="dulu.xlsx")  # one sheet before
    path = tmp_path / "jawaban.xlsx"
    write_answers(path, simulate_answers(nips))
    client.force_login(bob)
    url = preview_of(client, event, "jawaban", path, instrument=form_a.pk)
    first = client.get(url).content.decode()
    assert "Baris yang akan disimpan" in first and "Halaman 1 dari 3" in first
    assert listed(first) == nips[:50]
    assert "Mengganti lembar lama" in first  # crowd[0] already had a sheet
    pages = listed(first)
    for number in (2, 3):
        pages += listed(client.get(url, {"page": number}).content.decode())
    assert pages == nips
    partial = client.get(url, {"page": 3}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="planned-rows")
    assert "<html" not in partial.content.decode()
    assert listed(partial.content.decode()) == nips[100:]
    token = resolve(url).kwargs["token"]
    client.post(reverse("scoring:import_confirm", args=[event.code, "jawaban", token]))
    assert 'id="planned-rows"' not in client.get(url).content.decode()
    assert AnswerSheet.objects.filter(instrument=form_a).count() == len(nips)


def test_the_prescored_and_skp_previews_list_what_they_store(
    client, bob, event, registered, tmp_path
):
    client.force_login(bob)
    rows = [[p.nip, *[3] * 8, 4, "78,5", ""] for p in registered[:3]]
    path = write_csv(tmp_path / "skor.csv", rows, headers=["NIP", *COMPETENCY_CODES, "LD", "ES"],
                     delimiter=";")  # fmt: skip
    html = client.get(preview_of(client, event, "skor-jadi", path)).content.decode()
    assert listed(html) == [p.nip for p in registered[:3]]
    assert "3 3 3 3 3 3 3 3 4" in html and "78,5" in html  # as Indonesians write it
    skp = tmp_path / "skp.xlsx"
    write_skp(skp, simulate_skp([p.nip for p in registered[:2]]))
    html = client.get(preview_of(client, event, "skp", skp)).content.decode()
    assert listed(html) == [p.nip for p in registered[:2]]
    assert registered[0].name in html and "Kantor BKD" in html

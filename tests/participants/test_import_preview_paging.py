"""The participant import's preview lists the people it will create, 50 a page: plain links
that keep the preview's address (its token), and htmx asking for the list alone."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import ImportBatch
from participants.models import Participant
from tests.conftest import row, write_xlsx

pytestmark = pytest.mark.django_db

TOTAL = 250


def nip(number: int) -> str:
    return f"198609262015051{number:03d}"


@pytest.fixture
def big_preview(client, bob, tmp_path):
    """250 new people (rows 2-251), then one rejected row (not listed)."""
    Participant.objects.all().delete()
    rows = [row(nip(n), name=f"Pegawai {n:03d}") for n in range(1, TOTAL + 1)]
    rows.append(row("12345", name="NIP Salah"))
    path = write_xlsx(tmp_path / "besar.xlsx", rows)
    client.force_login(bob)
    response = client.post(
        reverse("participants:import"),
        {"file": SimpleUploadedFile("besar.xlsx", path.read_bytes())},
    )
    assert response.status_code == 302
    return response.url


def listed_nips(html: str) -> list[str]:
    section = html[html.index('id="planned-rows"') :]
    return re.findall(r'<td class="mono">(\d{18})</td>', section)


def test_the_first_page_lists_fifty_of_the_people_to_create(client, big_preview):
    html = client.get(big_preview).content.decode()
    assert "Peserta baru yang akan dibuat" in html
    assert listed_nips(html) == [nip(n) for n in range(1, 51)]
    assert "Halaman 1 dari 5" in html
    assert 'href="?page=2#planned-rows"' in html and 'hx-get="?page=2"' in html
    assert "NIP Salah" not in html[html.index('id="planned-rows"') :]  # rejected: not listed


def test_every_page_is_reached_through_the_preview_address(client, big_preview):
    seen = []
    for number in range(1, 6):
        html = client.get(f"{big_preview}?page={number}").content.decode()
        assert f"Halaman {number} dari 5" in html
        assert "Konfirmasi impor" in html or "baris yang valid saja" in html  # the whole page
        seen += listed_nips(html)
    assert seen == [nip(n) for n in range(1, TOTAL + 1)]
    last = client.get(f"{big_preview}?page=5").content.decode()
    assert 'href="?page=4#planned-rows"' in last and "?page=6" not in last


@pytest.mark.parametrize("asked", ["99", "abc", "0", "-1", "２"])
def test_a_page_out_of_range_or_not_a_number_gives_a_real_page(client, big_preview, asked):
    response = client.get(big_preview, {"page": asked})
    assert response.status_code == 200
    assert len(listed_nips(response.content.decode())) == 50


def test_htmx_gets_the_list_alone(client, big_preview):
    response = client.get(
        f"{big_preview}?page=3", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="planned-rows"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card" id="planned-rows">')
    assert "<html" not in html and "Konfirmasi" not in html
    assert listed_nips(html) == [nip(n) for n in range(101, 151)]


def test_after_confirming_the_list_is_gone_and_everyone_is_created(client, big_preview):
    token = ImportBatch.objects.get().token
    client.post(reverse("participants:import_confirm", args=[token]), {"skip_invalid": "1"})
    assert Participant.objects.count() == TOTAL
    html = client.get(big_preview).content.decode()
    assert 'id="planned-rows"' not in html


def test_another_role_may_not_page_the_preview(client, charlie, big_preview):
    client.force_login(charlie)
    assert client.get(f"{big_preview}?page=2").status_code == 403

"""An OPD name the office writes differently ("Bappeda dan Litbang") is matched to the
existing OPD in the import preview; the match is kept as an alias, audited, so the next
import matches it by itself. Through the real upload, preview and confirm pages."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEntry
from core.models import ImportBatch
from participants.models import Opd, OpdAlias, Participant
from tests.conftest import row, write_xlsx

pytestmark = pytest.mark.django_db

BAPPEDA = "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah"


@pytest.fixture
def bappeda(db):
    opd = Opd(name=BAPPEDA, code="BAPPEDA", kind=Opd.Kind.BADAN)
    opd.save()
    return opd


def upload(client, path) -> ImportBatch:
    file = SimpleUploadedFile(path.name, path.read_bytes())
    response = client.post(reverse("participants:import"), {"file": file})
    assert response.status_code == 302, response
    return ImportBatch.objects.get(token=response.url.rstrip("/").rsplit("/", 1)[-1])


def test_an_unknown_opd_name_is_matched_in_the_preview_and_kept_as_an_alias(
    as_user, bob, bappeda, tmp_path
):
    client = as_user(bob)
    first = write_xlsx(
        tmp_path / "tahap3.xlsx",
        [row("198609262015051001", opd="Bappeda dan Litbang"), row("198609262015051002")],
    )
    batch = upload(client, first)
    preview = client.get(reverse("participants:import_preview", args=[batch.token]))
    page = preview.content.decode()
    # A select per unknown name, offering the existing OPDs, tied to the confirm form.
    field = re.search(r'<label for="(opd-\d)">Bappeda dan Litbang</label>', page).group(1)
    select = re.search(
        rf'<select id="{field}" name="{field}" form="import-confirm">.*?</select>', page
    )
    assert select and f'<option value="{bappeda.pk}">{BAPPEDA}</option>' in select.group(0)
    assert 'id="import-confirm"' in page
    assert page.count('form="import-confirm"') == 2  # Badan Kepegawaian Daerah is unknown too

    confirm = reverse("participants:import_confirm", args=[batch.token])
    done = client.post(confirm, {field: str(bappeda.pk)}, follow=True)
    assert "2 peserta baru" in done.content.decode()
    assert f"Bappeda dan Litbang → {BAPPEDA}" in done.content.decode()
    assert "akan dibuat" not in done.content.decode()
    assert Participant.objects.get(nip="198609262015051001").opd == bappeda
    assert not Opd.objects.filter(name="Bappeda dan Litbang").exists()
    assert Opd.objects.filter(name="Badan Kepegawaian Daerah").exists()  # left as "new"
    alias = OpdAlias.objects.get()
    assert (alias.name, alias.opd) == ("Bappeda dan Litbang", bappeda)
    entry = AuditEntry.objects.get(target_type="participants.opdalias")
    assert entry.actor == bob and entry.changes == {"nama_lain": alias.name, "opd": BAPPEDA}

    # The next file matches the alias by itself, however it is capitalised.
    second = write_xlsx(
        tmp_path / "susulan.xlsx", [row("198609262015051003", opd="BAPPEDA  dan LITBANG")]
    )
    batch = upload(client, second)
    assert batch.summary["new_opds"] == []
    preview = client.get(reverse("participants:import_preview", args=[batch.token]))
    assert 'name="opd-0"' not in preview.content.decode()
    client.post(reverse("participants:import_confirm", args=[batch.token]))
    assert Participant.objects.get(nip="198609262015051003").opd == bappeda
    assert OpdAlias.objects.count() == 1


def test_a_match_to_an_opd_that_is_gone_changes_nothing(as_user, bob, bappeda, tmp_path):
    client = as_user(bob)
    path = write_xlsx(tmp_path / "p.xlsx", [row("198609262015051001", opd="Bappeda dan Litbang")])
    batch = upload(client, path)
    confirm = reverse("participants:import_confirm", args=[batch.token])
    refused = client.post(confirm, {"opd-0": "999999"}, follow=True)  # its only unknown name
    assert "sudah tidak ada" in refused.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW
    assert not Participant.objects.exists() and not OpdAlias.objects.exists()
    # The same name already an alias of another OPD: refused, nothing written either.
    other = Opd(name="Dinas Kesehatan")
    other.save()
    OpdAlias.objects.create(name="Bappeda dan Litbang", opd=other)
    batch = upload(client, path)  # now matched to Dinas Kesehatan by the alias
    assert batch.summary["new_opds"] == []


def test_an_alias_that_is_an_opds_own_name_is_refused(bappeda):
    from participants.opd_services import OpdRefused, opd_alias_add

    with pytest.raises(OpdRefused, match="sudah nama OPD"):
        opd_alias_add(name=BAPPEDA.upper(), opd=bappeda, actor=None)
    first = opd_alias_add(name="Bappeda dan Litbang", opd=bappeda, actor=None)
    assert opd_alias_add(name="bappeda DAN litbang", opd=bappeda, actor=None) == first
    assert AuditEntry.objects.filter(target_type="participants.opdalias").count() == 1

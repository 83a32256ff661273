"""The individual result report as a PDF: the right person, their figures, scoped, logged."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import Profile
from audit.models import AuditEntry
from scoring.runs import lifecycle
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(tested_event):
    return lifecycle.publish_run(
        run=lifecycle.start_run(event=tested_event, actor=None), actor=None
    )


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "laporan.pdf"
    path.write_bytes(content)
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_the_report_holds_the_persons_figures(client, dave, published, tmp_path):
    result = published.results.exclude(box=None).first()
    person = result.registration.participant
    client.force_login(dave)
    url = reverse("reports:result_pdf", args=[published.event.code, result.registration_id])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content, tmp_path)
    assert person.name in text
    assert f"{float(result.jpm):.2f}".replace(".", ",") in text
    assert "M.01 Integritas" in text and "Rekomendasi" in text
    entry = AuditEntry.objects.get(actor=dave, action=AuditEntry.Action.EXPORT)
    assert entry.changes == {"laporan": person.nip}


def test_another_opds_report_is_not_found_for_a_scoped_manager(client, published, opds):
    user = make_user("fiona", None)
    user.groups.add(Group.objects.get(name="Pimpinan"))
    Profile.objects.create(user=user).opds.set([opds[1]])
    other = published.results.exclude(registration__participant__opd=opds[1]).first()
    client.force_login(user)
    url = reverse("reports:result_pdf", args=[published.event.code, other.registration_id])
    assert client.get(url).status_code == 404
    assert not AuditEntry.objects.filter(actor=user).exists()

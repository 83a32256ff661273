"""The coverage page and workbook on the two-stage scenario plus three people of DINKES never
registered: 15 people, 11 assessed (everyone but the absent DINSOS person and the three)."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Profile
from accounts.roles import Role
from audit.models import AuditEntry
from talent.coverage import coverage
from tests.conftest import make_user
from tests.sessions_app.fixtures import make_participants

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2024, 6, 1)


@pytest.fixture
def office(two_stages, opds):
    """The scenario and three people of DINKES who were never registered."""
    make_participants(opds[1], 3, start=300)
    return two_stages


@pytest.fixture
def dinkes_manager(opds):
    user = make_user("fiona", Role.PIMPINAN)
    Profile.objects.create(user=user).opds.set([opds[1]])
    return user


def figures_by_name(rows) -> dict:
    return {row.name: (row.total, row.assessed, row.unassessed) for row in rows}


def read_back(content: bytes):
    book = load_workbook(io.BytesIO(content))
    cakupan = [list(row) for row in book["Cakupan"].iter_rows(values_only=True)]
    belum = [list(row) for row in book["Belum Dinilai"].iter_rows(values_only=True)]
    return cakupan, belum


def test_the_figures_per_opd_and_stage(office):
    found = coverage(None, AS_OF)
    assert (found.total.total, found.total.assessed, found.total.unassessed) == (15, 11, 4)
    assert figures_by_name(found.by_opd) == {
        "Kantor BKD": (6, 6, 0),
        "Kantor DINKES": (7, 4, 3),
        "Kantor DINSOS": (2, 1, 1),
    }
    assert figures_by_name(found.by_class) == {"Pelaksana": (15, 11, 4)}
    assert [(s.event.code, s.assessed_here, s.cumulative) for s in found.stages] == [
        ("TAHAP-II-2023", 8, 8),
        ("UJI-2024", 11, 11),
    ]
    assert str(found.total.percent) == "73.33"


def test_validity_decides_who_counts(office, settings):
    # Before the later stage: the 8 pre-scored of Tahap II only.
    assert coverage(None, dt.date(2024, 1, 15)).total.assessed == 8
    # Three years after the later stage ended (28 Feb 2024), nobody is assessed any more.
    assert coverage(None, dt.date(2027, 2, 28)).total.assessed == 11
    assert coverage(None, dt.date(2027, 3, 1)).total.assessed == 0
    settings.ASSESSMENT_VALID_YEARS = 5
    assert coverage(None, dt.date(2027, 3, 1)).total.assessed == 11


def test_the_page_shows_totals_stages_and_the_unassessed(as_user, dave, office, opds):
    client = as_user(dave)
    response = client.get(reverse("talent:coverage"), {"per": "2024-06-01"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cakupan penilaian" in html and "73,33" in html
    assert "Uji TAHAP-II-2023" in html and "Kantor DINSOS" in html
    page = response.context["page"]
    assert page.paginator.count == 4
    response = client.get(reverse("talent:coverage"), {"per": "2024-06-01", "opd": opds[1].pk})
    assert response.context["page"].paginator.count == 3


def test_a_bad_date_is_said_and_today_used(as_user, dave, office):
    response = as_user(dave).get(reverse("talent:coverage"), {"per": "31-31-2024"})
    assert response.status_code == 200
    assert "Tanggal tidak dikenali" in response.content.decode()
    assert response.context["figures"].as_of == timezone.localdate()


def test_the_download_reads_back_and_is_audited(as_user, dave, office):
    response = as_user(dave).get(reverse("talent:coverage_download"), {"per": "2024-06-01"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="cakupan-20240601.xlsx"'
    cakupan, belum = read_back(response.content)
    assert cakupan[0] == ["OPD", "Jumlah ASN", "Sudah Dinilai", "Belum Dinilai", "Persen"]
    assert cakupan[1:] == [
        ["Kantor BKD", 6, 6, 0, 100],
        ["Kantor DINKES", 7, 4, 3, pytest.approx(57.14)],
        ["Kantor DINSOS", 2, 1, 1, 50],
        ["Jumlah", 15, 11, 4, pytest.approx(73.33)],
    ]
    assert belum[0] == ["NIP", "Nama", "OPD", "Jabatan", "Jenis Jabatan"]
    assert len(belum) == 5 and all(
        isinstance(row[0], str) and len(row[0]) == 18 for row in belum[1:]
    )
    assert {row[2] for row in belum[1:]} == {"Kantor DINKES", "Kantor DINSOS"}
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT, actor=dave)
    assert entry.target_type == "talent.coverage"
    assert entry.changes == {"opd": "semua", "per tanggal": "2024-06-01", "belum dinilai": 4}


def test_a_manager_sees_only_their_opd(as_user, dinkes_manager, office, opds):
    client = as_user(dinkes_manager)
    response = client.get(reverse("talent:coverage"), {"per": "2024-06-01"})
    found = response.context["figures"]
    assert [row.name for row in found.by_opd] == ["Kantor DINKES"]
    assert (found.total.total, found.total.assessed) == (7, 4)
    assert [(s.assessed_here, s.cumulative) for s in found.stages] == [(2, 2), (4, 4)]
    assert "Kantor BKD" not in response.content.decode()
    # Another OPD's list asked for by its id: refused by the form, the page stays in scope.
    response = client.get(reverse("talent:coverage"), {"opd": opds[0].pk, "per": "2024-06-01"})
    assert response.context["page"].paginator.count == 3
    cakupan, belum = read_back(
        client.get(reverse("talent:coverage_download"), {"per": "2024-06-01"}).content
    )
    assert cakupan[1:] == [
        ["Kantor DINKES", 7, 4, 3, pytest.approx(57.14)],
        ["Jumlah", 7, 4, 3, pytest.approx(57.14)],
    ]
    assert {row[2] for row in belum[1:]} == {"Kantor DINKES"} and len(belum) == 4
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT, actor=dinkes_manager)
    assert entry.changes["opd"] == ["Kantor DINKES"]


def test_a_proctor_may_not_see_it(as_user, charlie, office):
    assert as_user(charlie).get(reverse("talent:coverage")).status_code == 403
    assert as_user(charlie).get(reverse("talent:coverage_download")).status_code == 403


def test_the_command_writes_the_workbook_twice_alike(office, tmp_path, capsys):
    out = tmp_path / "cakupan.xlsx"
    call_command("export_coverage", str(out), "--as-of", "2024-06-01")
    assert "4 orang belum dinilai" in capsys.readouterr().out
    first = read_back(out.read_bytes())
    call_command("export_coverage", str(out), "--as-of", "2024-06-01")
    assert read_back(out.read_bytes()) == first
    assert first[0][-1] == ["Jumlah", 15, 11, 4, pytest.approx(73.33)]
    call_command("export_coverage", str(out), "--as-of", "2027-03-01")
    cakupan, belum = read_back(out.read_bytes())
    assert cakupan[-1] == ["Jumlah", 15, 0, 15, 0] and len(belum) == 16
    assert AuditEntry.objects.filter(target_type="talent.coverage").count() == 3


def test_the_command_refuses_a_bad_date(office, tmp_path):
    with pytest.raises(CommandError, match="tidak dikenali"):
        call_command("export_coverage", str(tmp_path / "c.xlsx"), "--as-of", "2024-13-01")
    assert not (tmp_path / "c.xlsx").exists()

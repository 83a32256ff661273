"""The training-needs workbook for BPSDM: a summary of head counts per competency x OPD
first, one sheet per competency ranked by gap; from the training needs page and the command,
in the manager's scope, audited, only from a published run."""

from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEntry
from participants.competencies import COMPETENCIES, COMPETENCY_CODES
from participants.models import RequiredLevel
from reports.development import DEFAULT_FORMS
from reports.development_workbook import PEOPLE_HEADER, SUMMARY
from scoring.runs import lifecycle
from tests.reports.test_gap_map import scoped_manager

pytestmark = pytest.mark.django_db

HEADER_ROW = 7  # the summary's title lines, then its table


@pytest.fixture
def published(tested_event):
    # Pelaksana requires level 1 by default: nobody falls short. Level 3 makes gaps.
    RequiredLevel.objects.filter(position_class__name="Pelaksana").update(level=3)
    return lifecycle.publish_run(
        run=lifecycle.start_run(event=tested_event, actor=None), actor=None
    )


def download(client, event):
    response = client.get(reverse("reports:development_workbook", args=[event.code]))
    assert response.status_code == 200, response.content[:300]
    return load_workbook(BytesIO(b"".join(response.streaming_content)))


def rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def below(run, i, opd=None):
    """(nip, gap) of everyone below the standard in competency i, worked out by hand."""
    results = run.results.select_related("registration__participant__opd")
    return sorted(
        (r.registration.participant.nip, r.gaps[i])
        for r in results
        if r.levels and r.levels[i] and r.gaps[i] < 0
        and (opd is None or r.registration.participant.opd == opd)
    )  # fmt: skip


def summary_table(book):
    table = rows(book[SUMMARY])[HEADER_ROW - 1 :]
    header = table[0]
    return header, {row[0]: dict(zip(header[1:], row[1:], strict=True)) for row in table[1:]}


def test_the_workbook_has_the_summary_first_and_a_sheet_per_competency(client, dave, published):
    client.force_login(dave)
    book = download(client, published.event)
    assert book.sheetnames == [SUMMARY, *COMPETENCY_CODES]
    for i, code in enumerate(COMPETENCY_CODES):
        table = rows(book[code])
        assert table[0] == list(PEOPLE_HEADER)
        people = table[1:]
        assert sorted((row[0], row[7]) for row in people) == below(published, i)
        gaps = [row[7] for row in people]
        assert gaps == sorted(gaps)  # the largest shortfall first
        for nip, _name, _opd, _title, position_class, level, required, gap, forms in people:
            assert isinstance(nip, str) and len(nip) == 18
            assert position_class == "Pelaksana" and required == 3 and level - required == gap
            assert forms == "; ".join(DEFAULT_FORMS[code])
    # The ranking is tested on something: some sheet holds different gaps.
    assert any(len({row[7] for row in rows(book[code])[1:]}) > 1 for code in COMPETENCY_CODES)


def test_the_summary_counts_people_per_competency_and_opd(client, dave, published, opds):
    client.force_login(dave)
    header, table = summary_table(download(client, published.event))
    assert header[:2] == ["OPD", "Dinilai"] and header[-1] == "Minimal satu kompetensi"
    assert header[2:-1] == [f"{code} {name}" for code, name in COMPETENCIES]
    assert set(table) == {"Kantor BKD", "Kantor DINKES", "Kantor DINSOS", "Jumlah"}
    for opd in opds:
        counts = table[opd.name]
        assert (
            counts["Dinilai"]
            == published.results.filter(registration__participant__opd=opd).count()
        )
        anyone = set()
        for i, (code, name) in enumerate(COMPETENCIES):
            people = below(published, i, opd)
            assert counts[f"{code} {name}"] == len(people)
            anyone |= {nip for nip, _ in people}
        assert counts["Minimal satu kompetensi"] == len(anyone)
    # Small groups are counted too: the people are named in the sheets beside them.
    assert table["Kantor DINSOS"]["Dinilai"] == 1
    for column in header[1:]:
        assert table["Jumlah"][column] == sum(table[opd.name][column] for opd in opds)


def test_the_download_is_audited(client, dave, published):
    client.force_login(dave)
    book = download(client, published.event)
    written = sum(len(rows(book[code])) - 1 for code in COMPETENCY_CODES)
    entry = AuditEntry.objects.get(actor=dave, action=AuditEntry.Action.EXPORT)
    assert entry.changes == {
        "kebutuhan_pengembangan": published.event.code,
        "opd": "semua",
        "baris": written,
    }


def test_the_training_needs_page_offers_the_download(client, dave, published):
    client.force_login(dave)
    page = client.get(reverse("reports:training_needs", args=[published.event.code]))
    assert reverse("reports:development_workbook", args=[published.event.code]) in (
        page.content.decode()
    )


def test_a_scoped_manager_gets_their_opd_only(client, published, opds):
    manager = scoped_manager(opds[1])
    client.force_login(manager)
    book = download(client, published.event)
    _, table = summary_table(book)
    assert set(table) == {"Kantor DINKES", "Jumlah"}
    dinkes = {p.nip for p in opds[1].participants.all()}
    for i, code in enumerate(COMPETENCY_CODES):
        people = rows(book[code])[1:]
        assert {row[0] for row in people} <= dinkes
        assert sorted((row[0], row[7]) for row in people) == below(published, i, opds[1])
    entry = AuditEntry.objects.get(actor=manager, action=AuditEntry.Action.EXPORT)
    assert entry.changes["opd"] == ["Kantor DINKES"]


def test_an_unpublished_run_is_refused(client, alice, dave, tested_event, tmp_path):
    draft = lifecycle.start_run(event=tested_event, actor=None)  # a draft only
    workbook = reverse("reports:development_workbook", args=[tested_event.code])
    for user in (dave, alice):
        client.force_login(user)
        response = client.get(workbook)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        assert "Hasil belum terbit" in response.content.decode()
    # The admin may read the draft's training needs, but no workbook is offered from it.
    url = reverse("reports:training_needs", args=[tested_event.code])
    page = client.get(url, {"run": draft.number})
    assert page.status_code == 200 and page.context["run"] == draft
    assert workbook not in page.content.decode()
    folder = tmp_path / "keluar"
    folder.mkdir()
    out = folder / "pengembangan.xlsx"
    with pytest.raises(CommandError, match="belum diterbitkan"):
        call_command("export_development", "--event", tested_event.code, str(out))
    assert list(folder.iterdir()) == []
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("export_development", "--event", "TIDAK-ADA", str(out))
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_the_command_writes_the_same_workbook_and_is_safe_twice(published, tmp_path):
    folder = tmp_path / "keluar"
    folder.mkdir()
    out = folder / "pengembangan.xlsx"
    for _ in range(2):
        stdout = StringIO()
        call_command("export_development", "--event", published.event.code.lower(), str(out),
                     stdout=stdout)  # fmt: skip
        assert f"penilaian #{published.number}" in stdout.getvalue()
    book = load_workbook(out)
    assert book.sheetnames == [SUMMARY, *COMPETENCY_CODES]
    for i, code in enumerate(COMPETENCY_CODES):
        assert sorted((r[0], r[7]) for r in rows(book[code])[1:]) == below(published, i)
    assert list(folder.iterdir()) == [out]  # no temporary file left beside it
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, actor=None)
    assert entries.count() == 2

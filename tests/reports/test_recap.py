"""The managers' Excel recap of a published run: its sheets read back with openpyxl and
checked against the stored results; the download, its scope and audit; the command."""

import io
import os
import re
from collections import Counter
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from django.urls import resolve, reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Profile
from accounts.roles import Role
from audit.models import AuditEntry
from participants.competencies import COMPETENCY_CODES
from participants.models import Participant, Region, RequiredLevel, Upt
from reports.disclosure import SUPPRESSED
from reports.models import RecapExport
from reports.recap import write_recap
from reports.recap_exports import write_export
from reports.recap_opds import JPM_CATEGORIES, POTENTIAL_CATEGORIES
from scoring.models import ScoreRun, SkpRating
from scoring.runs import lifecycle
from sessions_app.models import Attendance, AttendanceStatus, Placement
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

SHEETS = ["Ringkasan", "Per Peserta", "Per OPD", "Per Wilayah", "Per UPT", "Per Golongan",
          "Per Jenis Kelamin", "Per Kelompok Usia", "Peta Gap", "Kehadiran", "PNBP"]  # fmt: skip
# The cells of a result: empty for a registered person without one.
SCORE_LABELS = [*COMPETENCY_CODES, *(f"Gap {code}" for code in COMPETENCY_CODES), "JPM",
                "Kategori JPM", "Literasi Digital", "Keahlian Masa Depan", "Skor Potensi",
                "Kategori Potensi", "Kinerja", "Kotak Talenta"]  # fmt: skip
# docs/formats.md#result-recap.
REQUIRED = [
    "NIP",
    "Nama",
    "OPD",
    "Jabatan",
    "Jenis Jabatan",
    *COMPETENCY_CODES,
    "JPM",
    "Kategori JPM",
    "Literasi Digital",
    "Keahlian Masa Depan",
    "Skor Potensi",
    "Kategori Potensi",
    "Kinerja",
    "Kotak Talenta",
]


@pytest.fixture
def published(tested_event, registered, opds) -> ScoreRun:
    """The tested event, scored against level 3 (so some people fall short) and published.
    Five BKD people work at a UPT in Bulungan, two DINKES at one in Tarakan; one BKD person
    has no SKP rating."""
    RequiredLevel.objects.filter(position_class__name="Pelaksana").update(level=3)
    SkpRating.objects.filter(participant=registered[1]).delete()  # no kinerja, no box
    for opd, region, people in (
        (opds[0], "Kabupaten Bulungan", registered[:5]),
        (opds[1], "Kota Tarakan", registered[6:8]),
    ):
        upt = Upt.objects.create(
            opd=opd, name=f"UPT {region}", region=Region.objects.named(region).get()
        )
        Participant.objects.filter(pk__in=[p.pk for p in people]).update(upt=upt)
    run = lifecycle.start_run(event=tested_event, actor=None)
    return lifecycle.publish_run(run=run, actor=None)


@pytest.fixture
def fiona(opds):
    """A Pimpinan scoped to DINKES (4 people, all scored)."""
    user = make_user("fiona", Role.PIMPINAN)
    Profile.objects.create(user=user).opds.set([opds[1]])
    return user


def recap(run):
    buffer = io.BytesIO()
    count = write_recap(run, buffer)
    buffer.seek(0)
    return count, load_workbook(buffer)


def rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def people(book) -> list[dict]:
    header, *body = rows(book["Per Peserta"])
    return [dict(zip(header, row, strict=True)) for row in body]


def by_name(sheet) -> dict:
    """The rows keyed by their first cell, without the empty cells read back at the end."""
    table = {}
    for first, *rest in rows(sheet)[1:]:
        while rest and rest[-1] is None:
            rest.pop()
        if first is not None:
            table[first] = tuple(rest)
    return table


def mean(values) -> float | None:
    values = [Decimal(value) for value in values if value is not None]
    if not values:
        return None
    exact = sum(values) / len(values)
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def download(client, user, event):
    """Ask for the recap as the dashboard button does, then take the file it offers."""
    client.force_login(user)
    asked = client.post(reverse("reports:recap", args=[event.code]))
    if asked.status_code != 302:
        return asked
    token = resolve(asked.url).kwargs["token"]
    page = client.get(asked.url)
    assert page.status_code == 200
    file_url = reverse("reports:recap_file", args=[event.code, token])
    assert f'href="{file_url}"' in page.content.decode()  # written in-process: done at once
    return client.get(file_url)


def every_value(book) -> str:
    return "\n".join(
        str(value) for sheet in book for row in rows(sheet) for value in row if value is not None
    )


# --- the workbook -------------------------------------------------------------------------


def test_the_recap_holds_every_sheet_and_one_row_per_registered_participant(published):
    count, book = recap(published)
    assert book.sheetnames == SHEETS
    assert published.results.count() == 11  # the absent person has no result
    assert count == published.event.registrations.count() == 12  # but is listed
    header = rows(book["Per Peserta"])[0]
    assert set(REQUIRED) <= set(header)
    assert {"UPT", "Kabupaten/Kota", "Golongan", "Kehadiran"} <= set(header)
    assert [f"Gap {code}" for code in COMPETENCY_CODES] == [
        label for label in header if str(label).startswith("Gap ")
    ]
    sheet = book["Per Peserta"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}13"

    results = published.results.select_related("registration__participant__opd")
    stored = {result.registration.participant.nip: result for result in results}
    nip_column = header.index("NIP")
    for row in sheet.iter_rows(min_row=2):
        nip = row[nip_column]
        assert nip.data_type == "s" and re.fullmatch(r"\d{18}", nip.value)
    listed = people(book)
    registered_nips = published.event.registrations.values_list("participant__nip", flat=True)
    assert sorted(row["NIP"] for row in listed) == sorted(registered_nips)
    (absent,) = [row for row in listed if row["NIP"] not in stored]
    assert absent["Kehadiran"] == "Tidak Hadir"
    assert [absent[label] for label in SCORE_LABELS] == [None] * len(SCORE_LABELS)
    for row in listed:
        if row is absent:
            continue
        assert row["Kehadiran"] == "Hadir"
        result = stored[row["NIP"]]
        assert isinstance(row["JPM"], int | float)  # a number, not the text "88.89"
        assert row["JPM"] == float(result.jpm)
        assert row["Skor Potensi"] == (
            None if result.potential is None else float(result.potential)
        )
        assert row["Kategori JPM"] == result.jpm_category
        assert row["Kotak Talenta"] == result.box
        assert row["Kinerja"] == (result.kinerja or None)  # an empty cell, not ""
        assert [row[code] for code in COMPETENCY_CODES] == result.levels
        assert [row[f"Gap {code}"] for code in COMPETENCY_CODES] == result.gaps
        participant = result.registration.participant
        assert (row["Nama"], row["OPD"]) == (participant.name, participant.opd.name)


def test_a_name_that_looks_like_a_formula_comes_back_as_text(published, registered):
    Participant.objects.filter(pk=registered[0].pk).update(name="=1+2")
    _, book = recap(published)
    sheet = book["Per Peserta"]
    names = [row for row in sheet.iter_rows(min_row=2) if row[1].value == "=1+2"]
    assert len(names) == 1
    assert names[0][1].data_type == "s"  # "f" would be a formula Excel runs


def test_the_summary_counts_and_means_match_the_stored_results(published):
    _, book = recap(published)
    results = list(published.results.values("jpm", "potential", "jpm_category", "box"))
    summary = by_name(book["Ringkasan"])
    assert summary["Kegiatan"] == ("Uji Tahap (UJI-2024)",)
    assert summary["Penilaian"] == (1,)
    published_at = timezone.localtime(published.published_at).replace(tzinfo=None)
    assert summary["Diterbitkan"][0].replace(second=0, microsecond=0) == published_at.replace(
        second=0, microsecond=0
    )
    assert summary["Peserta dinilai"] == (11,)
    assert summary["Cakupan"] == ("Semua OPD",)
    assert summary["Rata-rata JPM"] == (mean(r["jpm"] for r in results),)
    assert summary["Rata-rata Skor Potensi"] == (mean(r["potential"] for r in results),)
    boxes = Counter(r["box"] for r in results)
    for box in range(1, 10):
        assert summary[box] == (boxes[box],)
    assert summary["Tanpa kotak"] == (boxes[None],) == (1,)
    categories = Counter(r["jpm_category"] for r in results)
    for label in ("Optimal", "Cukup Optimal", "Kurang Optimal"):
        assert summary[label] == (categories[label],)

    charts = book["Ringkasan"]._charts
    assert len(charts) == 2
    references = [series.val.numRef.f for chart in charts for series in chart.series]
    assert all(reference.startswith("'Ringkasan'!$B$") for reference in references)


def hand_made(run, group_by: str) -> dict[str, list[dict]]:
    """The run's results grouped by a participant field, from the stored rows."""
    groups: dict[str, list[dict]] = {}
    for result in run.results.values(
        "jpm", "ld_score", "es_score", "potential", "jpm_category", "potential_category",
        "levels", "gaps", group=F(f"registration__participant__{group_by}"),
    ):  # fmt: skip
        groups.setdefault(result["group"] or "Tingkat Provinsi", []).append(result)
    return groups


def group_row(results: list[dict]) -> tuple:
    """A row of Per OPD / Per Wilayah as computed by hand: figures, or only the note."""
    if len(results) < 5:
        return (SUPPRESSED,)
    return (
        len(results),
        *(
            mean(r[field] for r in results)
            for field in ("jpm", "ld_score", "es_score", "potential")
        ),
        *(sum(r["jpm_category"] == label for r in results) for label in JPM_CATEGORIES),
        *(sum(r["potential_category"] == label for r in results) for label in POTENTIAL_CATEGORIES),
    )


def test_group_figures_are_computed_and_small_groups_are_hidden(published):
    _, book = recap(published)
    per_opd, per_region = by_name(book["Per OPD"]), by_name(book["Per Wilayah"])
    by_opd, by_region = hand_made(published, "opd__name"), hand_made(published, "upt__region__name")
    assert {name: len(results) for name, results in by_opd.items()} == {
        "Kantor BKD": 6, "Kantor DINKES": 4, "Kantor DINSOS": 1,
    }  # fmt: skip
    assert {name: len(results) for name, results in by_region.items()} == {
        "Kabupaten Bulungan": 5, "Kota Tarakan": 2, "Tingkat Provinsi": 4,
    }  # fmt: skip
    assert per_opd == {name: group_row(results) for name, results in by_opd.items()}
    assert per_region == {name: group_row(results) for name, results in by_region.items()}
    assert per_opd["Kantor DINKES"] == (SUPPRESSED,)
    assert per_region["Kabupaten Bulungan"][0] == 5
    assert list(per_region)[-1] == "Tingkat Provinsi"  # after the named regions
    # The participants without a UPT are at province level; the rest have their region.
    # Per Peserta also lists the absent person (no UPT either), who is in no figure above.
    regions = {row["NIP"]: row["Kabupaten/Kota"] for row in people(book)}
    assert sum(region == "Kabupaten Bulungan" for region in regions.values()) == 5
    assert sum(region is None for region in regions.values()) == 4 + 1


def test_the_gap_map_gives_the_share_below_standard_per_competency(published):
    _, book = recap(published)
    sheet = book["Peta Gap"]
    assert rows(sheet)[0] == ("OPD", "Jumlah Peserta", *COMPETENCY_CODES)
    gap_map = by_name(sheet)
    by_opd = hand_made(published, "opd__name")
    bkd = by_opd["Kantor BKD"]
    shares = [sum(r["gaps"][i] < 0 for r in bkd) / len(bkd) for i in range(9)]
    assert 0 < sum(shares) < 9  # some people fall short of level 3, not all everywhere
    assert gap_map["Kantor BKD"] == pytest.approx((6, *shares))
    assert gap_map["Kantor DINKES"] == gap_map["Kantor DINSOS"] == (SUPPRESSED,)
    assert sheet.cell(row=2, column=3).number_format == "0%"
    (formatting,) = list(sheet.conditional_formatting)
    assert formatting.sqref == "C2:K4"
    assert formatting.rules[0].type == "colorScale"


def test_the_attendance_sheet_counts_each_session(published):
    _, book = recap(published)
    header, *body = rows(book["Kehadiran"])
    assert header[:5] == ("Tanggal", "Sesi", "Mulai", "Selesai", "Ditempatkan")
    sessions = list(published.event.sessions.order_by("date", "start_time"))
    assert len(body) == len(sessions) + 1  # and the total
    for session, row in zip(sessions, body, strict=False):
        figures = dict(zip(header, row, strict=True))
        assert figures["Tanggal"].date() == session.date
        assert figures["Ditempatkan"] == Placement.objects.filter(session=session).count()
        for status in AttendanceStatus:
            n = Attendance.objects.filter(session=session, status=status).count()
            assert figures[status.label] == n
    total = dict(zip(header, body[-1], strict=True))
    assert total["Tanggal"] == "Jumlah"
    assert total["Hadir"] == 11 and total["Tidak Hadir"] == 1
    assert total["Ditempatkan"] == Placement.objects.count() == 12


def test_the_recap_reads_results_in_a_fixed_number_of_queries(published, django_assert_num_queries):
    with django_assert_num_queries(12):
        write_recap(published, io.BytesIO())


# --- the download -------------------------------------------------------------------------


def test_a_manager_downloads_the_recap_and_it_is_audited(client, dave, published):
    event = published.event
    response = download(client, dave, event)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == f'attachment; filename="rekap-{event.code}.xlsx"'
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert len(people(book)) == 12  # every registered person, the absent one too
    entry = AuditEntry.objects.get(target_type="scoring.scorerun", actor=dave)
    assert entry.changes == {"rekap": event.code, "opd": "semua", "baris": 12}
    assert entry.action == AuditEntry.Action.EXPORT
    download(client, dave, event)
    assert AuditEntry.objects.filter(target_type="scoring.scorerun", actor=dave).count() == 2


def test_a_scoped_manager_gets_only_their_opd(client, fiona, published, opds, registered):
    response = download(client, fiona, published.event)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    listed = people(book)
    assert len(listed) == 4 and {row["OPD"] for row in listed} == {"Kantor DINKES"}
    text = every_value(book)
    for person in registered:
        assert (person.nip in text) == (person.opd == opds[1])
        assert (person.name in text) == (person.opd == opds[1])
    for other in ("Kantor BKD", "Kantor DINSOS", "Kabupaten Bulungan"):
        assert other not in text
    assert by_name(book["Ringkasan"])["Peserta dinilai"] == (4,)
    header, *_, total = rows(book["Kehadiran"])
    placed = Placement.objects.filter(registration__participant__opd=opds[1]).count()
    assert dict(zip(header, total, strict=True))["Ditempatkan"] == placed
    entry = AuditEntry.objects.get(target_type="scoring.scorerun", actor=fiona)
    assert entry.changes["opd"] == ["Kantor DINKES"]


def test_a_proctor_may_not_download_the_recap(client, charlie, published):
    assert download(client, charlie, published.event).status_code == 403
    assert not AuditEntry.objects.filter(target_type="scoring.scorerun", actor=charlie).exists()


def test_there_is_no_recap_before_publishing(client, dave, tested_event):
    lifecycle.start_run(event=tested_event, actor=None)  # a draft
    response = download(client, dave, tested_event)
    assert response.status_code == 200
    assert "Hasil belum terbit" in response.content.decode()
    assert not AuditEntry.objects.filter(target_type="scoring.scorerun", actor=dave).exists()


@pytest.mark.parametrize("page", ["reports:results", "reports:dashboard"])
def test_the_results_and_dashboard_pages_ask_for_the_recap(client, dave, published, page):
    client.force_login(dave)
    html = client.get(reverse(page, args=[published.event.code])).content.decode()
    action = reverse("reports:recap", args=[published.event.code])
    assert f'<form method="post" action="{action}"' in html and "Unduh rekap Excel" in html


# --- the recap as a task ------------------------------------------------------------------


def ask(client, user, event) -> RecapExport:
    client.force_login(user)
    asked = client.post(reverse("reports:recap", args=[event.code]))
    assert asked.status_code == 302
    return RecapExport.objects.get(token=resolve(asked.url).kwargs["token"])


def test_the_recap_page_shows_the_progress_of_a_recap_being_written(client, dave, published):
    export = RecapExport.objects.create(
        run=published, requested_by=dave, status=RecapExport.Status.RUNNING,
        rows_done=5000, rows_total=20000,
    )  # fmt: skip
    client.force_login(dave)
    code = published.event.code
    page = client.get(reverse("reports:recap_status", args=[code, export.token])).content.decode()
    progress_url = reverse("reports:recap_progress", args=[code, export.token])
    assert f'hx-get="{progress_url}"' in page and 'value="25"' in page
    assert "5.000 dari 20.000 peserta ditulis" in page
    assert reverse("reports:recap_file", args=[code, export.token]) not in page
    partial = client.get(progress_url)
    assert "HX-Refresh" not in partial and "25%" in partial.content.decode()
    # Asking again while it is written gives the same recap, not a second task.
    assert ask(client, dave, published.event) == export
    assert RecapExport.objects.count() == 1
    write_export(export.pk)  # the worker finishes it
    partial = client.get(progress_url)
    assert partial["HX-Refresh"] == "true" and "100%" in partial.content.decode()


def test_a_recap_is_written_once_and_only_its_owner_may_take_it(client, dave, fiona, published):
    export = ask(client, dave, published.event)
    assert export.status == RecapExport.Status.DONE and export.rows_total == 12
    written = export.file.name
    write_export(export.pk)  # delivered twice: the file written stays
    export.refresh_from_db()
    assert export.file.name == written and export.status == RecapExport.Status.DONE
    code = published.event.code
    for name in ("reports:recap_status", "reports:recap_file"):
        client.force_login(fiona)  # another manager may not see dave's recap (his scope)
        response = client.get(reverse(name, args=[code, export.token]), follow=True)
        assert response.redirect_chain[0][0] == reverse("reports:dashboard", args=[code])
        assert "Rekap itu tidak ada lagi" in response.content.decode()
    assert not AuditEntry.objects.filter(target_type="scoring.scorerun", actor=fiona).exists()


def test_with_the_task_queue_down_the_recap_is_written_in_the_request(
    client, dave, published, broker_down
):
    export = ask(client, dave, published.event)
    assert export.status == RecapExport.Status.DONE and export.rows_total == 12


def test_a_recap_that_fails_says_so_and_may_be_asked_again(client, dave, published, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk penuh")

    monkeypatch.setattr("reports.recap_exports.write_recap", broken)  # the outside world: disk
    export = ask(client, dave, published.event)
    assert export.status == RecapExport.Status.FAILED and not export.file
    page = client.get(reverse("reports:recap_status", args=[published.event.code, export.token]))
    assert (
        "Rekap gagal ditulis" in page.content.decode()
        and "Buat rekap lagi" in page.content.decode()
    )
    monkeypatch.undo()
    again = ask(client, dave, published.event)
    assert again != export and again.status == RecapExport.Status.DONE


def test_recaps_are_deleted_with_their_files_after_a_day(client, dave, published):
    old = ask(client, dave, published.event)
    path = old.file.path
    RecapExport.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=25))
    ask(client, dave, published.event)
    assert not RecapExport.objects.filter(pk=old.pk).exists()
    assert not os.path.exists(path)


# --- the command --------------------------------------------------------------------------


def test_the_command_writes_the_recap_and_may_run_twice(published, tmp_path):
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "rekap.xlsx"
    stdout = io.StringIO()
    call_command("export_recap", "--event", published.event.code, str(out), stdout=stdout)
    assert "12 baris peserta" in stdout.getvalue()
    assert len(people(load_workbook(out))) == 12
    call_command("export_recap", "--event", published.event.code, str(out), "--opd", "dinkes")
    assert {row["OPD"] for row in people(load_workbook(out))} == {"Kantor DINKES"}
    call_command("export_recap", "--event", published.event.code, str(out), "--opd", "kantor  bkd")
    assert len(people(load_workbook(out))) == 6
    assert list(out.parent.iterdir()) == [out]  # no temporary file left behind


def test_the_command_refuses_an_unknown_opd_and_an_unpublished_event(tested_event, tmp_path):
    out = tmp_path / "rekap.xlsx"
    with pytest.raises(CommandError, match="Hasil kegiatan ini belum diterbitkan."):
        call_command("export_recap", "--event", tested_event.code, str(out))
    lifecycle.publish_run(run=lifecycle.start_run(event=tested_event, actor=None), actor=None)
    with pytest.raises(CommandError, match="OPD Dinas Entah tidak ditemukan"):
        call_command("export_recap", "--event", tested_event.code, str(out), "--opd", "Dinas Entah")
    with pytest.raises(CommandError, match="Kegiatan dengan kode TIDAK-ADA tidak ada."):
        call_command("export_recap", "--event", "TIDAK-ADA", str(out))
    assert not out.exists()

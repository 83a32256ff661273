"""The recap's sheets per UPT, golongan, gender and age band, read back with openpyxl and
checked against figures made by hand from the result rows; a scoped recap computes its own;
the dashboard's breakdown per group, and what a scoped manager sees instead."""

import datetime as dt
import io
import statistics as stats

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Profile
from accounts.roles import Role
from participants.models import Participant, Region, Upt
from reports.dashboard import breakdown, group_sort_key
from reports.disclosure import SUPPRESSED
from reports.recap import write_recap
from reports.recap_groups import HEADER, scoped_statistics
from scoring import core, rounding
from scoring.runs import lifecycle
from scoring.runs.groups import GroupStatistics
from scoring.runs.summary import RunSummary
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

GROUP_SHEETS = {
    "Per UPT": "UPT",
    "Per Golongan": "Golongan",
    "Per Jenis Kelamin": "Jenis Kelamin",
    "Per Kelompok Usia": "Kelompok Usia",
}
FIELDS = ("jpm", "ld_score", "es_score", "potential")


def update(people, **fields) -> None:
    Participant.objects.filter(pk__in=[p.pk for p in people]).update(**fields)


@pytest.fixture
def published(tested_event, registered, opds):
    """Scored: BKD 6, DINKES 4, DINSOS 1 (the other is absent). Five BKD people at a UPT in
    Bulungan, two DINKES at one in Tarakan; five BKD men; golongan III/a in BKD, II/c in
    DINKES, IV/a in DINSOS; DINKES under 30, two BKD people 54, the rest 34."""
    bkd, dinkes, dinsos = registered[:6], registered[6:10], registered[10:]
    for opd, region, people in ((opds[0], "Kabupaten Bulungan", bkd[:5]),
                                (opds[1], "Kota Tarakan", dinkes[:2])):  # fmt: skip
        upt = Upt.objects.create(
            opd=opd, name=f"UPT {region}", region=Region.objects.named(region).get()
        )
        update(people, upt=upt)
    update(bkd[:5], gender="L")
    update(dinkes, golongan="II/c", birth_date=dt.date(1995, 6, 1))
    update(dinsos, golongan="IV/a")
    update(bkd[:2], birth_date=dt.date(1970, 1, 1))
    return lifecycle.publish_run(
        run=lifecycle.start_run(event=tested_event, actor=None), actor=None
    )


def book_of(run, opd_ids=None):
    buffer = io.BytesIO()
    write_recap(run, buffer, opd_ids)
    buffer.seek(0)
    return load_workbook(buffer)


def table(sheet) -> dict:
    """The group rows keyed by name, up to the blank row before the note."""
    rows = {}
    for first, *rest in list(sheet.iter_rows(values_only=True))[1:]:
        if first is None:
            break
        while rest and rest[-1] is None:
            rest.pop()
        rows[first] = tuple(rest)
    return rows


def rounded(value: float) -> float:
    return float(rounding.round_half_up(value))


def by_hand(results) -> tuple:
    """A shown row of a group sheet from its result rows: n, mean, median and population sd
    of each component, the shares of each category."""
    figures = []
    for field in FIELDS:
        values = [float(r[field]) for r in results if r[field] is not None]
        figures += [rounded(stats.fmean(values)), rounded(stats.median(values))]
        figures.append(rounded(stats.pstdev(values)))
    n = len(results)
    shares = [
        sum(r[field] == label for r in results) / n
        for field, labels in (
            ("jpm_category", (core.JPM_OPTIMAL, core.JPM_CUKUP, core.JPM_KURANG)),
            ("potential_category", (core.TINGGI, core.MENENGAH, core.RENDAH)),
        )
        for label in labels
    ]
    return (n, *figures, *shares)


def results_of(run, **filters) -> list[dict]:
    person = {f"registration__participant__{k}": v for k, v in filters.items()}
    return list(run.results.filter(**person).values(*FIELDS, "jpm_category", "potential_category"))


# --- the sheets ---------------------------------------------------------------------------


def test_the_group_sheets_follow_the_opd_and_region_sheets(published):
    book = book_of(published)
    assert book.sheetnames[2:8] == ["Per OPD", "Per Wilayah", *GROUP_SHEETS]
    for title, heading in GROUP_SHEETS.items():
        sheet = book[title]
        assert next(sheet.iter_rows(values_only=True)) == (heading, *HEADER)
        assert sheet.freeze_panes == "B2"
        last = sheet.cell(1, len(HEADER) + 1)
        assert last.value == "Potensi Rendah (%)"
        assert sheet.auto_filter.ref == f"A1:{last.column_letter}{len(table(sheet)) + 1}"


def test_the_figures_are_made_by_hand_and_small_groups_are_hidden(published):
    book = book_of(published)
    per_upt = table(book["Per UPT"])
    assert list(per_upt) == ["UPT Kabupaten Bulungan", "UPT Kota Tarakan", "Tanpa UPT"]
    bulungan = results_of(published, upt__name="UPT Kabupaten Bulungan")
    assert per_upt["UPT Kabupaten Bulungan"] == pytest.approx(by_hand(bulungan))
    assert per_upt["UPT Kota Tarakan"] == per_upt["Tanpa UPT"] == (SUPPRESSED,)

    per_gender = table(book["Per Jenis Kelamin"])
    assert per_gender["Laki-laki"] == pytest.approx(by_hand(results_of(published, gender="L")))
    assert per_gender["Perempuan"] == pytest.approx(by_hand(results_of(published, gender="P")))
    assert per_gender["Perempuan"][0] == 6

    per_golongan = table(book["Per Golongan"])
    assert list(per_golongan) == ["II/c", "III/a", "IV/a"]  # by grade, not as text
    assert per_golongan["III/a"] == pytest.approx(by_hand(results_of(published, golongan="III/a")))
    assert per_golongan["II/c"] == per_golongan["IV/a"] == (SUPPRESSED,)

    per_age = table(book["Per Kelompok Usia"])
    assert list(per_age) == ["< 30 tahun", "30-39 tahun", "50 tahun ke atas"]
    thirties = results_of(published, birth_date=dt.date(1990, 1, 1))
    assert per_age["30-39 tahun"] == pytest.approx(by_hand(thirties))
    assert per_age["< 30 tahun"] == per_age["50 tahun ke atas"] == (SUPPRESSED,)


def test_figures_are_numbers_with_their_formats(published):
    sheet = book_of(published)["Per Jenis Kelamin"]
    header = [cell.value for cell in sheet[1]]
    row = sheet[3]  # Perempuan, after Laki-laki
    assert row[0].value == "Perempuan" and isinstance(row[1].value, int)
    mean = row[header.index("JPM Rata-rata")]
    assert isinstance(mean.value, int | float) and mean.number_format == "0.00"
    share = row[header.index("JPM Optimal (%)")]
    assert isinstance(share.value, int | float) and share.number_format == "0%"
    assert 0 <= share.value <= 1


def test_the_stored_statistics_are_the_ones_computed_again(published):
    stored = RunSummary.from_json(published.summary).groups
    again = scoped_statistics(published.results.all(), published)
    for grouping in ("upt", "golongan", "gender", "age"):
        assert again[grouping] == stored[grouping]


def test_a_scoped_recap_counts_its_own_people_only(published, opds):
    book = book_of(published, {opds[0].pk})  # BKD: 5 men, 1 woman
    per_gender = table(book["Per Jenis Kelamin"])
    assert per_gender["Perempuan"] == (SUPPRESSED,)  # 6 in the province, 1 in BKD
    # The summary's BKD total less the men's would be the one woman's: the men are hidden too.
    assert per_gender["Laki-laki"] == (SUPPRESSED,)
    per_golongan = table(book["Per Golongan"])
    assert list(per_golongan) == ["III/a"]
    assert per_golongan["III/a"][0] == 6
    assert per_golongan["III/a"] == pytest.approx(by_hand(results_of(published, opd=opds[0])))
    assert list(table(book["Per UPT"])) == ["UPT Kabupaten Bulungan", "Tanpa UPT"]
    assert list(table(book["Per Kelompok Usia"])) == ["30-39 tahun", "50 tahun ke atas"]


# --- the dashboard ------------------------------------------------------------------------


def test_groups_sort_as_a_reader_expects():
    names = ["Tidak diketahui", "50 tahun ke atas", "< 30 tahun", "30-39 tahun"]
    assert sorted(names, key=lambda n: group_sort_key("age", n)) == [
        "< 30 tahun", "30-39 tahun", "50 tahun ke atas", "Tidak diketahui",
    ]  # fmt: skip
    grades = ["IV/a", "-", "II/c", "IX", "III/a"]
    assert sorted(grades, key=lambda n: group_sort_key("golongan", n)) == [
        "II/c", "III/a", "IV/a", "IX", "-",
    ]  # fmt: skip


def test_the_breakdown_hides_small_groups():
    row = {
        "components": {"jpm": {"n": 5, "mean": 80.0}, "potential": {"n": 0}},
        "jpm_category": {core.JPM_OPTIMAL: 1},
        "potential_category": {core.TINGGI: 2},
    }
    stored = [
        GroupStatistics.from_json({**row, "name": n, "n": i}) for n, i in (("P", 5), ("L", 4))
    ]
    # Two groups, one small: the other is hidden too (the headline total would give L away).
    assert [r["suppressed"] for r in breakdown({"gender": stored}, "gender")] == [True, True]
    # A third group: the smallest shown one, P, is hidden beside L; X shows.
    x = GroupStatistics.from_json({**row, "name": "X", "n": 6})
    rows = breakdown({"gender": [*stored, x]}, "gender")
    assert rows[0] == {"name": "L", "n": 4, "suppressed": True}
    assert rows[1] == {"name": "P", "n": 5, "suppressed": True}
    assert rows[2] == {
        "name": "X", "n": 6, "suppressed": False, "jpm": 80.0, "potential": None,
        "optimal_share": 1 / 6, "tinggi_share": 2 / 6,
    }  # fmt: skip


def test_the_dashboard_breaks_the_province_down_by_group(client, dave, published):
    url = reverse("reports:dashboard", args=[published.event.code])
    client.force_login(dave)
    response = client.get(url)
    assert response.context["grouping"] == "upt"
    names = [row["name"] for row in response.context["breakdown"]]
    assert names == ["UPT Kabupaten Bulungan", "UPT Kota Tarakan", "Tanpa UPT"]
    response = client.get(url, {"kelompok": "gender"})
    men = response.context["breakdown"][0]
    assert men["name"] == "Laki-laki" and men["n"] == 5
    mean = stats.fmean(float(r["jpm"]) for r in results_of(published, gender="L"))
    assert men["jpm"] == rounded(mean)
    page = response.content.decode()
    assert "<strong>Jenis kelamin</strong>" in page and "Laki-laki" in page
    assert "?menurut=gender" in page  # the full table, with medians and spread
    assert client.get(url, {"kelompok": "nope"}).context["grouping"] == "upt"


def test_a_scoped_manager_gets_no_mixed_groups_on_the_dashboard(client, published, opds):
    fiona = make_user("fiona", Role.PIMPINAN)
    Profile.objects.create(user=fiona).opds.set([opds[1]])
    client.force_login(fiona)
    url = reverse("reports:dashboard", args=[published.event.code])
    response = client.get(url, {"kelompok": "upt"})
    assert response.context["breakdown"] is None
    page = response.content.decode()
    assert "UPT Kabupaten Bulungan" not in page and "Laki-laki" not in page
    assert "rincian untuk OPD Anda saja ada di rekap Excel" in page
    assert reverse("reports:recap", args=[published.event.code]) in page

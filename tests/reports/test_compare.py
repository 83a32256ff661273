"""The comparison across stages: two small events scored from known levels, the figures
against hand-computed ones, a manager's scope, small groups hidden, and the page's answers
when there is nothing to compare with."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile
from participants.models import PositionClass
from reports import compare
from scoring.models import PrescoredResult, SkpRating
from scoring.runs import lifecycle
from sessions_app.models import Event, Registration
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

D = Decimal


def make_event(code: str, start: dt.date) -> Event:
    return Event.objects.create(code=code, name=f"Uji {code}", start_date=start, end_date=start)


def score(event: Event, figures: dict, *, publish: bool = True):
    """A run of the event from pre-scored figures: person -> (level of all nine, LD, ES)."""
    for person, (level, ld, es) in figures.items():
        registration, _ = Registration.objects.get_or_create(event=event, participant=person)
        PrescoredResult.objects.create(
            registration=registration,
            levels=[level] * 9,
            ld_score=ld,
            es_score=es,
            imported_at=timezone.now(),
        )
    run = lifecycle.start_run(event=event, actor=None)
    return lifecycle.publish_run(run=run, actor=None) if publish else run


@pytest.fixture
def stages(event, registered):
    """Two stages of the 12 people (6 BKD, 4 DINKES, 2 DINSOS), all Pengawas (standard 2:
    level 1 gives JPM 50, level 2 JPM 100; potential = JPM/2 + LD/4 + ES/4).

    Tahap I (2023): BKD 0-4 level 1, LD 60, ES 60 (potential 55, Rendah);
                    DINKES 6-9 level 2, LD 80, ES 80 (90, Tinggi).
    Tahap II (the `event`, 2024): BKD 0-2 level 2, LD 70, ES 70 (85, Tinggi);
                    BKD 3-4 level 1, LD 60, ES 80 (60, Rendah); BKD 5 level 1, LD 61, ES 80
                    (60.25, Rendah); DINKES 6 level 1, LD 90, ES 70 (65, Rendah);
                    DINKES 7-9 level 2, LD 90, ES 70 (90, Tinggi); DINSOS level 2, 50, 50 (75).
    BKD 0 has an SKP "Baik" of 2023 (sesuai ekspektasi): box 2 then, box 8 now."""
    pengawas = PositionClass.objects.get(name="Pengawas")
    for person in registered:
        person.position_class = pengawas
        person.save(update_fields=["position_class"])
    SkpRating.objects.create(
        participant=registered[0], year=2023, predikat="Baik", imported_at=timezone.now()
    )
    bkd, dinkes, dinsos = registered[:6], registered[6:10], registered[10:]
    earlier = make_event("TAHAP-I-2023", dt.date(2023, 7, 5))
    score(earlier, {p: (1, 60, 60) for p in bkd[:5]} | {p: (2, 80, 80) for p in dinkes})
    current = {p: (2, 70, 70) for p in bkd[:3]} | {p: (1, 60, 80) for p in bkd[3:5]}
    current |= {bkd[5]: (1, 61, 80), dinkes[0]: (1, 90, 70)}
    current |= {p: (2, 90, 70) for p in dinkes[1:]} | {p: (2, 50, 50) for p in dinsos}
    score(event, current)
    return {"earlier": earlier, "current": event, "people": registered}


def url(event: Event, **params) -> str:
    base = reverse("reports:comparison", args=[event.code])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def means(group: dict) -> dict:
    return {c["component"]: (c["earlier"], c["current"], c["change"]) for c in group["components"]}


def scoped_manager(opd):
    user = make_user("fiona", None)
    user.groups.add(Group.objects.get(name="Pimpinan"))
    Profile.objects.create(user=user).opds.set([opd])
    return user


# --- the figures -------------------------------------------------------------------------


def test_the_opd_means_and_their_change_are_the_hand_computed_ones(client, dave, stages):
    client.force_login(dave)
    response = client.get(url(stages["current"]))
    assert response.status_code == 200
    assert response.context["earlier"] == stages["earlier"]
    result = response.context["comparison"]
    rows = {row["name"]: row for row in result.opds}
    assert list(rows) == ["Kantor BKD", "Kantor DINKES", "Kantor DINSOS"]

    bkd = rows["Kantor BKD"]
    assert (bkd["n_earlier"], bkd["n_current"], bkd["n_both"]) == (5, 6, 5)
    # Then, BKD and DINKES (4, hidden) made the total: BKD is hidden beside DINKES.
    assert bkd["suppressed"]
    # A manager of BKD alone sees its means: a table of one group, the total is its own.
    client.force_login(scoped_manager(stages["people"][0].opd))
    scoped = client.get(url(stages["current"]))
    bkd = scoped.context["comparison"].opds[0]
    assert not bkd["suppressed"] and bkd["name"] == "Kantor BKD"
    assert means(bkd) == {
        "jpm": (D("50.00"), D("75.00"), D("25.00")),  # (3 x 100 + 3 x 50) / 6
        "ld": (D("60.00"), D("65.17"), D("5.17")),  # 391 / 6 = 65.1666...
        "es": (D("60.00"), D("75.00"), D("15.00")),
        "potential": (D("55.00"), D("72.54"), D("17.54")),  # 435.25 / 6 = 72.5416...
    }

    # Everyone visible: 9 people then, 12 now.
    total = result.total
    assert (total["n_earlier"], total["n_current"], total["n_both"]) == (9, 12, 9)
    assert means(total) == {
        "jpm": (D("72.22"), D("83.33"), D("11.11")),  # 650 / 9, 1000 / 12
        "ld": (D("68.89"), D("70.92"), D("2.03")),  # 620 / 9, 851 / 12
        "es": (D("68.89"), D("69.17"), D("0.28")),  # 620 / 9, 830 / 12
        "potential": (D("70.56"), D("76.69"), D("6.13")),  # 635 / 9, 920.25 / 12
    }

    page = scoped.content.decode()
    assert "+25,00" in page and "65,17" in page and "+17,54" in page


def test_each_person_in_both_shows_then_and_now(client, dave, stages):
    client.force_login(dave)
    result = client.get(url(stages["current"])).context["comparison"]
    people = {p["nip"]: p for p in result.people}
    everyone = stages["people"]
    assert set(people) == {p.nip for p in everyone[:5] + everyone[6:10]}  # not BKD 5, DINSOS

    first = people[everyone[0].nip]
    assert (first["jpm_earlier"], first["jpm_current"], first["jpm_change"]) == (
        D("50.00"),
        D("100.00"),
        D("50.00"),
    )
    assert (first["category_earlier"], first["category_current"], first["trend"]) == (
        "Rendah",
        "Tinggi",
        compare.UP,
    )
    assert (first["box_earlier"], first["box_current"], first["box_changed"]) == (2, 8, True)
    same = people[everyone[3].nip]
    assert (same["jpm_change"], same["trend"], same["box_current"]) == (D("0.00"), "same", None)
    down = people[everyone[6].nip]
    assert (down["jpm_earlier"], down["jpm_current"], down["jpm_change"]) == (
        D("100.00"),
        D("50.00"),
        D("-50.00"),
    )
    assert (down["category_earlier"], down["category_current"], down["trend"]) == (
        "Tinggi",
        "Rendah",
        compare.DOWN,
    )
    assert result.trends == {"up": 3, "same": 5, "down": 1}

    page = client.get(url(stages["current"])).content.decode()
    assert "2 → 8" in page and "+50,00" in page and "-50,00" in page
    link = reverse("reports:result", args=[stages["current"].code, first["registration"]])
    assert f'href="{link}"' in page


def test_groups_under_five_show_their_counts_but_not_their_means(client, dave, stages):
    client.force_login(dave)
    response = client.get(url(stages["current"]))
    rows = {row["name"]: row for row in response.context["comparison"].opds}
    dinkes, dinsos = rows["Kantor DINKES"], rows["Kantor DINSOS"]
    assert (dinkes["n_earlier"], dinkes["n_current"], dinkes["suppressed"]) == (4, 4, True)
    assert (dinsos["n_earlier"], dinsos["n_current"], dinsos["suppressed"]) == (0, 2, True)
    for row in (dinkes, dinsos):
        assert all(value is None for triple in means(row).values() for value in triple)
    # BKD, the smallest group beside DINKES in the earlier event, is hidden too.
    assert rows["Kantor BKD"]["suppressed"]
    assert all(value is None for triple in means(rows["Kantor BKD"]).values() for value in triple)
    assert response.content.decode().count("disembunyikan (&lt; 5 orang)") == 3


def test_a_side_with_nobody_is_not_suppressed_but_has_no_mean():
    now = compare.Figures(opd_id=1, opd="X", n=5, sums={"jpm": D("450")}, known={"jpm": 5, "ld": 0})
    group = compare.compare([], [now], {})[0][0]
    assert not group["suppressed"] and (group["n_earlier"], group["n_current"]) == (0, 5)
    assert means(group)["jpm"] == (None, D("90.00"), None)
    assert means(group)["ld"] == (None, None, None)


def test_the_people_in_both_page_by_fifty_and_count_all(client, dave, stages):
    client.force_login(dave)
    response = client.get(url(stages["current"]))
    assert response.context["comparison"].people_count == 9
    assert response.context["page"].paginator.count == 9


# --- scope ---------------------------------------------------------------------------------


def test_a_scoped_manager_sees_only_their_opd(client, stages, opds):
    client.force_login(scoped_manager(opds[1]))
    response = client.get(url(stages["current"]))
    result = response.context["comparison"]
    assert [row["name"] for row in result.opds] == ["Kantor DINKES"]
    assert (result.total["n_earlier"], result.total["n_current"]) == (4, 4)
    assert result.total["suppressed"]
    nips = {p.nip for p in stages["people"][6:10]}
    assert {p["nip"] for p in result.people} == nips
    page = response.content.decode()
    assert "hanya OPD dalam cakupan Anda" in page
    assert "Semua OPD dalam cakupan Anda" in page  # the total row says whose total it is
    assert "Kantor BKD" not in page
    for person in stages["people"][:6] + stages["people"][10:]:
        assert person.nip not in page and person.name not in page


def test_choosing_another_event_does_not_reach_past_the_scope(client, stages, opds):
    older = make_event("TAHAP-0-2022", dt.date(2022, 11, 1))
    bkd = stages["people"][:6]
    score(older, {p: (2, 70, 70) for p in bkd})
    client.force_login(scoped_manager(opds[1]))
    response = client.get(url(stages["current"], dari=older.code))
    assert response.status_code == 200
    result = response.context["comparison"]
    assert result.people == []
    assert [row["name"] for row in result.opds] == ["Kantor DINKES"]
    assert (result.opds[0]["n_earlier"], result.opds[0]["n_current"]) == (0, 4)
    page = response.content.decode()
    assert "Kantor BKD" not in page
    assert not any(person.nip in page for person in bkd)


# --- which event it compares with ---------------------------------------------------------


def test_the_default_is_the_latest_earlier_event_with_a_published_run(client, dave, stages):
    older = make_event("TAHAP-0-2022", dt.date(2022, 11, 1))
    score(older, {stages["people"][0]: (2, 70, 70)})
    draft = make_event("TAHAP-IB-2023", dt.date(2023, 12, 4))
    score(draft, {stages["people"][0]: (2, 70, 70)}, publish=False)
    later = make_event("TAHAP-IV-2024", dt.date(2024, 9, 1))
    score(later, {stages["people"][0]: (2, 70, 70)})
    client.force_login(dave)
    response = client.get(url(stages["current"]))
    assert response.context["earlier"] == stages["earlier"]
    assert response.context["choices"] == [stages["earlier"], older]
    assert client.get(url(stages["current"], dari=older.code)).context["earlier"] == older
    for code in (draft.code, later.code, stages["current"].code, "TIDAK-ADA"):
        assert client.get(url(stages["current"], dari=code)).status_code == 404


def test_with_no_earlier_published_event_the_page_says_so(client, dave, registered, event):
    score(event, {person: (2, 70, 70) for person in registered})
    client.force_login(dave)
    response = client.get(url(event))
    assert response.status_code == 200
    assert response.context["earlier"] is None
    assert "Belum ada kegiatan sebelumnya yang hasilnya sudah diterbitkan" in (
        response.content.decode()
    )


def test_a_proctor_may_not_and_an_unpublished_event_says_belum_terbit(
    client, charlie, dave, stages
):
    client.force_login(charlie)
    assert client.get(url(stages["current"])).status_code == 403
    client.force_login(dave)
    assert client.get(url(stages["earlier"])).status_code == 200  # nothing before it
    unpublished = make_event("TAHAP-V-2025", dt.date(2025, 3, 1))
    page = client.get(url(unpublished))
    assert page.status_code == 200 and "Hasil belum terbit" in page.content.decode()
    assert "comparison" not in page.context


def test_the_dashboard_links_to_the_comparison(client, dave, stages):
    client.force_login(dave)
    page = client.get(reverse("reports:dashboard", args=[stages["current"].code]))
    assert f'href="{url(stages["current"])}"' in page.content.decode()


def test_the_page_reads_a_fixed_number_of_queries(client, dave, stages, django_assert_num_queries):
    """User and permissions (3), the event and its run, the earlier events, the scope, the
    earlier run, the two runs' sums per OPD, the people in both per OPD (their count too),
    who they are in the page's order, their page, the menu's groups: none per OPD or per
    person; on the session's first page, its permissions read (2) and kept in it
    (savepoint, update, release); on PostgreSQL the data stamp the figures are kept under."""
    client.force_login(dave)
    stamp = 1 if connection.vendor == "postgresql" else 0
    with django_assert_num_queries(17 + stamp):
        client.get(url(stages["current"]))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the data stamp is PostgreSQL's")
def test_the_figures_are_grouped_once_and_a_change_of_the_data_shows_at_once(
    client, dave, stages, django_assert_max_num_queries
):
    client.force_login(dave)
    first = client.get(url(stages["current"])).context["comparison"]
    # Kept: the second request reads the stamp and the page, not the grouped sums.
    with django_assert_max_num_queries(12):
        again = client.get(url(stages["current"], page=1)).context["comparison"]
    assert again == first
    person = stages["people"][0]
    person.name = "Nama Baru Sekali"
    person.save()
    changed = client.get(url(stages["current"])).context["comparison"]
    assert "Nama Baru Sekali" in {row["name"] for row in changed.people}
    assert changed.opds == first.opds

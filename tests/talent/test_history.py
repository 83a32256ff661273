"""The participant page's assessment history: events with attendance, published results
with the change since the stage before, the profile against the earlier result, validity,
and a manager's scope."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.models import Profile
from accounts.roles import Role
from scoring.models import ParticipantResult
from talent.history import history
from tests.conftest import make_user
from tests.talent.scenario import make_event, prescore

pytestmark = pytest.mark.django_db


def page(client, person):
    return client.get(reverse("participants:detail", args=[person.pk]))


def test_it_shows_both_stages_with_the_change(as_user, dave, recent_two_stages):
    two_stages = recent_two_stages
    person = two_stages["people"][0]
    response = page(as_user(dave), person)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Riwayat penilaian" in html
    assert html.index("Uji TAHAP-II-2023") < html.index("Uji Tahap")
    assert "Hadir" in html and "skor jadi" in html
    current = ParticipantResult.objects.get(
        registration__participant=person, registration__event=two_stages["current"]
    )
    earlier = ParticipantResult.objects.get(
        registration__participant=person, registration__event=two_stages["earlier"]
    )
    delta = current.jpm - earlier.jpm
    shown = f"{'+' if delta > 0 else ''}{delta:.2f}".replace(".", ",")
    assert shown in html
    assert "Hasil yang dipakai" in html
    assert "hasil terakhir dibanding sebelumnya" in html
    assert (
        reverse("reports:result", args=[two_stages["current"].code, current.registration_id])
        in html
    )


def test_the_history_pairs_each_result_with_the_one_before(two_stages):
    person = two_stages["people"][0]
    found = history(person, as_of=dt.date(2024, 6, 1))
    assert [visit.registration.event.code for visit, _ in found.timeline] == [
        "TAHAP-II-2023",
        "UJI-2024",
    ]
    first, second = found.stages
    assert first.figures["jpm"].delta is None
    assert second.figures["jpm"].delta == second.result.jpm - first.result.jpm
    assert second.box_before == first.result.box
    assert second.current and not first.current
    assert [row["earlier"] for row in found.levels] == [1] * 9
    assert [row["level"] for row in found.levels] == second.result.levels
    assert found.timeline[1][0].attended


def test_an_expired_stage_is_marked_and_not_used(two_stages):
    person = two_stages["people"][0]
    found = history(person, as_of=dt.date(2027, 1, 1))
    first, second = found.stages
    assert not first.valid and second.valid and second.current


def test_the_absent_person_has_the_earlier_result_only(as_user, dave, two_stages):
    absent = two_stages["people"][-1]
    html = page(as_user(dave), absent).content.decode()
    assert "Tidak Hadir" in html
    found = history(absent, as_of=dt.date(2024, 6, 1))
    assert len(found.stages) == 0  # not among the first 8 pre-scored either


def test_one_result_is_drawn_against_the_standard(as_user, dave, event, registered):
    prescore(make_event("TAHAP-I", dt.date(2023, 7, 5)), {registered[0]: (2, 70, 70)})
    html = page(as_user(dave), registered[0]).content.decode()
    assert "hasil terakhir dibanding standar" in html


def test_someone_never_registered_sees_a_note(as_user, dave, registered):
    registered[0].registrations.all().delete()
    html = page(as_user(dave), registered[0]).content.decode()
    assert "Belum pernah terdaftar" in html


def test_a_manager_sees_it_within_scope_only(as_user, two_stages, opds):
    manager = make_user("fiona", Role.PIMPINAN)
    Profile.objects.create(user=manager).opds.set([opds[0]])
    client = as_user(manager)
    inside, outside = two_stages["people"][0], two_stages["people"][6]
    assert "Riwayat penilaian" in page(client, inside).content.decode()
    assert page(client, outside).status_code == 404


def test_a_user_without_results_permission_sees_no_history(as_user, two_stages):
    clerk = make_user("gita", None)
    clerk.user_permissions.add(Permission.objects.get(codename="view_participant"))
    Profile.objects.create(user=clerk, all_opds=True)
    response = page(as_user(clerk), two_stages["people"][0])
    assert response.status_code == 200
    assert "Riwayat penilaian" not in response.content.decode()

"""visible_to(user) on every model that belongs to an OPD, for each kind of account: what it
keeps is checked against the OPD each row reaches through its Python relations, not
through the lookup the queryset uses."""

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.utils import timezone

from accounts.models import Profile
from accounts.roles import Role
from participants.models import Opd, Participant
from scoring.models import ParticipantResult, PrescoredResult
from scoring.runs import lifecycle
from sessions_app.models import Attendance, Placement, Registration
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

# Each model, and how one of its rows reaches its OPD's id in Python.
MODELS = {
    "opd": (Opd, lambda opd: opd.pk),
    "participant": (Participant, lambda person: person.opd_id),
    "registration": (Registration, lambda reg: reg.participant.opd_id),
    "placement": (Placement, lambda placed: placed.registration.participant.opd_id),
    "attendance": (Attendance, lambda mark: mark.registration.participant.opd_id),
    "result": (ParticipantResult, lambda result: result.registration.participant.opd_id),
    "prescored": (PrescoredResult, lambda result: result.registration.participant.opd_id),
}


@pytest.fixture
def rows(tested_event):
    """The tested event, published (12 people: 6 BKD, 4 DINKES, 2 DINSOS; one absent),
    plus a pre-scored result for one person of each OPD."""
    for opd in Opd.objects.all():
        registration = tested_event.registrations.filter(participant__opd=opd).first()
        PrescoredResult.objects.create(
            registration=registration, levels=[3] * 9, imported_at=timezone.now()
        )
    lifecycle.publish_run(run=lifecycle.start_run(event=tested_event, actor=None), actor=None)
    return tested_event


@pytest.fixture
def scoped(opds):
    """A manager of DINKES only."""
    user = make_user("fitri", Role.PIMPINAN)
    Profile.objects.create(user=user).opds.set([opds[1]])
    return user


@pytest.fixture
def empty_scope(db):
    """A manager whose scope holds no OPD (its last one merged or deleted away)."""
    user = make_user("gilang", Role.PIMPINAN)
    Profile.objects.create(user=user)
    return user


@pytest.fixture
def no_profile(db):
    return make_user("hana", Role.PIMPINAN)


def everything(model) -> set[int]:
    return set(model.objects.values_list("pk", flat=True))


def of_opds(model, opd_of, opd_ids) -> set[int]:
    return {row.pk for row in model.objects.all() if opd_of(row) in opd_ids}


@pytest.mark.parametrize("kind", MODELS)
@pytest.mark.parametrize("who", ["alice", "bob", "dave"])
def test_admins_operators_and_all_opd_managers_see_every_row(request, rows, kind, who):
    model, _ = MODELS[kind]
    user = request.getfixturevalue(who)
    assert everything(model)  # there is something to see
    assert set(model.objects.visible_to(user).values_list("pk", flat=True)) == everything(model)


@pytest.mark.parametrize("kind", MODELS)
def test_a_scoped_manager_sees_the_rows_of_their_opds_only(rows, scoped, opds, kind):
    model, opd_of = MODELS[kind]
    seen = set(model.objects.visible_to(scoped).values_list("pk", flat=True))
    expected = of_opds(model, opd_of, {opds[1].pk})
    assert seen == expected
    assert expected and expected != everything(model)


@pytest.mark.parametrize("kind", MODELS)
@pytest.mark.parametrize("who", ["empty_scope", "no_profile", "charlie"])
def test_an_empty_scope_no_profile_and_a_proctor_see_nothing(request, rows, kind, who):
    """A proctor (Pengawas) has no OPD scope: their pages go by the sessions assigned to
    them (Session.objects.for_proctor), never by OPD, so by OPD they see nothing."""
    model, _ = MODELS[kind]
    user = request.getfixturevalue(who)
    assert everything(model)
    assert not model.objects.visible_to(user).exists()


@pytest.mark.parametrize("kind", MODELS)
def test_a_signed_out_visitor_sees_nothing(rows, kind):
    model, _ = MODELS[kind]
    assert not model.objects.visible_to(AnonymousUser()).exists()


def test_semua_opd_on_a_profile_widens_a_scope_to_every_row(rows, scoped):
    Profile.objects.filter(user=scoped).update(all_opds=True)
    fresh = User.objects.get(pk=scoped.pk)  # as the next request loads it
    assert Registration.objects.visible_to(fresh).count() == 12


def test_visible_to_opds_keeps_the_opds_given_and_none_means_all(rows, opds):
    keep = {opds[0].pk, opds[2].pk}
    registrations = Registration.objects.visible_to_opds(keep)
    assert {reg.participant.opd_id for reg in registrations} == keep
    assert registrations.count() == 8
    assert Registration.objects.visible_to_opds(None).count() == 12
    assert not Registration.objects.visible_to_opds(set()).exists()


def test_related_managers_carry_visible_to(rows, scoped, opds):
    run = lifecycle.published_run(rows)
    results = run.results.visible_to(scoped)
    assert {result.registration.participant.opd_id for result in results} == {opds[1].pk}
    assert rows.registrations.visible_to(scoped).count() == 4

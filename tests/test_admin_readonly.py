"""The Django admin edits master data only: placements, registrations, attendance, runs and
results are shown, never changed or deleted there; deleting master data follows the site's
refusals with a message, not a 500. Through the real admin URLs as alice (Admin BKD)."""

import pytest
from django.urls import reverse

from accounts.models import Profile
from participants.models import Opd, OpdAlias
from scoring.runs import lifecycle
from sessions_app.models import Attendance, Lab, Placement, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(tested_event):
    return lifecycle.publish_run(
        run=lifecycle.start_run(event=tested_event, actor=None), actor=None
    )


def admin_url(obj, action: str) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=[obj.pk])


def test_run_records_are_view_only(as_user, alice, published):
    client = as_user(alice)
    records = [
        Placement.objects.first(),
        Registration.objects.first(),
        Attendance.objects.first(),
        published,
        published.results.first(),
        published.event,
    ]
    for record in records:
        change = admin_url(record, "change")
        page = client.get(change)
        assert page.status_code == 200, change  # shown
        assert 'name="_save"' not in page.content.decode(), change  # with no save button
        assert client.post(change, {}).status_code == 403, change  # and a post refused
        assert client.post(admin_url(record, "delete"), {"post": "yes"}).status_code == 403
        meta = record._meta
        add = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
        assert client.get(add).status_code == 403, add
    assert Placement.objects.filter(pk=records[0].pk).exists()
    assert published.results.count() > 0


def test_deleting_an_opd_in_use_in_the_admin_is_refused_with_the_sites_reason(
    as_user, alice, erin, opd_dinkes
):
    client = as_user(alice)
    url = admin_url(opd_dinkes, "delete")
    page = client.get(url)
    assert page.status_code == 200
    assert "1 cakupan OPD pengguna" in page.content.decode()
    refused = client.post(url, {"post": "yes"})
    assert refused.status_code == 200  # the confirmation page again, nothing deleted
    assert "tidak dapat dihapus" in refused.content.decode()
    assert Opd.objects.filter(pk=opd_dinkes.pk).exists()
    assert list(Profile.objects.get(user=erin).opds.all()) == [opd_dinkes]
    # The list's bulk delete action refuses alike.
    bulk = client.post(
        reverse("admin:participants_opd_changelist"),
        {"action": "delete_selected", "_selected_action": [opd_dinkes.pk], "post": "yes"},
    )
    assert bulk.status_code == 200 and "tidak dapat dihapus" in bulk.content.decode()
    assert Opd.objects.filter(pk=opd_dinkes.pk).exists()


def test_an_unused_opd_is_deleted_in_the_admin(as_user, alice):
    opd = Opd(name="Biro Lama")
    opd.save()
    response = as_user(alice).post(admin_url(opd, "delete"), {"post": "yes"})
    assert response.status_code == 302
    assert not Opd.objects.filter(pk=opd.pk).exists()


def test_deleting_a_lab_an_event_uses_is_refused(as_user, alice, event):
    lab = Lab.objects.get()
    response = as_user(alice).post(admin_url(lab, "delete"), {"post": "yes"})
    assert response.status_code == 200
    assert f"dipakai kegiatan {event.code}" in response.content.decode()
    assert Lab.objects.filter(pk=lab.pk).exists()


def test_master_data_stays_editable(as_user, alice, opd_dinkes):
    client = as_user(alice)
    page = client.get(admin_url(opd_dinkes, "change")).content.decode()
    assert 'name="_save"' in page
    response = client.post(
        reverse("admin:participants_opdalias_add"),
        {"name": "Dinkes Kaltara", "opd": opd_dinkes.pk},
    )
    assert response.status_code == 302
    assert OpdAlias.objects.get().opd == opd_dinkes
    taken = client.post(
        reverse("admin:participants_opdalias_add"),
        {"name": "DINAS kesehatan", "opd": opd_dinkes.pk},
    )
    assert "sudah nama sebuah OPD" in taken.content.decode()


def test_a_managers_profile_shows_the_explicit_all_opds_choice(as_user, alice, erin):
    page = as_user(alice).get(reverse("admin:auth_user_change", args=[erin.pk]))
    text = page.content.decode()
    assert 'name="profile-0-all_opds"' in text and "Semua OPD" in text

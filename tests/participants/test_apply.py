"""apply_plan through the database: rows upserted on their key in one transaction, the batch
claimed once and marked done, one audit entry per application."""

import pytest

from audit.models import AuditEntry
from core.models import ImportBatch
from participants.apply import ALREADY_APPLIED, Planned, PlanRefused, Target, apply_plan
from scoring.models import SkpRating

pytestmark = pytest.mark.django_db

# Any table with a unique key does; SKP ratings are one on (participant, year).
RATINGS = Target(
    SkpRating,
    key=("participant_id", "year"),
    values=("predikat",),
    label="predikat",
    title="Impor uji",
)


def planned(ratings: dict, *, rejected: int = 0, about=None) -> Planned:
    return Planned(
        RATINGS, ratings, lambda key, predikat: (*key, predikat), rejected=rejected, about=about
    )


@pytest.fixture
def two(registered):
    first, second = registered[:2]
    return {(first.pk, 2023): "Baik", (second.pk, 2023): "Sangat Baik"}


@pytest.fixture
def batch(bob):
    return ImportBatch.objects.create(
        kind=ImportBatch.Kind.SKP,
        original_name="skp.xlsx",
        created_by=bob,
        summary={"planned": [["preview only"]], "valid_rows": 2},
    )


def stored() -> set:
    return set(SkpRating.objects.values_list("participant_id", "year", "predikat"))


def test_it_writes_the_rows_and_stamps_them_with_one_time(two):
    result = apply_plan(planned(two, rejected=1), actor=None, skip_invalid=True)
    assert result == {"stored": 2, "rejected": 1}
    assert stored() == {(*key, predikat) for key, predikat in two.items()}
    assert len(set(SkpRating.objects.values_list("imported_at", flat=True))) == 1


def test_applying_a_plan_twice_writes_its_rows_once(two):
    apply_plan(planned(two), actor=None, skip_invalid=False)
    apply_plan(planned(two), actor=None, skip_invalid=False)
    assert SkpRating.objects.count() == 2
    assert stored() == {(*key, predikat) for key, predikat in two.items()}


def test_a_row_that_changed_is_updated_and_stamped_again(two):
    apply_plan(planned(two), actor=None, skip_invalid=False)
    (changed, _), (kept, kept_value) = two.items()
    before = SkpRating.objects.get(participant_id=changed[0]).imported_at
    apply_plan(planned({changed: "Kurang"}), actor=None, skip_invalid=False)
    assert stored() == {(*changed, "Kurang"), (*kept, kept_value)}
    rating = SkpRating.objects.get(participant_id=changed[0])
    assert rating.imported_at > before
    assert SkpRating.objects.get(participant_id=kept[0]).imported_at == before


def test_rejected_rows_without_skip_invalid_write_nothing(two, batch):
    with pytest.raises(PlanRefused, match="^Ada 3 baris ditolak; tidak ada yang disimpan.$"):
        apply_plan(planned(two, rejected=3), actor=None, skip_invalid=False, batch=batch)
    assert not SkpRating.objects.exists()
    assert not AuditEntry.objects.exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW and batch.applied_at is None


def test_the_batch_is_marked_done_with_its_result_and_summary(two, batch):
    summary = {"valid_rows": 2, "planned": []}
    apply_plan(
        planned(two, rejected=1), actor=None, skip_invalid=True, batch=batch, summary=summary
    )
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert batch.applied_at == SkpRating.objects.first().imported_at
    assert batch.result == {"stored": 2, "rejected": 1}
    assert batch.summary == summary


def test_without_a_summary_the_batch_keeps_its_own(two, batch):
    apply_plan(planned(two), actor=None, skip_invalid=False, batch=batch)
    batch.refresh_from_db()
    assert batch.summary == {"planned": [["preview only"]], "valid_rows": 2}


@pytest.mark.parametrize("status", [ImportBatch.Status.DONE, ImportBatch.Status.CANCELLED])
def test_a_batch_that_is_no_longer_a_preview_is_not_applied(two, batch, status):
    ImportBatch.objects.filter(pk=batch.pk).update(status=status, result={"stored": 9})
    with pytest.raises(PlanRefused, match=f"^{ALREADY_APPLIED}$"):
        apply_plan(planned(two), actor=None, skip_invalid=False, batch=batch)
    assert not SkpRating.objects.exists()
    assert not AuditEntry.objects.exists()
    batch.refresh_from_db()
    assert (batch.status, batch.result) == (status, {"stored": 9})


def test_a_batch_confirmed_twice_is_applied_once(two, batch, bob):
    apply_plan(planned(two), actor=bob, skip_invalid=False, batch=batch)
    # The same batch object again, as a second tab still holding the preview would send it.
    with pytest.raises(PlanRefused, match=ALREADY_APPLIED):
        apply_plan(planned(two), actor=bob, skip_invalid=False, batch=batch)
    assert SkpRating.objects.count() == 2
    assert AuditEntry.objects.count() == 1


def test_the_audit_entry_counts_the_rows_and_names_the_table(two, bob):
    apply_plan(planned(two, rejected=1), actor=bob, skip_invalid=True)
    entry = AuditEntry.objects.get()
    assert entry.action == AuditEntry.Action.IMPORT
    assert (entry.actor, entry.actor_name) == (bob, "bob")
    assert (entry.target_type, entry.target_id, entry.target_repr) == (
        "scoring.skprating",
        "",
        "Impor uji",
    )
    assert entry.changes == {"predikat": 2, "ditolak": 1}


def test_the_audit_entry_names_the_object_it_is_about(two, registered):
    person = registered[0]
    apply_plan(planned(two, about=person), actor=None, skip_invalid=False)
    entry = AuditEntry.objects.get()
    assert (entry.target_type, entry.target_id) == ("participants.participant", str(person.pk))
    assert entry.target_repr == str(person)
    assert entry.actor_name == "sistem"


def test_a_failure_while_writing_leaves_nothing_and_the_batch_a_preview(two, batch):
    def broken(key, predikat):
        if key == list(two)[-1]:
            raise RuntimeError("disk full")
        return (*key, predikat)

    with pytest.raises(RuntimeError):
        apply_plan(
            Planned(RATINGS, two, broken, rejected=0), actor=None, skip_invalid=False, batch=batch
        )
    assert not SkpRating.objects.exists()
    assert not AuditEntry.objects.exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW

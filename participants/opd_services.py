"""Writes that change which OPD a record belongs to: deleting an OPD, merging OPDs, and
the other names an office writes an OPD by (aliases).

Deleting an OPD that anything points to is refused: a manager whose only OPD disappeared
would otherwise be left with an empty scope, and participants with nowhere to belong.
Two OPDs that are one office are merged instead: everything moves to the one kept.
"""

from dataclasses import dataclass

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import audit_record
from core.text import clean_name, name_key
from participants.models import Opd, OpdAlias, Participant, Upt


class OpdRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class OpdUse:
    """What points to an OPD: the four this app knows, and the rows of the apps above it
    (PNBP bills, API tokens' scopes, ...) by their plural name."""

    participants: int
    upts: int
    scopes: int
    aliases: int
    others: tuple[tuple[str, int], ...] = ()

    @property
    def total(self) -> int:
        others = sum(count for _name, count in self.others)
        return self.participants + self.upts + self.scopes + self.aliases + others

    def describe(self) -> list[str]:
        parts = [
            (self.participants, "peserta"),
            (self.upts, "UPT"),
            (self.scopes, "cakupan OPD pengguna"),
            (self.aliases, "nama lain OPD"),
            *((count, name) for name, count in self.others),
        ]
        return [f"{count} {label}" for count, label in parts if count]


KNOWN = {"participants", "upts", "scoped_profiles", "aliases"}
COUNTED = ("participants", "upts", "scopes", "aliases")


def _other_relations():
    """Relations to Opd from outside the four this module moves by name; a relation that
    forgets the OPD on delete (SET_NULL, a message's OPD) holds nothing up."""
    for relation in Opd._meta.related_objects:
        if relation.get_accessor_name() in KNOWN:
            continue
        if not relation.many_to_many and relation.on_delete is models.SET_NULL:
            continue
        yield relation


def _holders(relation, opd: Opd):
    return relation.related_model._base_manager.filter(**{relation.field.name: opd})


def opd_use(opd: Opd) -> OpdUse:
    return OpdUse(
        participants=opd.participants.count(),
        upts=opd.upts.count(),
        scopes=opd.scoped_profiles.count(),
        aliases=opd.aliases.count(),
        others=tuple(
            (str(relation.related_model._meta.verbose_name_plural), count)
            for relation in _other_relations()
            if (count := _holders(relation, opd).count())
        ),
    )


def opd_delete_refusal(opd: Opd) -> str | None:
    """The Indonesian reason this OPD cannot be deleted, or None when nothing points to it."""
    use = opd_use(opd)
    if not use.total:
        return None
    return (
        f"OPD {opd.name} tidak dapat dihapus karena masih dipakai oleh "
        f"{', '.join(use.describe())}. Bila OPD ini sama dengan OPD lain, gabungkan keduanya."
    )


def opd_delete(*, opd: Opd, actor) -> None:
    """Delete an OPD nothing points to; raises OpdRefused otherwise. Audited."""
    with transaction.atomic():
        # The lock makes a scope or participant added meanwhile wait for this decision.
        locked = Opd.objects.select_for_update().filter(pk=opd.pk).first()
        if locked is None:
            raise OpdRefused(f"OPD {opd.name} sudah dihapus sebelumnya.")
        refusal = opd_delete_refusal(locked)
        if refusal:
            raise OpdRefused(refusal)
        audit_record(actor=actor, action=AuditEntry.Action.DELETE, target=locked)
        locked.delete()


@dataclass(frozen=True)
class MergePlan:
    keep: Opd
    merged: list[Opd]
    use: OpdUse  # of the merged OPDs together
    upts_joined: list[str]  # merged UPTs whose name the kept OPD already has: folded into it


def opd_merge_plan(*, keep: Opd, merged: list[Opd]) -> MergePlan:
    """What merging would move, for the preview. Raises OpdRefused for a merge that makes
    no sense (nothing to fold in, or the kept OPD among those folded in)."""
    merged = [opd for opd in merged if opd.pk != keep.pk]
    if not merged:
        raise OpdRefused(
            "Pilih paling sedikit satu OPD lain untuk digabungkan ke OPD yang dipertahankan."
        )
    uses = [opd_use(opd) for opd in merged]
    kept_upts = set(keep.upts.values_list("name_key", flat=True))
    joined = sorted(
        upt.name for upt in Upt.objects.filter(opd__in=merged) if upt.name_key in kept_upts
    )
    others: dict[str, int] = {}
    for use in uses:
        for name, count in use.others:
            others[name] = others.get(name, 0) + count
    total = OpdUse(
        *(sum(getattr(use, name) for use in uses) for name in COUNTED),
        others=tuple(others.items()),
    )
    return MergePlan(keep=keep, merged=merged, use=total, upts_joined=joined)


def opd_merge(*, keep_id: int, merged_ids: list[int], actor) -> MergePlan:
    """Fold the OPDs merged_ids into keep_id: participants, UPTs, managers' scopes and
    aliases move to the kept OPD, each merged OPD's name becomes an alias of it (so the
    next import still recognises it), then the merged OPDs are deleted. Audited.

    Safe to run twice: OPDs already merged are gone, and a repeat is refused with a message.
    """
    with transaction.atomic():
        ids = sorted({keep_id, *merged_ids})
        locked = {
            opd.pk: opd for opd in Opd.objects.select_for_update().filter(pk__in=ids).order_by("pk")
        }
        keep = locked.get(keep_id)
        if keep is None:
            raise OpdRefused("OPD yang dipertahankan sudah tidak ada.")
        merged = [locked[pk] for pk in merged_ids if pk in locked and pk != keep_id]
        if not merged:
            raise OpdRefused(
                f"Tidak ada OPD yang digabungkan ke {keep.name}: OPD yang dipilih sudah "
                "digabungkan atau dihapus sebelumnya."
            )
        plan = opd_merge_plan(keep=keep, merged=merged)
        for opd in merged:
            _fold(opd, keep, actor)
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            target=keep,
            changes={
                "gabung": [opd.name for opd in merged],
                "peserta_dipindah": plan.use.participants,
                "upt_dipindah": plan.use.upts,
                "upt_disatukan": plan.upts_joined,
                "cakupan_dipindah": plan.use.scopes,
                "nama_lain_dipindah": plan.use.aliases,
            },
        )
    return plan


def _fold(opd: Opd, keep: Opd, actor) -> None:
    kept_upts = dict(keep.upts.values_list("name_key", "pk"))
    for upt in list(opd.upts.all()):
        same = kept_upts.get(upt.name_key)
        if same is None:
            Upt.objects.filter(pk=upt.pk).update(opd=keep)
        else:
            Participant.objects.filter(upt=upt).update(upt_id=same, updated_at=timezone.now())
            upt.delete()
    # updated_at moves too: the API's changed_since reports the people whose OPD changed.
    Participant.objects.filter(opd=opd).update(opd=keep, updated_at=timezone.now())
    for profile in list(opd.scoped_profiles.all()):
        profile.opds.add(keep)
        profile.opds.remove(opd)
    OpdAlias.objects.filter(opd=opd).update(opd=keep)
    _move_the_rest(opd, keep)
    name, key = opd.name, opd.name_key
    audit_record(
        actor=actor,
        action=AuditEntry.Action.DELETE,
        target=opd,
        changes={"digabungkan_ke": keep.name, "nama_lain_baru": opd.name},
    )
    opd.delete()
    OpdAlias.objects.update_or_create(name_key=key, defaults={"name": name, "opd": keep})


def _move_the_rest(opd: Opd, keep: Opd) -> None:
    """Whatever else points to the merged OPD moves to the kept one, as the known four do: a
    PNBP bill, a message, an API token's scope. A move the other table refuses (the kept
    OPD's own live bill for the same event) refuses the whole merge, with its name."""
    for relation in Opd._meta.related_objects:
        if relation.get_accessor_name() in KNOWN:
            continue
        field = relation.field.name
        try:
            with transaction.atomic():
                if relation.many_to_many:
                    for holder in _holders(relation, opd):
                        getattr(holder, field).add(keep)
                        getattr(holder, field).remove(opd)
                else:
                    _holders(relation, opd).update(**{field: keep})
        except IntegrityError as error:
            plural = relation.related_model._meta.verbose_name_plural
            raise OpdRefused(
                f"{opd.name} tidak dapat digabungkan ke {keep.name}: {plural} keduanya "
                "bertabrakan (misalnya tagihan PNBP yang belum dibatalkan untuk kegiatan yang "
                "sama). Selesaikan dahulu, lalu gabungkan lagi."
            ) from error


def opd_alias_add(*, name: str, opd: Opd, actor) -> OpdAlias:
    """Record that name means opd in later imports. Safe to repeat; refused when the name is
    already another OPD's name or alias."""
    name = clean_name(name)
    key = name_key(name)
    if not key:
        raise OpdRefused("Nama lain OPD tidak boleh kosong.")
    existing_opd = Opd.objects.filter(name_key=key).first()
    if existing_opd is not None:
        raise OpdRefused(f"{name} sudah nama OPD {existing_opd.name}, bukan nama lain.")
    alias = OpdAlias.objects.filter(name_key=key).select_related("opd").first()
    if alias is not None:
        if alias.opd_id == opd.pk:
            return alias
        raise OpdRefused(f"{name} sudah tercatat sebagai nama lain dari {alias.opd.name}.")
    try:
        with transaction.atomic():
            alias = OpdAlias.objects.create(name=name, opd=opd)
    except IntegrityError:  # the same alias added at the same moment
        alias = OpdAlias.objects.get(name_key=key)
        if alias.opd_id != opd.pk:
            raise OpdRefused(
                f"{name} sudah tercatat sebagai nama lain dari {alias.opd.name}."
            ) from None
        return alias
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        target=alias,
        changes={"nama_lain": name, "opd": opd.name},
    )
    return alias

"""Which required MSK levels a participant is measured against: their position's own standard
(PositionStandard, matched on the position title case- and space-insensitively) when there is
one, else their position class's RequiredLevel rows. The one home of that rule: the score
run, the participant page and the succession pools all ask here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from core.text import name_key
from participants.competencies import COMPETENCY_CODES
from participants.models import Participant, PositionClass, PositionStandard, RequiredLevel

K = TypeVar("K")
Levels = tuple[int, ...]  # one level per competency, COMPETENCY_CODES order; 0 = not set


@dataclass(frozen=True)
class Standard:
    """Required levels and where they come from."""

    name: str  # the position title of an own standard, else the position class's name
    levels: Levels
    own: bool  # the position's own standard, not its class's


def class_levels() -> dict[int, Levels]:
    """Position class id -> its required levels (0 where a competency has none)."""
    table: dict[int, dict[str, int]] = {}
    for position_class, competency, level in RequiredLevel.objects.values_list(
        "position_class_id", "competency", "level"
    ):
        table.setdefault(position_class, {})[competency] = level
    return {
        pc: tuple(levels.get(code, 0) for code in COMPETENCY_CODES) for pc, levels in table.items()
    }


def own_levels(titles: Iterable[str] | None = None) -> dict[str, tuple[int, Levels]]:
    """Title key -> (standard id, levels) of the position standards, only of `titles` when
    given."""
    standards = PositionStandard.objects.all()
    if titles is not None:
        standards = standards.filter(title_key__in={name_key(title) for title in titles})
    return {
        key: (pk, tuple(levels))
        for pk, key, levels in standards.values_list("pk", "title_key", "levels")
    }


def required_levels_of(participant_of: Mapping[K, int]) -> dict[K, Levels]:
    """The levels each key's participant (key -> participant id) is measured against."""
    people = dict(
        (pk, (position_class, title))
        for pk, position_class, title in Participant.objects.filter(
            pk__in=set(participant_of.values())
        ).values_list("pk", "position_class_id", "position_title")
    )
    return levels_of_positions(
        {key: people[participant] for key, participant in participant_of.items()}
    )


def levels_of_positions(positions: Mapping[K, tuple[int, str]]) -> dict[K, Levels]:
    """The levels each key's position (position class id, position title), as the caller
    read it with its participants, is measured against."""
    classes = class_levels()
    keys = {title: name_key(title) for title in {title for _, title in positions.values()}}
    own = own_levels(keys)
    missing = (0,) * len(COMPETENCY_CODES)
    out: dict[K, Levels] = {}
    for key, (position_class, title) in positions.items():
        found = own.get(keys[title])
        out[key] = found[1] if found else classes.get(position_class, missing)
    return out


def own_standards_used(titles: Mapping[int, str]) -> list[tuple[int, int, list[int]]]:
    """(participant id, standard id, levels) of the participants (id -> position title, as the
    caller read them) measured against their position's own standard, sorted: what a score
    run's input hash adds for them."""
    keys = {title: name_key(title) for title in set(titles.values())}
    own = own_levels(keys)
    used = []
    for participant, title in sorted(titles.items()):
        if (found := own.get(keys[title])) is not None:
            used.append((participant, found[0], list(found[1])))
    return used


def standard_of(participant: Participant) -> Standard:
    """The standard the participant is measured against, for their page."""
    found = PositionStandard.objects.filter(title_key=name_key(participant.position_title)).first()
    if found is not None:
        return Standard(found.title, tuple(found.levels), own=True)
    levels = class_levels().get(participant.position_class_id, (0,) * len(COMPETENCY_CODES))
    return Standard(participant.position_class.name, levels, own=False)


@dataclass(frozen=True)
class Target:
    """What a succession pool is for: a position class, or one position's own standard."""

    key: str  # "kelas-<id>" or "jabatan-<id>", as the pool form posts it
    name: str
    position_class: str
    levels: Levels


def targets() -> list[Target]:
    """Every position class with complete levels, then every position standard."""
    classes = class_levels()
    found = [
        Target(f"kelas-{pc.pk}", pc.name, pc.name, classes[pc.pk])
        for pc in PositionClass.objects.all()
        if pc.pk in classes and min(classes[pc.pk]) > 0
    ]
    for standard in PositionStandard.objects.select_related("position_class"):
        found.append(
            Target(
                f"jabatan-{standard.pk}",
                standard.title,
                standard.position_class.name,
                tuple(standard.levels),
            )
        )
    return found


def target_named(text: str) -> Target | None:
    """The target whose key or name (a class's or a position's, case-insensitive) is text;
    a position class wins over a position of the same name."""
    wanted = name_key(text)
    for target in targets():
        if target.key == text or name_key(target.name) == wanted:
            return target
    return None

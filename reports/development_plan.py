"""A person's individual development plan: the competencies where their level falls short of
the standard their result was scored against, the largest shortfall first, each with the
development forms BPSDM offers for it. Pure, no Django: the caller passes the forms."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from participants.competencies import COMPETENCIES

NO_GAP = "Semua kompetensi sudah memenuhi standar jabatan; tidak ada kebutuhan pengembangan."


@dataclass(frozen=True)
class PlanItem:
    code: str
    name: str
    level: int
    required: int  # the standard the result was scored against: level - gap
    gap: int  # below zero
    forms: tuple[str, ...]


def individual_plan(
    levels: Sequence[int] | None,
    gaps: Sequence[int] | None,
    forms: Mapping[str, Sequence[str]],
) -> list[PlanItem]:
    """The competencies with a gap below zero, the largest shortfall first, then in the
    order of the competency list. A result without levels (none measured) has no plan; a
    competency without a level (level 0: the instrument had no items for it) has no gap."""
    if not levels or not gaps:
        return []
    items = [
        PlanItem(code, name, level, level - gap, gap, tuple(forms.get(code, ())))
        for (code, name), level, gap in zip(COMPETENCIES, levels, gaps, strict=False)
        if level and gap is not None and gap < 0
    ]
    return sorted(items, key=lambda item: item.gap)  # stable: ties keep the list's order

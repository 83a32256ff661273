"""The scoring rules of one event as users read them: the figures of its ScoringSettings, the
fixed tables of the scoring core (kinerja, the 9-box and its actions) and the small-group
threshold, gathered for the page "Aturan penilaian" (docs/rules.md#scoring says the same in
English, with the defaults)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from reports.disclosure import SUPPRESS_BELOW
from scoring import talent
from scoring.models import ScoringSettings
from sessions_app.models import Event

KINERJA_FROM_PREDIKAT = (
    (talent.DI_ATAS, ("Sangat Baik",)),
    (talent.SESUAI, ("Baik",)),
    (talent.DI_BAWAH, ("Butuh Perbaikan", "Kurang", "Sangat Kurang")),
)
KINERJA_ROWS = (talent.DI_ATAS, talent.SESUAI, talent.DI_BAWAH)  # the rows of GRID_ROWS


@dataclass(frozen=True)
class Weight:
    label: str
    weight: Decimal
    share: Decimal  # percent of the potential, 0-100


@dataclass(frozen=True)
class ScoringRules:
    event: Event
    settings: ScoringSettings
    weights: list[Weight]
    es_max_unanswered_percent: Decimal
    kinerja: tuple[tuple[str, tuple[str, ...]], ...]
    grid: list[tuple[str, tuple[int, ...]]]  # (kinerja, boxes for rendah, menengah, tinggi)
    actions: list[tuple[int, str]]
    suppress_below: int


def scoring_rules(event: Event) -> ScoringRules:
    """The event's rules; an event whose settings were never saved has the defaults (nothing
    is written: reading the rules is not a change)."""
    settings = ScoringSettings.objects.filter(event=event).first() or ScoringSettings(event=event)
    parts = (
        ("MSK (JPM)", _decimal(settings.weight_msk)),
        ("Literasi Digital", _decimal(settings.weight_ld)),
        ("Keahlian Masa Depan", _decimal(settings.weight_es)),
    )
    total = sum(weight for _, weight in parts) or Decimal(1)
    return ScoringRules(
        event=event,
        settings=settings,
        weights=[Weight(label, weight, 100 * weight / total) for label, weight in parts],
        es_max_unanswered_percent=100 * _decimal(settings.es_max_unanswered_share),
        kinerja=KINERJA_FROM_PREDIKAT,
        grid=list(zip(KINERJA_ROWS, talent.GRID_ROWS, strict=True)),
        actions=sorted(talent.RECOMMENDED_ACTIONS.items()),
        suppress_below=SUPPRESS_BELOW,
    )


def _decimal(value: Decimal | float | int) -> Decimal:
    # An unsaved row holds the field defaults as Python numbers (0.5), a saved one Decimals.
    return value if isinstance(value, Decimal) else Decimal(str(value))

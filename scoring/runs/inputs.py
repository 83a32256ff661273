"""What a run reads: the instrument, the scoring settings, the required levels, the SKP
ratings, the answer sheets and pre-scored results, and the hash that fixes them all."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict

import numpy as np

from participants.competencies import COMPETENCY_CODES
from participants.models import RequiredLevel
from participants.standards import own_standards_used
from scoring.models import AnswerSheet, EsNorm, Instrument, PrescoredResult, SkpRating
from sessions_app.models import Event, Registration

SCORING_VERSION = 1  # part of the inputs hash: a change of the rules' code is a change of input


def scoring_instrument(event: Event) -> Instrument | None:
    """The instrument a run scores: the most recent one of the event that has answers."""
    return (
        event.instruments.filter(answer_sheets__isnull=False)
        .distinct()
        .order_by("-created_at", "-pk")
        .first()
    )


def settings_snapshot(event: Event) -> dict:
    from scoring.services import scoring_settings_for

    return asdict(scoring_settings_for(event).as_settings())


def es_norm_of(event: Event) -> EsNorm | None:
    """The stored norm the event's ES T-scores use; None: the event's own cohort."""
    from scoring.services import scoring_settings_for

    norm_id = scoring_settings_for(event).es_norm_id
    return None if norm_id is None else EsNorm.objects.prefetch_related("scales").get(pk=norm_id)


def required_table() -> dict[int, np.ndarray]:
    """Position class id -> its required level of each competency (0 where none is set)."""
    table: dict[int, dict[str, int]] = {}
    for position_class, competency, level in RequiredLevel.objects.values_list(
        "position_class_id", "competency", "level"
    ):
        table.setdefault(position_class, {})[competency] = level
    return {
        pc: np.array([levels.get(code, 0) for code in COMPETENCY_CODES])
        for pc, levels in table.items()
    }


def skp_of(event: Event, first: int = 0, last: int | None = None) -> dict[int, tuple[int, str]]:
    """The latest SKP rating up to the event's year of each participant registered for the
    event (with a registration id in first..last when given)."""
    ratings = SkpRating.objects.filter(
        participant__registrations__event=event, year__lte=event.start_date.year
    )
    if last is not None:
        ratings = ratings.filter(participant__registrations__pk__range=(first, last))
    latest: dict[int, tuple[int, str]] = {}
    for participant, year, predikat in ratings.order_by("participant_id", "year").values_list(
        "participant_id", "year", "predikat"
    ):
        latest[participant] = (year, predikat)
    return latest


def run_inputs(event: Event, instrument: Instrument | None) -> tuple[list[int], str]:
    """The registrations a run scores (sorted ids) and the hash of everything it reads."""
    registrations, inputs_hash, _ = inputs_and_sheets(event, instrument)
    return registrations, inputs_hash


def inputs_and_sheets(
    event: Event, instrument: Instrument | None
) -> tuple[list[int], str, dict[int, str]]:
    """run_inputs, plus the answer sheets it read (registration id -> answers)."""
    digest = hashlib.sha256()

    def feed(*parts: object) -> None:
        digest.update(json.dumps(parts, default=str, separators=(",", ":")).encode())
        digest.update(b"\n")

    feed("version", SCORING_VERSION)
    feed("settings", settings_snapshot(event))
    if (norm := es_norm_of(event)) is not None:  # only then: a run without one hashes as before
        feed("es norm", norm.as_json())
    sheets: dict[int, str] = {}
    if instrument is not None:
        feed(
            "items",
            list(
                instrument.items.order_by("position").values_list(
                    "code", "component", "scale", "kind", "key", "reverse"
                )
            ),
        )
        sheets = dict(
            AnswerSheet.objects.filter(instrument=instrument, registration__event=event)
            .order_by("registration_id")
            .values_list("registration_id", "answers")
            .iterator(chunk_size=10_000)
        )
        # One line per sheet, hashed in one go: a json.dumps per row costs seconds at 100,000.
        digest.update("".join(f"s{pk}:{answers}\n" for pk, answers in sheets.items()).encode())
    scored = set(sheets)
    for registration, levels, ld, es in (
        PrescoredResult.objects.filter(registration__event=event)
        .order_by("registration_id")
        .values_list("registration_id", "levels", "ld_score", "es_score")
    ):
        if registration not in scored:
            feed("prescored", registration, levels, ld, es)
            scored.add(registration)
    people = {
        pk: (participant, position_class, title)
        for pk, participant, position_class, title in Registration.objects.filter(
            event=event
        ).values_list(
            "pk", "participant_id", "participant__position_class_id", "participant__position_title"
        )
        if pk in scored
    }
    feed("required", sorted((pc, levels.tolist()) for pc, levels in required_table().items()))
    if own := own_standards_used({person[0]: person[2] for person in people.values()}):
        feed("position standards", own)
    ordered = sorted(scored)
    digest.update("".join(f"c{pk}:{people[pk][1]}\n" for pk in ordered).encode())
    skp = skp_of(event)
    digest.update("".join(f"k{pk}:{skp.get(people[pk][0])}\n" for pk in ordered).encode())
    return ordered, digest.hexdigest(), sheets

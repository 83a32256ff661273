"""The geometry of the competency radar on a participant's result page: one spoke per
competency, the person's levels and their position's standard as two polygons. Pure: the
template draws the SVG from these numbers, so the numbers are what the tests check."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

MAX_LEVEL = 5
RADIUS = 110.0  # the length of a spoke, level 5, in SVG units
MARGIN = 44.0  # room around the rings for the competency codes
LABEL_GAP = 14.0  # from a spoke's tip to its label
LEGEND_HEIGHT = 44.0

Point = tuple[float, float]


@dataclass(frozen=True)
class Axis:
    code: str
    name: str
    level: int | None
    required: int | None
    tip: Point  # the end of the spoke, level MAX_LEVEL
    label: Point
    anchor: str  # the label's text-anchor: start, middle or end
    person: Point | None  # the vertex of the person's polygon on this spoke
    below: bool  # the level is under the standard


@dataclass(frozen=True)
class Radar:
    width: float
    height: float
    center: Point
    radius: float
    axes: list[Axis]
    rings: list[tuple[int, str]]  # (level, polygon points) from 1 to MAX_LEVEL
    ticks: list[tuple[int, Point]]  # where each ring's level is written, on the first spoke
    person: str | None  # polygon points; None when a level is missing
    standard: str | None  # polygon points; None when a required level is missing
    legend_y: float


def point(center: Point, radius: float, index: int, count: int, value: float) -> Point:
    """Where `value` (0..MAX_LEVEL) lies on spoke `index` of `count`: the first spoke points
    up, the others follow clockwise."""
    angle = 2 * math.pi * index / count
    r = radius * value / MAX_LEVEL
    return (round(center[0] + r * math.sin(angle), 2), round(center[1] - r * math.cos(angle), 2))


def points(vertices: Sequence[Point]) -> str:
    """An SVG polygon's `points` attribute."""
    return " ".join(f"{x:g},{y:g}" for x, y in vertices)


def _anchor(index: int, count: int) -> str:
    sine = math.sin(2 * math.pi * index / count)
    return "middle" if abs(sine) < 0.2 else "start" if sine > 0 else "end"


def _polygon(center: Point, radius: float, values: Sequence[int | None]) -> str | None:
    if not values or any(value is None for value in values):
        return None
    count = len(values)
    return points([point(center, radius, i, count, v) for i, v in enumerate(values)])


def radar(
    competencies: Sequence[tuple[str, str, int | None, int | None]], radius: float = RADIUS
) -> Radar:
    """The chart of (code, name, level, required) per competency, in the order given."""
    count = len(competencies)
    side = 2 * (radius + MARGIN)
    center = (side / 2, side / 2)
    axes = []
    for i, (code, name, level, required) in enumerate(competencies):
        axes.append(
            Axis(
                code=code,
                name=name,
                level=level,
                required=required,
                tip=point(center, radius, i, count, MAX_LEVEL),
                label=point(center, radius + LABEL_GAP, i, count, MAX_LEVEL),
                anchor=_anchor(i, count),
                person=None if level is None else point(center, radius, i, count, level),
                below=level is not None and required is not None and level < required,
            )
        )
    levels = range(1, MAX_LEVEL + 1)
    return Radar(
        width=side,
        height=side + LEGEND_HEIGHT,
        center=center,
        radius=radius,
        axes=axes,
        rings=[(level, _polygon(center, radius, [level] * count) or "") for level in levels],
        ticks=[(level, point(center, radius, 0, count, level)) for level in levels],
        person=_polygon(center, radius, [c[2] for c in competencies]),
        standard=_polygon(center, radius, [c[3] for c in competencies]),
        legend_y=side + 8,
    )

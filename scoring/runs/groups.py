"""Per-group statistics of a score run, computed once by its final step and stored: for
each grouping (OPD, UPT, kabupaten/kota, position class, golongan, gender, age band) and
each group, n and the mean, median, standard deviation, minimum and maximum of every
component, and the share in each category. Pure (NumPy); the run feeds it columns, and
stores the rows as JSON (GroupStatistics.to_json) in its summary (scoring.runs.summary)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from scoring import core, rounding

GROUPINGS = {
    "opd": "OPD",
    "upt": "UPT",
    "region": "Kabupaten/kota",
    "position_class": "Jenis jabatan",
    "golongan": "Golongan",
    "gender": "Jenis kelamin",
    "age": "Kelompok umur",
}
COMPONENTS = {"jpm": "JPM", "ld": "Literasi Digital", "es": "Keahlian Masa Depan",
              "potential": "Skor potensi"}  # fmt: skip
AGE_BANDS = ((0, "< 30 tahun"), (30, "30-39 tahun"), (40, "40-49 tahun"), (50, "50 tahun ke atas"))
GENDERS = {"L": "Laki-laki", "P": "Perempuan"}
NO_UPT, PROVINCE = "Tanpa UPT", "Tingkat Provinsi"


def age_band(birth: dt.date | None, on: dt.date) -> str:
    if birth is None:
        return "Tidak diketahui"
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    return [label for low, label in AGE_BANDS if age >= low][-1]


def keys_of(
    opd: str,
    upt: str | None,
    region: str | None,
    position_class: str,
    golongan: str | None,
    gender: str | None,
    birth: dt.date | None,
    on: dt.date,
) -> tuple[str, ...]:
    """A participant's group in each grouping, in the order of GROUPINGS."""
    return (
        opd,
        upt or NO_UPT,
        region or PROVINCE,
        position_class,
        golongan or "-",
        GENDERS.get(gender or "", gender or "-"),
        age_band(birth, on),
    )


@dataclass
class Columns:
    """One entry per scored participant, in any order."""

    keys: dict[str, list[str]]  # grouping -> the group name of each participant
    values: dict[str, np.ndarray]  # component -> float, NaN when missing
    jpm_category: list[str]
    potential_category: list[str]


# The fields of a result (ParticipantResult.values_list) a person's columns are read from,
# in the order ColumnsCollector.add takes them.
PERSON = "registration__participant__"
COLUMN_FIELDS = (
    *(PERSON + name for name in ("opd__name", "upt__name", "upt__region__name")),
    *(PERSON + name for name in ("position_class__name", "golongan", "gender", "birth_date")),
    "jpm", "ld_score", "es_score", "potential", "jpm_category", "potential_category",
)  # fmt: skip


class ColumnsCollector:
    """The Columns of statistics(), one person at a time; ages on the date given."""

    def __init__(self, on: dt.date) -> None:
        self.on = on
        self.keys: dict[str, list[str]] = {grouping: [] for grouping in GROUPINGS}
        self.values: dict[str, list[float]] = {component: [] for component in COMPONENTS}
        self.jpm_category: list[str] = []
        self.potential_category: list[str] = []

    def add(self, row: tuple) -> None:
        """One person, their values in the order of COLUMN_FIELDS."""
        opd, upt, region, position_class, golongan, gender, birth = row[:7]
        person = keys_of(opd, upt, region, position_class, golongan, gender, birth, self.on)
        for grouping, key in zip(GROUPINGS, person, strict=True):
            self.keys[grouping].append(key)
        for component, value in zip(COMPONENTS, row[7:11], strict=True):
            self.values[component].append(np.nan if value is None else float(value))
        self.jpm_category.append(row[11])
        self.potential_category.append(row[12])

    def columns(self) -> Columns:
        return Columns(
            keys=self.keys,
            values={key: np.array(column, dtype=float) for key, column in self.values.items()},
            jpm_category=self.jpm_category,
            potential_category=self.potential_category,
        )


def _r(value: float) -> float | None:
    return None if np.isnan(value) else float(rounding.round_half_up(value))


@dataclass(frozen=True)
class ComponentStatistics:
    """One component's figures in one group, over the people who have it (n); the figures
    are None when nobody has it."""

    n: int
    mean: float | None = None
    median: float | None = None
    sd: float | None = None
    min: float | None = None
    max: float | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ComponentStatistics:
        return cls(**data)

    def to_json(self) -> dict[str, Any]:
        if not self.n:
            return {"n": 0}
        return {"n": self.n, "mean": self.mean, "median": self.median, "sd": self.sd,
                "min": self.min, "max": self.max}  # fmt: skip


@dataclass(frozen=True)
class GroupStatistics:
    """One group of a grouping: n, each component's figures (in the order of COMPONENTS),
    and the count of each JPM and potential category."""

    name: str
    n: int
    components: Mapping[str, ComponentStatistics]
    jpm_category: Mapping[str, int]
    potential_category: Mapping[str, int]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> GroupStatistics:
        return cls(
            name=data["name"],
            n=data["n"],
            components={
                key: ComponentStatistics.from_json(figures)
                for key, figures in data["components"].items()
            },
            jpm_category=dict(data["jpm_category"]),
            potential_category=dict(data["potential_category"]),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "n": self.n,
            "components": {key: figures.to_json() for key, figures in self.components.items()},
            "jpm_category": dict(self.jpm_category),
            "potential_category": dict(self.potential_category),
        }


def statistics(columns: Columns) -> dict[str, list[GroupStatistics]]:
    jpm_cat = np.array(columns.jpm_category, dtype=object)
    pot_cat = np.array(columns.potential_category, dtype=object)
    out: dict[str, list[GroupStatistics]] = {}
    for grouping, keys in columns.keys.items():
        names, inverse = np.unique(np.array(keys, dtype=object), return_inverse=True)
        rows = []
        for index, name in enumerate(names):
            mask = inverse == index
            components = {}
            for component, values in columns.values.items():
                known = values[mask][~np.isnan(values[mask])]
                components[component] = (
                    ComponentStatistics(
                        n=int(known.size),
                        mean=_r(known.mean()),
                        median=_r(float(np.median(known))),
                        sd=_r(known.std()),
                        min=_r(known.min()),
                        max=_r(known.max()),
                    )
                    if known.size
                    else ComponentStatistics(n=0)
                )
            rows.append(
                GroupStatistics(
                    name=str(name),
                    n=int(mask.sum()),
                    components=components,
                    jpm_category={
                        label: int((jpm_cat[mask] == label).sum())
                        for label in (core.JPM_OPTIMAL, core.JPM_CUKUP, core.JPM_KURANG)
                    },
                    potential_category={
                        label: int((pot_cat[mask] == label).sum())
                        for label in (core.TINGGI, core.MENENGAH, core.RENDAH)
                    },
                )
            )
        out[grouping] = rows
    return out

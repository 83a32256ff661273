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
    """Each grouping's groups, in the order of their names. A group's people are a slice of
    a stable sort by group, so each group's values keep their order (the same figures as
    selecting them by a mask, without a pass over everyone per group)."""
    jpm_cat = np.array(columns.jpm_category, dtype=object)
    pot_cat = np.array(columns.potential_category, dtype=object)
    out: dict[str, list[GroupStatistics]] = {}
    for grouping, keys in columns.keys.items():
        names, inverse = np.unique(np.array(keys, dtype=object), return_inverse=True)
        order = np.argsort(inverse.ravel(), kind="stable")
        bounds = np.searchsorted(inverse.ravel()[order], np.arange(len(names) + 1))
        sorted_values = {key: values[order] for key, values in columns.values.items()}
        sorted_jpm, sorted_pot = jpm_cat[order], pot_cat[order]
        rows = []
        for index, name in enumerate(names):
            part = slice(int(bounds[index]), int(bounds[index + 1]))
            rows.append(
                GroupStatistics(
                    name=str(name),
                    n=part.stop - part.start,
                    components={
                        component: _component(values[part])
                        for component, values in sorted_values.items()
                    },
                    jpm_category=_tally(
                        sorted_jpm[part], (core.JPM_OPTIMAL, core.JPM_CUKUP, core.JPM_KURANG)
                    ),
                    potential_category=_tally(
                        sorted_pot[part], (core.TINGGI, core.MENENGAH, core.RENDAH)
                    ),
                )
            )
        out[grouping] = rows
    return out


def _component(values: np.ndarray) -> ComponentStatistics:
    known = values[~np.isnan(values)]
    if not known.size:
        return ComponentStatistics(n=0)
    return ComponentStatistics(
        n=int(known.size),
        mean=_r(known.mean()),
        median=_r(float(np.median(known))),
        sd=_r(known.std()),
        min=_r(known.min()),
        max=_r(known.max()),
    )


def _tally(labels: np.ndarray, order: tuple[str, ...]) -> dict[str, int]:
    return {label: int((labels == label).sum()) for label in order}

"""A run's results read once into NumPy columns, and the figures its final step stores from
them: the per-group blocks (OPD, region, position class) and the per-group statistics.

The final step used to add each result into its blocks one Python call at a time (300,000
calls for 100,000 people); here each block's counts, sums and histograms are `np.bincount`
over the group index of every result, in the order the rows were read, so the sums are the
same floats the loop added up. Groups and the labels within a group keep the order of
their first appearance, so the stored JSON is the same as the loop's."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from django.db.models import FloatField, QuerySet, TextField
from django.db.models.functions import Cast

from participants.competencies import COMPETENCY_CODES
from participants.models import Opd, PositionClass, Region, Upt
from scoring.runs import groups

BINS = 10  # score histograms: 0-9.99, 10-19.99, ..., 90-100
BLOCK_COMPONENTS = ("jpm", "ld", "es", "potential")
_PERSON = "registration__participant__"
# Read per result; the names of OPDs, UPTs, regions and classes come from their own small
# tables (NAMES), not joined into every row.
_FIELDS = {
    "opd_id": f"{_PERSON}opd_id",
    "upt_id": f"{_PERSON}upt_id",
    "position_class_id": f"{_PERSON}position_class_id",
    "golongan": f"{_PERSON}golongan",
    "gender": f"{_PERSON}gender",
    "birth": f"{_PERSON}birth_date",
    "jpm_category": "jpm_category",
    "potential_category": "potential_category",
    "box": "box",
    "kinerja": "kinerja",
    "es_complete": "es_complete",
    "source": "source",
}
NAMES = ("opd", "upt", "region_id", "region", "position_class")
_FLOATS = {"jpm": "jpm", "ld": "ld_score", "es": "es_score", "potential": "potential"}


@dataclass
class Table:
    """One entry per result, in the order read."""

    text: dict[str, list[Any]]  # the _FIELDS columns as read, and the NAMES of their ids
    values: dict[str, np.ndarray]  # BLOCK_COMPONENTS, float, NaN when missing
    gaps: list[list[int] | None] | None  # None when not read

    def __len__(self) -> int:
        return len(self.text["opd"])


def read(results: QuerySet, *, with_gaps: bool) -> Table:
    """The columns of these results in one query; the scores come as floats (no Decimal)."""
    floats = {f"_f_{name}": Cast(field, FloatField()) for name, field in _FLOATS.items()}
    # The gaps come as JSON text and are parsed in one call: one json.loads per row was a
    # third of the final step at 100,000.
    texts = {"_t_gaps": Cast("gaps", TextField())} if with_gaps else {}
    names = [*_FIELDS, *_FLOATS, *texts]
    fields = [*_FIELDS.values(), *floats, *texts]
    rows = list(results.annotate(**floats, **texts).values_list(*fields))
    transposed = [list(column) for column in zip(*rows, strict=True)] or [[] for _ in names]
    columns = dict(zip(names, transposed, strict=True))
    opds = dict(Opd.objects.values_list("pk", "name"))
    upts = {
        pk: (name, region)
        for pk, name, region in Upt.objects.values_list("pk", "name", "region_id")
    }
    regions = dict(Region.objects.values_list("pk", "name"))
    classes = dict(PositionClass.objects.values_list("pk", "name"))
    columns["opd"] = [opds[pk] for pk in columns["opd_id"]]
    columns["position_class"] = [classes[pk] for pk in columns["position_class_id"]]
    upt = [upts.get(pk, (None, None)) for pk in columns["upt_id"]]
    columns["upt"] = [name for name, _ in upt]
    columns["region_id"] = [region for _, region in upt]
    columns["region"] = [regions.get(pk) for pk in columns["region_id"]]
    gaps = None
    if with_gaps:
        gaps = json.loads(f"[{','.join('null' if t is None else t for t in columns['_t_gaps'])}]")
    return Table(
        text={name: columns[name] for name in (*_FIELDS, *NAMES)},
        values={name: np.array(columns[name], dtype=float) for name in _FLOATS},
        gaps=gaps,
    )


def counts(labels: list[Any]) -> dict[str, int]:
    """How many of each non-empty label, in the labels' order (as GROUP BY ... ORDER BY)."""
    tally: dict[Any, int] = {}
    for label in labels:
        if label not in (None, ""):
            tally[label] = tally.get(label, 0) + 1
    return {str(label): tally[label] for label in sorted(tally)}


def mean(values: np.ndarray) -> Fraction | None:
    """The exact mean of scores stored with two decimals (as the database's AVG of numeric),
    None when there are none."""
    known = values[~np.isnan(values)]
    if not known.size:
        return None
    cents = np.rint(known * 100).astype(np.int64)
    return Fraction(int(cents.sum()), 100 * int(known.size))


def _first_seen(keys: list[Any]) -> tuple[list[Any], np.ndarray]:
    """The distinct keys in the order they first appear, and each entry's index into them."""
    index: dict[Any, int] = {}
    inverse = np.fromiter((index.setdefault(key, len(index)) for key in keys), dtype=np.int64,
                          count=len(keys))  # fmt: skip
    return list(index), inverse


@dataclass(frozen=True)
class _Labels:
    """A label column coded once: the distinct non-empty labels and each entry's code (-1
    for an empty one)."""

    names: list[str]
    codes: np.ndarray

    @classmethod
    def of(cls, labels: list[Any]) -> _Labels:
        texts = [None if label in (None, "") else str(label) for label in labels]
        names, codes = _first_seen(texts)
        if None in names:
            empty = names.index(None)
            codes = np.where(codes == empty, -1, codes - (codes > empty))
            names.remove(None)
        return cls(names, codes)

    def per_group(self, inverse: np.ndarray, count: int) -> list[dict[str, int]]:
        """Per group, the count of each label, in the order labels first appear in it."""
        known = self.codes >= 0
        width = max(len(self.names), 1)
        pairs = inverse[known] * width + self.codes[known]
        unique, first, counts = np.unique(pairs, return_index=True, return_counts=True)
        out: list[dict[str, int]] = [{} for _ in range(count)]
        for position in np.lexsort((first, unique // width)).tolist():
            group, code = divmod(int(unique[position]), width)
            out[group][self.names[code]] = int(counts[position])
        return out


def _bins(inverse: np.ndarray, values: np.ndarray, count: int) -> np.ndarray:
    known = ~np.isnan(values)
    bins = np.minimum(np.floor_divide(values[known], 100 / BINS).astype(np.int64), BINS - 1)
    flat = np.bincount(inverse[known] * BINS + bins, minlength=count * BINS)
    return flat.reshape(count, BINS)


def blocks(table: Table) -> dict[str, dict[str, dict]]:
    """The blocks (GroupBlock's JSON form) of OPD, region and position class, keyed by the
    group's id as text."""
    width = len(COMPETENCY_CODES)
    jpm = table.values["jpm"]
    gaps = table.gaps or [None] * len(table)
    measured_gaps = {
        i: gap for i, (value, gap) in enumerate(zip(jpm.tolist(), gaps, strict=True))
        if gap and value == value  # levels were measured (or given); NaN != NaN
    }  # fmt: skip
    measured_rows = list(measured_gaps)
    padded = [(gap + [0] * width)[:width] for gap in measured_gaps.values()]
    below_matrix = (np.array(padded, dtype=np.int64).reshape(-1, width) < 0).astype(np.int64)
    labels = {
        field: _Labels.of(table.text[field])
        for field in ("jpm_category", "potential_category", "box")
    }
    out: dict[str, dict[str, dict]] = {}
    for grouping in ("opd", "region", "position_class"):
        ids = [str(key) for key in table.text[f"{grouping}_id"]]
        keys, inverse = _first_seen(ids)
        count = len(keys)
        first_name: dict[str, Any] = {}
        for key, name in zip(ids, table.text[grouping], strict=True):
            first_name.setdefault(key, name)
        n = np.bincount(inverse, minlength=count)
        sums, counts = {}, {}
        for component in BLOCK_COMPONENTS:
            values = table.values[component]
            known = ~np.isnan(values)
            sums[component] = np.bincount(inverse[known], weights=values[known], minlength=count)
            counts[component] = np.bincount(inverse[known], minlength=count)
        ld_bins = _bins(inverse, table.values["ld"], count)
        es_bins = _bins(inverse, table.values["es"], count)
        measured_groups = inverse[measured_rows] if measured_rows else np.zeros(0, np.int64)
        measured = np.bincount(measured_groups, minlength=count)
        below = np.zeros((count, width), dtype=np.int64)
        np.add.at(below, measured_groups, below_matrix)
        categories = {field: coded.per_group(inverse, count) for field, coded in labels.items()}
        out[grouping] = {
            key: {
                "name": first_name[key] or groups.PROVINCE,
                "n": int(n[g]),
                "sums": {c: float(sums[c][g]) for c in BLOCK_COMPONENTS},
                "counts": {c: int(counts[c][g]) for c in BLOCK_COMPONENTS},
                "jpm_category": categories["jpm_category"][g],
                "potential_category": categories["potential_category"][g],
                "box": categories["box"][g],
                "ld_bins": ld_bins[g].tolist(),
                "es_bins": es_bins[g].tolist(),
                "below": below[g].tolist(),
                "measured": int(measured[g]),
            }
            for g, key in enumerate(keys)
        }
    return out


def statistics_columns(table: Table, on: dt.date) -> groups.Columns:
    """The per-group statistics' input (scoring.runs.groups.Columns); ages on `on`."""
    text = table.text
    bands: dict[dt.date | None, str] = {}
    ages = [
        bands[birth] if birth in bands else bands.setdefault(birth, groups.age_band(birth, on))
        for birth in text["birth"]
    ]
    keys = {
        "opd": text["opd"],
        "upt": [upt or groups.NO_UPT for upt in text["upt"]],
        "region": [region or groups.PROVINCE for region in text["region"]],
        "position_class": text["position_class"],
        "golongan": [golongan or "-" for golongan in text["golongan"]],
        "gender": [groups.GENDERS.get(g or "", g or "-") for g in text["gender"]],
        "age": ages,
    }
    return groups.Columns(
        keys=keys,
        values=dict(table.values),
        jpm_category=text["jpm_category"],
        potential_category=text["potential_category"],
    )

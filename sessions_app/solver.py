"""Seat people in test sessions: a maximum flow of minimum cost (pure Python, no Django).

The network encodes exactly the hard rules, nothing more:

    group --(each available day d)--> (opd, d) --[cap(o, d) - fixed(o, d)]--> day d
    day d --[slot.capacity, cost slot.order]--> sink            (one parallel arc per slot)

A group is a set of interchangeable people (same OPD, region and available days) and supplies
its size, so 100,000 people make a few thousand nodes. OR-Tools' `solve_max_flow_with_min_cost`
first finds the maximum flow, then the cheapest flow of that value. Every placement that obeys
the hard rules is a flow in this network, so none seats more than the max flow (`bound`), and
the placements returned are that flow, decomposed person by person.

Costs per placed person (D = days with a session, S = max(slot.order) + 1); each weight
exceeds the whole range, for one person, of the costs below it:
- flexibility, FLEX * (M - M // k) with k = the person's available days, M = D * (D + 1),
  FLEX = REGION * (D + 1) + S: a reward of FLEX * M // k for being seated, so among maximum
  flows the people with fewer options are seated first (shaped like 1/k, so seating a one-day
  and a three-day person beats seating two two-day people).
- region, REGION = 10 * S: regions, largest first, get consecutive stretches of the event's seats
  as long as their headcount; a day costs REGION * (1 - the share of the stretch on it) inside
  the stretch and REGION * (1 + days away) outside, so a region's overflow lands on the next
  days. Main-office people (region None) cost nothing.
- order, slot.order on the slot's arc to the sink: earlier sessions fill first.
"""

import dataclasses
import datetime
import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from enum import StrEnum

import numpy as np
from numpy.typing import ArrayLike
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow


@dataclasses.dataclass(frozen=True, slots=True)
class Slot:
    id: int
    day: datetime.date
    order: int  # chronological rank, 0 = the event's earliest session
    capacity: int  # seats the solver may fill (usable seats minus fixed placements in it)


@dataclasses.dataclass(frozen=True, slots=True)
class Person:
    id: int
    opd: int
    region: str | None  # kabupaten/kota of the person's UPT; None = main office
    unavailable_days: frozenset[datetime.date] = frozenset()


@dataclasses.dataclass(frozen=True, slots=True)
class Fixed:
    """A placement the solver must not move (pinned by hand, or kept from an earlier run)."""

    opd: int
    day: datetime.date


class Reason(StrEnum):
    NO_DAY = "no_day"  # unavailable on every day that has a session
    CAPACITY = "capacity"  # every session on the days they can come is full
    OPD_SHARE = "opd_share"  # seats exist on their days, but their OPD reached its share there


@dataclasses.dataclass
class Result:
    placements: dict[int, int]  # person id -> slot id
    unplaced: dict[int, Reason]
    bound: int  # the most people any placement obeying the hard rules can seat
    share_caps: dict[int, int]  # opd -> daily share cap
    # (opd, day, the OPD's people that day incl. fixed, share cap) wherever availability or
    # fixed placements pushed the OPD above its share
    over_share: list[tuple[int, datetime.date, int, int]]


def assign_seats(people_in_order: Sequence[int], seats: Sequence[int]) -> dict[int, int]:
    """Give the seats to the people, first to first."""
    if len(people_in_order) > len(seats):
        raise ValueError(f"{len(people_in_order)} people for {len(seats)} seats")
    return dict(zip(people_in_order, seats, strict=False))


def solve(
    slots: Sequence[Slot],
    people: Sequence[Person],
    *,
    fixed: Sequence[Fixed] = (),
    opd_sizes: Mapping[int, int] | None = None,
    share: float = 0.5,
) -> Result:
    """Seat as many people as the hard rules allow; the module docstring describes the model."""
    if any(slot.capacity < 0 for slot in slots):
        raise ValueError("a slot's capacity cannot be negative")
    days = sorted({slot.day for slot in slots})
    day_index = {day: d for d, day in enumerate(days)}
    caps = _share_caps(people, fixed, opd_sizes, share)
    opds = sorted(caps)
    fixed_count = Counter((place.opd, place.day) for place in fixed)
    fixed_od = np.array([[fixed_count[o, day] for day in days] for o in opds], dtype=np.int64)
    groups = _group(people, day_index, opds)
    share_caps = np.array([caps[o] for o in opds], dtype=np.int64)
    room = _room(groups, share_caps, fixed_od.reshape(len(opds), len(days)))
    ordered = sorted(slots, key=lambda slot: (slot.order, slot.id))
    slot_day = np.array([day_index[slot.day] for slot in ordered], dtype=np.int64)
    arc_cost = _arc_costs(groups, people, ordered, day_index)
    group_flow, slot_flow, bound = _max_flow(groups, arc_cost, room, ordered, slot_day)

    placements, taken = _decompose(groups, group_flow, ordered, slot_day, slot_flow)
    assert len(placements) == bound
    full_days = np.ones(len(days), dtype=bool)
    np.logical_and.at(full_days, slot_day, slot_flow == [slot.capacity for slot in ordered])
    per_opd_day = Counter(fixed_count)
    for arc in np.flatnonzero(group_flow).tolist():
        opd, day = groups.keys[groups.arc_group[arc]][0], days[groups.arc_day[arc]]
        per_opd_day[opd, day] += int(group_flow[arc])
    return Result(
        placements=placements,
        unplaced=_reasons(groups, taken, full_days),
        bound=bound,
        share_caps=caps,
        over_share=sorted(
            (opd, day, count, caps[opd])
            for (opd, day), count in per_opd_day.items()
            if count > caps[opd]
        ),
    )


@dataclasses.dataclass
class _Groups:
    """Interchangeable people (same OPD, region and available days), one row per group."""

    keys: list[tuple[int, str | None, int]]  # opd, region, bitmask of available day indices
    members: list[list[int]]  # person ids, ascending
    sizes: np.ndarray
    opd_row: np.ndarray  # the group's OPD's index in the sorted OPD ids
    available: np.ndarray  # groups x days, bool
    arc_group: np.ndarray  # the group -> (opd, day) arcs, group by group, days in order
    arc_day: np.ndarray


def _group(
    people: Sequence[Person], day_index: Mapping[datetime.date, int], opds: list[int]
) -> _Groups:
    everyday = (1 << len(day_index)) - 1
    masks: dict[frozenset[datetime.date], int] = {frozenset(): everyday}
    found: defaultdict[tuple[int, str | None, int], list[int]] = defaultdict(list)
    for person in people:
        mask = masks.get(person.unavailable_days)
        if mask is None:
            away = sum(1 << day_index[day] for day in person.unavailable_days if day in day_index)
            mask = masks[person.unavailable_days] = everyday & ~away
        found[person.opd, person.region, mask].append(person.id)
    keys = sorted(found, key=lambda key: (key[0], key[1] is not None, key[1] or "", key[2]))
    row = {opd: i for i, opd in enumerate(opds)}
    available = _unpack([key[2] for key in keys], len(day_index))
    arc_group, arc_day = np.nonzero(available)
    return _Groups(
        keys=keys,
        members=[sorted(found[key]) for key in keys],
        sizes=np.array([len(found[key]) for key in keys], dtype=np.int64),
        opd_row=np.array([row[key[0]] for key in keys], dtype=np.int64),
        available=available,
        arc_group=arc_group,
        arc_day=arc_day,
    )


def _unpack(masks: list[int], n_days: int) -> np.ndarray:
    """Day bitmasks to a (groups x days) boolean matrix, without a Python loop over days."""
    width = max(1, (n_days + 7) // 8)
    raw = np.frombuffer(b"".join(mask.to_bytes(width, "little") for mask in masks), np.uint8)
    bits = np.unpackbits(raw.reshape(len(masks), width), axis=1, bitorder="little")
    return bits[:, :n_days].astype(bool)


def _share_caps(
    people: Sequence[Person],
    fixed: Sequence[Fixed],
    opd_sizes: Mapping[int, int] | None,
    share: float,
) -> dict[int, int]:
    sizes = Counter(person.opd for person in people) + Counter(place.opd for place in fixed)
    for opd in sizes:
        if opd_sizes is not None and opd in opd_sizes:
            sizes[opd] = opd_sizes[opd]
    # The epsilon keeps 0.29 * 100 = 28.999999999999996 from flooring to 28.
    return {opd: max(1, math.floor(share * size + 1e-9)) for opd, size in sorted(sizes.items())}


def _room(groups: _Groups, share_caps: np.ndarray, fixed_od: np.ndarray) -> np.ndarray:
    """cap(o, d) - fixed(o, d) per OPD row and day: the share gives way only to people who can
    come on that day alone and to fixed placements."""
    forced = np.zeros_like(fixed_od)
    single_day = groups.available & (groups.available.sum(axis=1) == 1)[:, None]
    single_g, single_d = np.nonzero(single_day)
    np.add.at(forced, (groups.opd_row[single_g], single_d), groups.sizes[single_g])
    return np.maximum(share_caps[:, None], fixed_od + forced) - fixed_od


def _arc_costs(
    groups: _Groups,
    people: Sequence[Person],
    ordered: list[Slot],
    day_index: Mapping[datetime.date, int],
) -> np.ndarray:
    """Flexibility plus region cost of each group -> (opd, day) arc (module docstring)."""
    n_days = len(day_index)
    order_range = max((slot.order for slot in ordered), default=0) + 1
    region_weight = 10 * order_range
    flex_weight = region_weight * (n_days + 1) + order_range
    big_m = n_days * (n_days + 1)
    flexibility = flex_weight * (big_m - big_m // groups.available.sum(axis=1)[groups.arc_group])
    rows, region_cost = _region_costs(people, ordered, day_index, region_weight)
    region_row = np.array([rows.get(key[1], len(rows)) for key in groups.keys], dtype=np.int64)
    return flexibility + region_cost[region_row[groups.arc_group], groups.arc_day]


def _region_costs(
    people: Sequence[Person],
    slots: Sequence[Slot],
    day_index: Mapping[datetime.date, int],
    weight: int,
) -> tuple[dict[str | None, int], np.ndarray]:
    """Region row index, and a (regions + 1) x days cost matrix; the last row (main office) is 0."""
    sizes = Counter(person.region for person in people if person.region is not None)
    names = sorted(sizes, key=lambda name: (-sizes[name], name))
    # None (no region) is never a key: looked up, it gets the last row, the main office's.
    rows: dict[str | None, int] = {name: row for row, name in enumerate(names)}
    costs = np.zeros((len(names) + 1, len(day_index)), dtype=np.int64)
    if not names or not slots:
        return rows, costs
    day_seats = np.zeros(len(day_index))
    for slot in slots:
        day_seats[day_index[slot.day]] += slot.capacity
    day_end = np.cumsum(day_seats)
    headcount = np.array([sizes[name] for name in names], dtype=float)
    # Shrink the stretches when regions alone outnumber the seats, so every region gets some.
    stretch = headcount * min(1.0, day_end[-1] / headcount.sum())
    end = np.cumsum(stretch)
    overlap = np.minimum(end[:, None], day_end) - np.maximum(
        (end - stretch)[:, None], day_end - day_seats
    )
    share_on_day = np.clip(overlap, 0, None) / np.where(stretch > 0, stretch, 1)[:, None]
    day = np.arange(len(day_index))
    gap = np.abs(np.subtract.outer(day, day))  # gap[d, e]: days between day d and day e
    away = np.where(share_on_day[:, None, :] > 0, gap, len(day_index)).min(axis=2)
    # Inside the block, cheaper where more of it lies; outside, dearer the farther away, so a
    # region that overflows its block spills onto the next days rather than anywhere.
    costs[:-1] = np.rint(weight * (1 - share_on_day)) + weight * away
    return rows, costs


def _max_flow(
    groups: _Groups,
    arc_cost: np.ndarray,
    room: np.ndarray,
    ordered: list[Slot],
    slot_day: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, int]:
    """Flows on the group arcs and on the slot arcs, and the flow value."""
    g_arc, d_arc = groups.arc_group, groups.arc_day
    if not len(g_arc) or not ordered:
        return np.zeros(len(g_arc), dtype=np.int64), np.zeros(len(ordered), dtype=np.int64), 0
    n_groups, n_days = groups.available.shape
    od_keys, od_of_arc = np.unique(groups.opd_row[g_arc] * n_days + d_arc, return_inverse=True)
    od_opd, od_day = divmod(od_keys, n_days)
    od_node = n_groups + np.arange(len(od_keys))  # nodes: groups, (opd, day)s in use, days, sink
    day_node = n_groups + len(od_keys)
    sink = day_node + n_days
    tails = [g_arc, od_node, day_node + slot_day]
    heads = [od_node[od_of_arc], day_node + od_day, np.full(len(ordered), sink)]
    capacities: list[ArrayLike] = [
        groups.sizes[g_arc],
        room[od_opd, od_day],
        [s.capacity for s in ordered],
    ]
    costs: list[ArrayLike] = [arc_cost, np.zeros(len(od_keys)), [slot.order for slot in ordered]]
    network = SimpleMinCostFlow()
    arcs = network.add_arcs_with_capacity_and_unit_cost(
        np.concatenate(tails).astype(np.int32),
        np.concatenate(heads).astype(np.int32),
        np.concatenate(capacities).astype(np.int64),
        np.concatenate(costs).astype(np.int64),
    )
    network.set_nodes_supplies(
        np.append(np.arange(n_groups), sink).astype(np.int32),
        np.append(groups.sizes, -sum(slot.capacity for slot in ordered)).astype(np.int64),
    )
    status = network.solve_max_flow_with_min_cost()
    if status != SimpleMinCostFlow.OPTIMAL:
        raise RuntimeError(f"min cost flow failed: {status}")
    flows = np.asarray(network.flows(arcs), dtype=np.int64)
    return flows[: len(g_arc)], flows[len(flows) - len(ordered) :], network.maximum_flow()


def _decompose(
    groups: _Groups,
    group_flow: np.ndarray,
    ordered: list[Slot],
    slot_day: np.ndarray,
    slot_flow: np.ndarray,
) -> tuple[dict[int, int], list[int]]:
    """Person -> slot, and how many of each group were seated. A group's people, lowest id
    first, take its days in order; then a day's people, lowest id first, take its slots in
    order. Same input, same output."""
    people_on: list[list[int]] = [[] for _ in range(groups.available.shape[1])]
    taken = [0] * len(groups.keys)
    for arc in np.flatnonzero(group_flow).tolist():
        g, n = int(groups.arc_group[arc]), int(group_flow[arc])
        people_on[groups.arc_day[arc]].extend(groups.members[g][taken[g] : taken[g] + n])
        taken[g] += n
    placements: dict[int, int] = {}
    cursor = [0] * len(people_on)
    for ids in people_on:
        ids.sort()
    for slot, d, n in zip(ordered, slot_day.tolist(), slot_flow.tolist(), strict=True):
        placements.update(dict.fromkeys(people_on[d][cursor[d] : cursor[d] + n], slot.id))
        cursor[d] += n
    return dict(sorted(placements.items())), taken


def _reasons(groups: _Groups, taken: list[int], full_days: np.ndarray) -> dict[int, Reason]:
    unplaced: dict[int, Reason] = {}
    for g in np.flatnonzero(np.array(taken, dtype=np.int64) < groups.sizes).tolist():
        days = groups.available[g]
        if not days.any():
            reason = Reason.NO_DAY
        elif full_days[days].all():
            reason = Reason.CAPACITY
        else:  # a free seat on one of their days: the flow being maximal, their OPD is full there
            reason = Reason.OPD_SHARE
        unplaced.update(dict.fromkeys(groups.members[g][taken[g] :], reason))
    return dict(sorted(unplaced.items()))

"""sessions_app.solver: seats people in sessions, as many as the hard rules allow.

Runs without Django: pytest tests/sessions_app/test_solver.py -p no:django --noconftest
"""

import datetime as dt
import math
import random
from collections import Counter

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp

from sessions_app.solver import Fixed, Person, Reason, Slot, assign_seats, solve

DAYS = [dt.date(2024, 2, 27), dt.date(2024, 2, 28), dt.date(2024, 2, 29)]


def two_sessions_a_day(capacity: int) -> list[Slot]:
    return [
        Slot(id=100 + order, day=DAYS[order // 2], order=order, capacity=capacity)
        for order in range(2 * len(DAYS))
    ]


def day_of(slots: list[Slot], result) -> dict[int, dt.date]:
    days = {slot.id: slot.day for slot in slots}
    return {person: days[slot] for person, slot in result.placements.items()}


# Written out independently of the module, from the rules as the scheduling brief states them.
def expected_share_caps(people, fixed, opd_sizes, share) -> dict[int, int]:
    sizes = Counter(person.opd for person in people) + Counter(place.opd for place in fixed)
    for opd, n in (opd_sizes or {}).items():
        if opd in sizes:
            sizes[opd] = n
    return {opd: max(1, math.floor(share * n + 1e-9)) for opd, n in sizes.items()}


def available_days(person: Person, slots: list[Slot]) -> set[dt.date]:
    return {slot.day for slot in slots} - person.unavailable_days


def opd_day_caps(slots, people, fixed, opd_sizes, share) -> dict[tuple[int, dt.date], int]:
    share_caps = expected_share_caps(people, fixed, opd_sizes, share)
    fixed_count = Counter((place.opd, place.day) for place in fixed)
    forced = Counter()
    for person in people:
        days = available_days(person, slots)
        if len(days) == 1:
            forced[person.opd, days.pop()] += 1
    return {
        (opd, day): max(share_caps[opd], fixed_count[opd, day] + forced[opd, day])
        for opd in share_caps
        for day in {slot.day for slot in slots}
    }


def milp_optimum(slots, people, fixed, opd_sizes, share) -> int:
    """The most people placeable, as an integer program over x[person, slot]."""
    if not slots or not people:
        return 0
    caps = opd_day_caps(slots, people, fixed, opd_sizes, share)
    fixed_count = Counter((place.opd, place.day) for place in fixed)
    n = len(people) * len(slots)

    def var(p: int, s: int) -> int:
        return p * len(slots) + s

    rows, upper = [], []
    for p in range(len(people)):
        row = np.zeros(n)
        row[[var(p, s) for s in range(len(slots))]] = 1
        rows.append(row)
        upper.append(1)
    for s, slot in enumerate(slots):
        row = np.zeros(n)
        row[[var(p, s) for p in range(len(people))]] = 1
        rows.append(row)
        upper.append(slot.capacity)
    for (opd, day), cap in caps.items():
        row = np.zeros(n)
        for p, person in enumerate(people):
            for s, slot in enumerate(slots):
                if person.opd == opd and slot.day == day:
                    row[var(p, s)] = 1
        rows.append(row)
        upper.append(cap - fixed_count[opd, day])
    high = np.ones(n)
    for p, person in enumerate(people):
        for s, slot in enumerate(slots):
            if slot.day in person.unavailable_days:
                high[var(p, s)] = 0
    found = milp(
        c=-np.ones(n),
        constraints=LinearConstraint(np.array(rows), -np.inf, np.array(upper)),
        integrality=np.ones(n),
        bounds=Bounds(np.zeros(n), high),
    )
    assert found.success
    return round(-found.fun)


def assert_hard_rules(slots, people, fixed, opd_sizes, share, result) -> None:
    by_id = {person.id: person for person in people}
    slot_by_id = {slot.id: slot for slot in slots}
    assert set(result.placements) | set(result.unplaced) == set(by_id)
    assert not set(result.placements) & set(result.unplaced)
    assert result.share_caps == expected_share_caps(people, fixed, opd_sizes, share)

    fill = Counter(result.placements.values())
    for slot_id, count in fill.items():
        assert count <= slot_by_id[slot_id].capacity
    per_opd_day = Counter((place.opd, place.day) for place in fixed)
    for person_id, slot_id in result.placements.items():
        day = slot_by_id[slot_id].day
        assert day not in by_id[person_id].unavailable_days
        per_opd_day[by_id[person_id].opd, day] += 1
    caps = opd_day_caps(slots, people, fixed, opd_sizes, share)
    for (opd, day), count in per_opd_day.items():
        if (opd, day) in caps:
            assert count <= caps[opd, day]
    assert result.over_share == sorted(
        (opd, day, count, result.share_caps[opd])
        for (opd, day), count in per_opd_day.items()
        if count > result.share_caps[opd]
    )

    for person_id, reason in result.unplaced.items():
        person = by_id[person_id]
        days = available_days(person, slots)
        open_days = {s.day for s in slots if s.day in days and fill[s.id] < s.capacity}
        if not days:
            assert reason == Reason.NO_DAY
        elif not open_days:
            assert reason == Reason.CAPACITY
        else:
            assert reason == Reason.OPD_SHARE
            assert all(per_opd_day[person.opd, day] == caps[person.opd, day] for day in open_days)


def random_instance(seed: int):
    rng = random.Random(seed)
    slots = [
        Slot(id=rng.randint(1, 10_000) * 10 + order, day=DAYS[order // 2], order=order, capacity=c)
        for order, c in enumerate(rng.randint(0, 8) for _ in range(rng.randint(1, 6)))
    ]
    opds = list(range(1, rng.randint(1, 4) + 1))
    regions = [None, None, "Kabupaten Malinau", "Kabupaten Nunukan", "Kota Tarakan"]
    maybe_days = [*DAYS, dt.date(2024, 3, 1)]  # a day without sessions must not matter
    people = [
        Person(
            id=person_id,
            opd=rng.choice(opds),
            region=rng.choice(regions),
            unavailable_days=frozenset(day for day in maybe_days if rng.random() < 0.3),
        )
        for person_id in rng.sample(range(1, 1000), rng.randint(0, 30))
    ]
    fixed = [
        Fixed(opd=rng.choice(opds), day=rng.choice(maybe_days)) for _ in range(rng.randint(0, 4))
    ]
    share = rng.choice([0.2, 0.3, 0.5, 0.7, 1.0])
    opd_sizes = None
    if rng.random() < 0.3:
        opd_sizes = {opd: rng.randint(1, 40) for opd in opds}
    rng.shuffle(slots)
    return slots, people, fixed, opd_sizes, share


@pytest.mark.parametrize("seed", range(200))
def test_random_instances_obey_the_rules_and_place_the_milp_optimum(seed):
    slots, people, fixed, opd_sizes, share = random_instance(seed)
    result = solve(slots, people, fixed=fixed, opd_sizes=opd_sizes, share=share)
    assert_hard_rules(slots, people, fixed, opd_sizes, share, result)
    optimum = milp_optimum(slots, people, fixed, opd_sizes, share)
    assert len(result.placements) == result.bound == optimum


def test_it_seats_everyone_when_the_seats_exactly_fit():
    slots = two_sessions_a_day(capacity=5)
    people = [Person(id=i, opd=i, region=None) for i in range(30)]
    result = solve(slots, people)
    assert len(result.placements) == result.bound == 30
    assert result.unplaced == {}
    assert Counter(result.placements.values()) == {slot.id: 5 for slot in slots}


def test_one_person_too_many_is_left_out_for_capacity():
    slots = two_sessions_a_day(capacity=5)
    people = [Person(id=i, opd=i, region=None) for i in range(31)]
    result = solve(slots, people)
    assert len(result.placements) == result.bound == 30
    assert list(result.unplaced.values()) == [Reason.CAPACITY]


def test_a_person_unavailable_on_every_session_day_has_no_day():
    slots = two_sessions_a_day(capacity=5)
    away = Person(id=1, opd=1, region=None, unavailable_days=frozenset(DAYS))
    result = solve(slots, [away, Person(id=2, opd=2, region=None)])
    assert result.unplaced == {1: Reason.NO_DAY}
    assert list(result.placements) == [2]


def test_no_sessions_leaves_everyone_without_a_day():
    result = solve([], [Person(id=1, opd=1, region=None)])
    assert result.unplaced == {1: Reason.NO_DAY}
    assert result.bound == 0


def test_the_opd_share_caps_each_day():
    slots = two_sessions_a_day(capacity=10)
    people = [Person(id=i, opd=7, region=None) for i in range(10)]
    result = solve(slots, people, share=0.5)
    assert result.share_caps == {7: 5}
    assert len(result.placements) == 10
    assert max(Counter(day_of(slots, result).values()).values()) == 5
    assert result.over_share == []


def test_people_beyond_the_share_are_left_out_even_with_free_seats():
    slots = [
        Slot(id=1, day=DAYS[0], order=0, capacity=20),
        Slot(id=2, day=DAYS[1], order=1, capacity=0),
    ]
    people = [Person(id=i, opd=7, region=None) for i in range(10)]
    result = solve(slots, people, share=0.5)
    assert len(result.placements) == result.bound == 5
    assert set(result.unplaced.values()) == {Reason.OPD_SHARE}


def test_the_share_gives_way_to_people_who_can_only_come_on_one_day():
    slots = two_sessions_a_day(capacity=10)
    only_day_3 = frozenset(DAYS[:2])
    people = [Person(id=i, opd=7, region=None, unavailable_days=only_day_3) for i in range(6)]
    people += [Person(id=i, opd=7, region=None) for i in range(6, 10)]
    result = solve(slots, people, share=0.5)
    assert len(result.placements) == 10
    days = Counter(day_of(slots, result).values())
    assert days[DAYS[2]] == 6
    assert result.over_share == [(7, DAYS[2], 6, 5)]


def test_a_one_person_opd_may_send_its_person():
    result = solve(two_sessions_a_day(capacity=1), [Person(id=1, opd=3, region=None)])
    assert result.share_caps == {3: 1}
    assert list(result.placements) == [1]


def test_opd_sizes_set_the_share_instead_of_the_people_given():
    slots = two_sessions_a_day(capacity=10)
    people = [Person(id=i, opd=7, region=None) for i in range(4)]
    result = solve(slots, people, opd_sizes={7: 40}, share=0.5)
    assert result.share_caps == {7: 20}
    assert set(day_of(slots, result).values()) == {DAYS[0]}  # not split 2 + 2


def test_fixed_placements_count_toward_the_opd_day_total_and_reduce_nothing_else():
    slots = [
        Slot(id=1, day=DAYS[0], order=0, capacity=10),
        Slot(id=2, day=DAYS[1], order=1, capacity=10),
    ]
    people = [Person(id=i, opd=1, region=None) for i in range(8)]
    people += [Person(id=i, opd=2, region=None) for i in range(8, 15)]
    fixed = [Fixed(opd=1, day=DAYS[0]), Fixed(opd=1, day=DAYS[0])]
    result = solve(slots, people, fixed=fixed, opd_sizes={2: 100}, share=0.5)
    assert result.share_caps[1] == 5  # 8 to place + 2 fixed
    days = day_of(slots, result)
    assert sum(1 for i in range(8) if days[i] == DAYS[0]) == 3
    assert Counter(result.placements.values())[1] == 10  # the fixed two took no solver seat
    assert len(result.placements) == 15
    assert result.over_share == []


def test_fixed_placements_above_the_share_are_reported_not_moved():
    slots = two_sessions_a_day(capacity=10)
    fixed = [Fixed(opd=1, day=DAYS[0])] * 3
    result = solve(slots, [Person(id=1, opd=1, region=None)], fixed=fixed, share=0.5)
    assert result.share_caps == {1: 2}
    assert day_of(slots, result) == {1: DAYS[1]}
    assert result.over_share == [(1, DAYS[0], 3, 2)]


def test_people_of_a_region_sit_on_one_day_when_there_is_room():
    slots = two_sessions_a_day(capacity=6)
    regions = ["Kabupaten Malinau", "Kabupaten Nunukan", None]
    people = [Person(id=i, opd=i % 4, region=regions[i % 3]) for i in range(30)]
    result = solve(slots, people, share=1.0)
    assert len(result.placements) == 30
    days = day_of(slots, result)
    for region in regions[:2]:
        assert len({days[p.id] for p in people if p.region == region}) == 1


def test_earlier_sessions_fill_first():
    slots = two_sessions_a_day(capacity=5)
    people = [Person(id=i, opd=i, region=None) for i in range(12)]
    result = solve(list(reversed(slots)), people)
    fill = Counter(result.placements.values())
    assert [fill[slot.id] for slot in slots] == [5, 5, 2, 0, 0, 0]


def test_a_single_day_person_is_not_left_out_on_a_tie():
    slots = [
        Slot(id=1, day=DAYS[0], order=0, capacity=1),
        Slot(id=2, day=DAYS[1], order=1, capacity=0),
    ]
    flexible = Person(id=1, opd=1, region=None)
    single_day = Person(id=2, opd=2, region=None, unavailable_days=frozenset({DAYS[1]}))
    result = solve(slots, [flexible, single_day])
    assert result.placements == {2: 1}
    assert result.unplaced == {1: Reason.CAPACITY}


def test_the_same_input_gives_the_same_output_in_any_order():
    slots, people, fixed, opd_sizes, share = random_instance(seed=7)
    first = solve(slots, people, fixed=fixed, opd_sizes=opd_sizes, share=share)
    again = solve(slots, people, fixed=fixed, opd_sizes=opd_sizes, share=share)
    shuffled = solve(
        random.Random(1).sample(slots, len(slots)),
        random.Random(2).sample(people, len(people)),
        fixed=fixed,
        opd_sizes=opd_sizes,
        share=share,
    )
    assert first == again == shuffled


def test_assign_seats_gives_the_seats_in_order():
    assert assign_seats([30, 10, 20], [1, 2, 3, 4]) == {30: 1, 10: 2, 20: 3}


def test_assign_seats_refuses_more_people_than_seats():
    with pytest.raises(ValueError):
        assign_seats([1, 2, 3], [1, 2])

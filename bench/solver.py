"""Session solver at national scale: 100,000 people, 50 days x 2 sessions of 1,200 seats."""

import datetime
import random
import time
from collections import Counter

from bench.memory import peak_mb, reset
from demo.opds import REGIONS
from sessions_app.solver import Person, Slot, solve

LAB_SEATS, LABS = 400, 3


def build(
    people_count: int = 100_000, opd_count: int = 40, day_count: int = 50
) -> tuple[list[Slot], list[Person]]:
    rng = random.Random(1)
    first = datetime.date(2024, 2, 27)
    days = [first + datetime.timedelta(days=i) for i in range(day_count)]
    slots = [
        Slot(id=d * 2 + half, day=day, order=d * 2 + half, capacity=LABS * LAB_SEATS)
        for d, day in enumerate(days)
        for half in range(2)
    ]
    # Varied OPD sizes: a few large dinas, many small biro.
    weights = [rng.paretovariate(1.2) for _ in range(opd_count)]
    opds = rng.choices(range(1, opd_count + 1), weights=weights, k=people_count)
    people = []
    for person_id, opd in enumerate(opds, start=1):
        region = rng.choice(REGIONS) if rng.random() < 0.15 else None
        away: frozenset[datetime.date] = frozenset()
        if rng.random() < 0.10:
            away = frozenset(rng.sample(days, rng.randint(1, 5)))
        people.append(Person(id=person_id, opd=opd, region=region, unavailable_days=away))
    return slots, people


def run() -> None:
    slots, people = build()
    reset()  # the peak of this run, not of the benches before it in this process
    started = time.perf_counter()
    result = solve(slots, people)
    seconds = time.perf_counter() - started
    peak = peak_mb()
    reasons = Counter(result.unplaced.values())
    sizes = Counter(person.opd for person in people)
    smallest, largest = min(sizes.values()), max(sizes.values())
    print(f"people: {len(people):,} in {len(sizes)} OPDs of {smallest:,} to {largest:,}")
    print(f"slots: {len(slots)}, total seats: {sum(slot.capacity for slot in slots):,}")
    print(f"placed: {len(result.placements):,}, bound: {result.bound:,}")
    print(f"unplaced by reason: {dict(reasons) or 'none'}")
    print(f"over_share: {len(result.over_share)}")
    print(f"solver: {seconds:.2f} s; peak memory of the process: {peak:.0f} MB")

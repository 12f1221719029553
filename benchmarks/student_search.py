"""Benchmark of the student's search page service (``rankings.search``) on a large round.

Run: ``.venv/bin/python benchmarks/student_search.py`` (``--offers N``, ``--students N``).

Stores a generated round (4,000 offers by default, the size the issue names; a round holds at
most about 5,000) in a fresh SQLite store and times, per call, the median of 15 runs of:

* ``search``: the whole service: read the round's offers, the engine's eligibility for the
  student, filter, page (the target is under 100 ms at 4,000 offers);
* ``baseline``: reading the offers alone (``round_offers``), measured in the same run, to show
  what the eligibility and the filtering add on top of the query.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import update

from krapte.accounts.core.permissions import Actor, Role
from krapte.bootstrap import bootstrap
from krapte.placement import repository
from krapte.placement.core.generator import generate
from krapte.placement.core.validation import loaded_from_records
from krapte.placement.rounds import rankings
from krapte.placement.rounds.eligibility import round_offers
from krapte.placement.tables import PlacementRound, PlacementStudent
from krapte.settings import Settings

TARGET_MS = 100.0


def median_ms(work: Callable[[], object], runs: int = 15) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--offers", type=int, default=4_000)
    parser.add_argument("--students", type=int, default=2_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        container = bootstrap(Settings(home=Path(home)))
        container.store.initialise()
        records = generate(args.students, args.offers, seed=1, max_choices=10)
        loaded = loaded_from_records(records)
        with container.unit_of_work(write=True) as uow:
            rid = repository.store_round(uow.session, "bench", loaded, 10)
            uow.session.execute(
                update(PlacementRound).where(PlacementRound.id == rid).values(phase="rankings_open")
            )
            uow.session.execute(
                update(PlacementStudent)
                .where(PlacementStudent.student_id == "S000001")
                .values(user_id=1)
            )
            uow.commit()
        actor = Actor(1, "Student", frozenset({Role.STUDENT}))
        filters = rankings.Filters(sector=records.offers[0].sector)

        def search() -> object:
            return rankings.search(container.unit_of_work(), actor, rid, filters)

        def baseline() -> object:
            with container.unit_of_work() as uow:
                return round_offers(uow.session, rid)

        found = rankings.search(container.unit_of_work(), actor, rid, rankings.Filters())
        searched, read = median_ms(search), median_ms(baseline)
        print(f"offers: {args.offers:,}; eligible for the student: {found.total:,}")
        print(f"search (whole service)   {searched:8.1f} ms  (target < {TARGET_MS:.0f} ms)")
        print(f"baseline (offers query)  {read:8.1f} ms")
        container.store.dispose()


if __name__ == "__main__":
    main()

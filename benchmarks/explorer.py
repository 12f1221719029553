"""How fast the data explorer answers on a 500,000-figure dataset (SQLite by default).

Builds a store with the bundled institutions and one synthetic dataset of ``--figures`` figures
(20 institutions × 50 programmes × 4 categories × 5 levels × 25 years), written straight into
the observation table, then times the explorer's typical questions (median of ``--repeat``
runs, the first run's filter choices uncached) beside a named baseline measured in the same run:
the old dataset page's query, every figure of the version read into Python.

    .venv/bin/python benchmarks/explorer.py [--figures 500000] [--url sqlite:///…]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from itertools import product
from pathlib import Path

from sqlalchemy import insert

from krapte.bootstrap import bootstrap, initialise
from krapte.datahub import explorer, filter_choices, repository
from krapte.datahub import tables as t
from krapte.datahub.core.selection import Selection
from krapte.settings import Settings

DATASET = "synthetisch"


def build(url: str, figures: int) -> object:
    container = bootstrap(Settings(database_url=url))
    initialise(container)
    with container.unit_of_work(write=True) as uow:
        institutions = sorted(repository.institution_provinces(uow.session))[:20]
        repository.ensure_dataset(uow.session, DATASET, "Synthetische dataset")
        release = t.Release(
            dataset_name=DATASET,
            version=1,
            label="benchmark",
            origin="benchmark",
            checksum="0",
            imported_at=datetime.now(UTC),
            row_count=figures,
        )
        uow.session.add(release)
        uow.session.flush()
        combos = product(
            range(2000, 2025),
            institutions,
            [f"opleiding {n}" for n in range(50)],
            ["", "a", "b", "c"],
            ["graduaat", "bachelor", "master", "banaba", "manama"],
        )
        batch: list[dict[str, object]] = []
        for index, (year, institution, programme, category, level) in enumerate(combos):
            if index >= figures:
                break
            batch.append(
                {
                    "release_id": release.id,
                    "measure": "inschrijvingen",
                    "period": str(year),
                    "geography": "Vlaanderen",
                    "institution": institution,
                    "programme": programme,
                    "level": level,
                    "category": category,
                    "value": float(index % 997),
                    "unit": "count",
                    "source": "benchmark",
                    "section": "",
                    "source_table": "t",
                    "note": "",
                }
            )
            if len(batch) == 20_000:
                uow.session.execute(insert(t.Observation), batch)
                batch = []
        if batch:
            uow.session.execute(insert(t.Observation), batch)
        # the filter choices an import stores with the version (here worked out in SQL)
        filter_choices.store(
            uow.session, release.id, filter_choices.of_release(uow.session, release.id)
        )
        uow.commit()
    if container.store.engine.dialect.name == "postgresql":
        # what autovacuum does shortly after a big import: statistics and the visibility map
        with container.store.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                "VACUUM ANALYZE observation"
            )
    return container


def timed(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median of ``repeat`` runs with nothing remembered, and of ``repeat`` runs with the
    explorer's memory warm, in milliseconds."""
    cold = []
    for _ in range(repeat):
        explorer.forget(keep_choices=True)
        start = time.perf_counter()
        run()
        cold.append((time.perf_counter() - start) * 1000)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(cold), statistics.median(times)


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def _explore(container: object, selection: Selection) -> object:
    return explorer.explore(container.unit_of_work(), selection)  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--figures", type=int, default=500_000)
    parser.add_argument("--url", default="")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="krapte-explorer-"))
    url = args.url or f"sqlite:///{folder / 'krapte.db'}"
    start = time.perf_counter()
    container = build(url, args.figures)
    print(f"store with {args.figures:,} figures built in {time.perf_counter() - start:.1f} s")
    questions = {
        "wide page, no filter": Selection(DATASET),
        "wide page, one institution": Selection(DATASET, institution="HOGENT"),
        "wide page, province, sorted on 2024": Selection(
            DATASET, province="Antwerpen", sort="2024", direction="desc"
        ),
        "wide page, 2020-2024, page 50": Selection(
            DATASET, period_from="2020", period_to="2024", page=50
        ),
        "long page, sorted on value": Selection(DATASET, view="long", sort="value"),
        "long page, level + programme": Selection(
            DATASET, view="long", level="master", programme="opleiding 7"
        ),
        "sums by province and year": Selection(DATASET, group=("province", "period")),
    }
    explorer.forget()
    start = time.perf_counter()
    explorer.explore(container.unit_of_work(), Selection(DATASET, page_size=1))
    print(f"first page of the version (filter choices read): {_ms(start):.0f} ms")
    print("cold: nothing remembered but the filter choices; warm: the same page asked again")
    print(f"{'question':42} {'cold ms':>10} {'warm ms':>10}")
    for name, selection in questions.items():
        first, median = timed(lambda s=selection: _explore(container, s), args.repeat)
        print(f"{name:42} {first:10.1f} {median:10.1f}")
    from krapte.datahub import service

    first, median = timed(lambda: service.observations(container.unit_of_work(), DATASET), 1)
    print(f"{'baseline: every figure into Python':42} {first:10.1f} {median:10.1f}")
    print("figures are noisy on a shared machine; compare within one run only")


if __name__ == "__main__":
    main()

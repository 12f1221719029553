"""The workforce monitor at sector scale: 2,000 organisations, 1,000,000 staff records, 10 years.

Run: `.venv/bin/python benchmarks/workforce.py [--organisations N] [--records N]`.

Generates synthetic organisations (subsector, province, size class) and pseudonymous staff
records (starts since 2000, exits with reasons, long-term absences) as one CSV per organisation,
then, on a fresh SQLite store in a temporary folder (and on PostgreSQL too when
``KRAPTE_TEST_POSTGRES_URL`` is set), times each step in its own child process (wall time and
the child's peak RSS from ``os.wait4``):

* importing every organisation's file through ``workforce.service.import_records`` (target: at
  least 200,000 records per second);
* every organisation's indicators through ``organisation_indicators`` (one call each), and all
  organisations' stock in one SQL query (``repository.all_stock``);
* the protected sector tables: ``service.sector`` (every published breakdown of every measure is
  protected at each call; target under 5 s).

Baselines, measured in the same run on one organisation's worth of records (``--baseline``,
default 20,000) and extrapolated linearly to the full size (say so when quoting them): the import
as ORM objects (``session.add_all``, one ``WorkforceRecord`` per row); the sector's aggregation
in Python (every record loaded and counted per organisation and year). Timings on the shared
2-core machine vary by about ±30 % between runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np

IMPORT_TARGET_PER_S = 200_000
SECTOR_TARGET_S = 5.0
AS_OF = date(2025, 12, 31)
FIRST_START = date(2000, 1, 1)
SUBSECTORS = (
    "algemeen welzijnswerk",
    "jeugdhulp",
    "personen met een handicap",
    "geestelijke gezondheidszorg",
    "ouderenzorg",
    "lokaal sociaal beleid",
)
PROVINCES = ("Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant", "West-Vlaanderen")
LEVELS = ("graduaat", "bachelor", "master", "verwant", "ander")
REASONS = ("werkdruk", "mentale belasting", "pensioen", "einde contract", "andere")
HEADER = (
    "pseudonym;function;programme;level;fte;birth_year_band;start_date;end_date;exit_reason;"
    "absences\n"
)


def _day(day: date) -> int:
    return (day - date(1970, 1, 1)).days


def _iso(days: np.ndarray) -> np.ndarray:
    return np.datetime_as_string(days.astype("datetime64[D]"), unit="D")


def size_class(size: int) -> str:
    return "1-9" if size < 10 else "10-49" if size < 50 else "50-199" if size < 200 else "200+"


def generate(
    folder: Path, organisations: int, records: int, seed: int = 13, sizes: list[int] | None = None
) -> list[dict[str, str]]:
    """One CSV per organisation in ``folder`` (sizes drawn, or given); their attributes."""
    rng = np.random.default_rng(seed)
    if sizes is None:
        weights = rng.lognormal(0.0, 1.0, organisations)
        drawn = np.maximum(5, np.floor(weights / weights.sum() * records)).astype(int)
        drawn[0] += records - int(drawn.sum())
        sizes = drawn.tolist()
    found = []
    first, last = _day(FIRST_START), _day(AS_OF)
    for index, size in enumerate(sizes):
        name = f"Organisatie {index:04d}" if len(sizes) > 1 else "Groot"
        start = rng.integers(first, last + 1, size)
        leaves = rng.random(size) < 0.6
        end = start + rng.exponential(4 * 365, size).astype(int)
        ended = leaves & (end <= last)
        band = rng.choice(np.arange(1955, 2001, 5), size)
        absent = rng.random(size) < 0.03
        absent_from = start + 30
        absent_to = absent_from + 120
        absent &= np.where(ended, end, last) >= absent_to
        lines = [HEADER]
        starts, ends = _iso(start), _iso(end)
        froms, tos = _iso(absent_from), _iso(absent_to)
        functions = np.where(rng.random(size) < 0.7, "sociaal werker", "ander")
        levels = rng.choice(LEVELS, size)
        fte = rng.choice(("1", "0,8", "0,5"), size)
        reasons = rng.choice(REASONS, size)
        for i in range(size):
            lines.append(
                f"P{i};{functions[i]};Sociaal werk;{levels[i]};{fte[i]};{band[i]}-{band[i] + 4};"
                f"{starts[i]};{ends[i] if ended[i] else ''};{reasons[i] if ended[i] else ''};"
                f"{froms[i] + '/' + tos[i] if absent[i] else ''}\n"
            )
        file = f"{index:04d}.csv" if len(sizes) > 1 else "groot.csv"
        (folder / file).write_text("".join(lines), encoding="utf-8")
        found.append(
            {
                "name": name,
                "file": file,
                "subsector": SUBSECTORS[int(rng.integers(len(SUBSECTORS)))],
                "province": PROVINCES[int(rng.integers(len(PROVINCES)))],
                "size_class": size_class(size),
            }
        )
    return found


def in_child(work: Callable[[], dict[str, float]]) -> dict[str, float]:
    """Run ``work`` in a forked child: its result, wall seconds and peak RSS (MiB)."""
    read, write = os.pipe()
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            result = work()
        except BaseException as exc:  # report, never fall through into the parent's code
            result = {"error": str(exc)}  # type: ignore[dict-item]
        with os.fdopen(write, "w") as out:
            json.dump(result, out)
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as handle:
        text = handle.read()
    _, _, usage = os.wait4(pid, 0)
    result = json.loads(text)
    if "error" in result:
        raise SystemExit(f"step failed: {result['error']}")
    result["wall_s"] = time.perf_counter() - started
    result["peak_mib"] = usage.ru_maxrss / 1024
    return result


def measure(
    url: str,
    folder: Path,
    organisations: list[dict[str, str]],
    large: dict[str, str],
    baseline: int,
) -> None:
    # What a running server has loaded already (the children inherit it): the file reader's
    # libraries, imported on first use otherwise.
    import pyarrow.compute
    import pyarrow.csv  # noqa: F401

    import krapte.numbers  # noqa: F401
    from krapte.accounts.core.permissions import SYSTEM
    from krapte.bootstrap import bootstrap
    from krapte.settings import Settings
    from krapte.workforce import repository, service
    from krapte.workforce.core.staff_file import day_number

    def container():  # type: ignore[no-untyped-def]
        return bootstrap(Settings(database_url=url))

    built = container()
    if built.store.engine.dialect.name == "postgresql":
        from sqlalchemy import MetaData

        meta = MetaData()
        meta.reflect(built.store.engine)
        meta.drop_all(built.store.engine)
    built.store.initialise()
    for org in [*organisations, large]:
        service.register_organisation(
            built.unit_of_work(write=True),
            SYSTEM,
            org["name"],
            org["subsector"],
            org["size_class"],
            org["province"],
        )
    built.store.dispose()

    def import_all() -> dict[str, float]:
        box = container()
        count = 0
        for org in organisations:
            result = service.import_records(
                box.unit_of_work(write=True), SYSTEM, org["name"], folder / org["file"], as_of=AS_OF
            )
            count += result.records
        return {"records": count}

    def import_large() -> dict[str, float]:
        box = container()
        result = service.import_records(
            box.unit_of_work(write=True), SYSTEM, large["name"], folder / large["file"], as_of=AS_OF
        )
        with box.unit_of_work(write=True) as uow:  # leave the sector as the organisations made it
            service.import_records(uow, SYSTEM, large["name"], folder / "leeg.csv", as_of=AS_OF)
            uow.commit()
        return {"records": result.records}

    def indicators_each() -> dict[str, float]:
        box = container()
        years = 0
        for org in organisations:
            found = service.organisation_indicators(box.unit_of_work(), SYSTEM, org["name"])
            years += len(found.years)
        return {"years": years}

    def stock_at_once() -> dict[str, float]:
        box = container()
        spans = [
            (y, day_number(date(y, 1, 1)), day_number(date(y, 12, 31))) for y in range(2016, 2026)
        ]
        with box.unit_of_work() as uow:
            groups = repository.all_stock(uow.session, repository.years_table(spans))
        return {"groups": groups}

    def sector() -> dict[str, float]:
        box = container()
        table = service.sector(box.unit_of_work(), SYSTEM, ("subsector", "province"))
        shown = sum(r.headcount is not None for r in table.rows)
        return {"rows": len(table.rows), "published": shown}

    def orm_import() -> dict[str, float]:
        from krapte.workforce.tables import WorkforceRecord

        box = container()
        with box.unit_of_work(write=True) as uow:
            org_id = repository.organisation_id(uow.session, organisations[0]["name"])
            uow.session.add_all(
                WorkforceRecord(
                    organisation_id=org_id,
                    pseudonym=f"B{i}",
                    function="sociaal werker",
                    programme="",
                    level="bachelor",
                    fte=1.0,
                    birth_first=1980,
                    birth_last=1984,
                    start_day=15000 + i % 300,
                    end_day=None,
                    start_year=2011,
                    end_year=None,
                    exit_reason=None,
                )
                for i in range(baseline)
            )
            uow.session.flush()
        return {"records": baseline}

    def python_sector() -> dict[str, float]:
        from sqlalchemy import select

        from krapte.workforce.tables import WorkforceRecord as R

        box = container()
        counts: dict[tuple[int, int], int] = {}
        with box.unit_of_work() as uow:
            rows = uow.session.execute(
                select(R.organisation_id, R.start_day, R.end_day).limit(baseline)
            ).all()
        for organisation, start, end in rows:
            for year in range(2016, 2026):
                last = day_number(date(year, 12, 31))
                if start <= last and (end is None or end > last):
                    counts[organisation, year] = counts.get((organisation, year), 0) + 1
        return {"records": len(rows)}

    imported = in_child(import_all)
    per_s = imported["records"] / imported["wall_s"]
    big = in_child(import_large)
    orm = in_child(orm_import)
    orm_per_s = orm["records"] / orm["wall_s"]
    each = in_child(indicators_each)
    once = in_child(stock_at_once)
    protected = in_child(sector)
    naive = in_child(python_sector)
    naive_full = naive["wall_s"] / max(naive["records"], 1) * imported["records"]

    def line(label: str, wall: float, peak: float, target: str, base: str) -> None:
        print(f"  {label:<44} {wall:8.2f} s {peak:8.0f} MiB  {target:<22} {base}")

    print(f"\n  {'step':<44} {'wall':>10} {'peak':>12}  {'target':<22} baseline")
    line(
        f"import {int(imported['records']):,} records ({per_s:,.0f}/s)",
        imported["wall_s"],
        imported["peak_mib"],
        f"≥ {IMPORT_TARGET_PER_S:,}/s",
        f"ORM add_all: {orm_per_s:,.0f}/s (on {baseline:,})",
    )
    line(
        f"import one file of {int(big['records']):,} ({big['records'] / big['wall_s']:,.0f}/s)",
        big["wall_s"],
        big["peak_mib"],
        f"≥ {IMPORT_TARGET_PER_S:,}/s",
        "",
    )
    line(
        f"indicators of {len(organisations):,} organisations, one by one",
        each["wall_s"],
        each["peak_mib"],
        "",
        "",
    )
    line(
        f"stock of all organisations in one query ({int(once['groups']):,} groups)",
        once["wall_s"],
        once["peak_mib"],
        "",
        "",
    )
    line(
        f"protected sector tables ({int(protected['published'])}/{int(protected['rows'])} shown)",
        protected["wall_s"],
        protected["peak_mib"],
        f"< {SECTOR_TARGET_S:.0f} s",
        f"Python loop: ~{naive_full:.1f} s (extrapolated from {baseline:,})",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=2_000)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--baseline", type=int, default=20_000)
    parser.add_argument("--large", type=int, default=200_000, help="records of one big file")
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        files = work / "files"
        files.mkdir()
        started = time.perf_counter()
        organisations = generate(files, args.organisations, args.records)
        large = generate(files, 1, args.large, seed=7, sizes=[args.large])[0]
        (files / "leeg.csv").write_text(HEADER, encoding="utf-8")
        size = sum(p.stat().st_size for p in files.iterdir() if p.name != "groot.csv") / 2**20
        print(
            f"Generated {args.organisations:,} organisations, {args.records:,} records "
            f"({size:.0f} MiB of CSV) in {time.perf_counter() - started:.1f} s"
        )
        os.environ["KRAPTE_HOME"] = str(work / "home")
        print("\nSQLite")
        measure(f"sqlite:///{work / 'krapte.db'}", files, organisations, large, args.baseline)
        postgres = os.environ.get("KRAPTE_TEST_POSTGRES_URL")
        if postgres:
            print("\nPostgreSQL")
            measure(postgres, files, organisations, large, args.baseline)
    sys.stdout.flush()


if __name__ == "__main__":
    main()

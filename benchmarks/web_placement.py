"""Benchmark of the placement round in the browser (issue 10, "Speed").

1. Builds a fresh store (``KRAPTE_DATABASE_URL`` when given, else SQLite in a temporary
   KRAPTE_HOME) and loads the demo round with 20,000 students and 4,000 offers
   (``krapte demo load``); prints how long that takes.
2. Allocation from the database: the round-admin service
   (``krapte.placement.rounds.allocation``) when it is there, else
   ``round_service.run_stored_round`` (read the round from the store, allocate, store the run and
   its rows, write the output folder); wall seconds, target <= 5 s. Beside it the named baseline
   measured in the same run: ``placement run from files``, the command line's service
   (``service.run_placement`` + ``write_run``) on the same round generated as CSV files.
3. Load: ``krapte serve`` in a subprocess and 50 closed-loop clients (asyncio + httpx), each a
   demo student with an API token: for ``--duration`` seconds they save their ranking
   (``PUT /api/v1/stages/{rid}/mijn-lijst``) and read it back, then, after the round is published,
   for ``--duration`` seconds they read their result (``GET /api/v1/stages/{rid}/resultaat``).
   p50/p95/p99 and errors per route; target p95 <= 150 ms, 0 errors. The students' routes are
   built by another part of issue 10; while they answer 404 this part says so and is skipped.
   The request body of the ranking is ``{"offer_ids": [...]}`` (adjust :func:`drive` if the
   route's model differs).

Client and server share the machine's cores, so the figures are noisy.

    python benchmarks/web_placement.py [--students 20000] [--offers 4000] [--clients 50]
        [--duration 30] [--seed 2026] [--skip-load]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web_load import start_server

ROUND_SEED = 2026
RUN_SEED = 7


def _environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["KRAPTE_HOME"] = str(home)
    env.setdefault("KRAPTE_API_RATE_LIMIT", "1000000/minute")
    return env


def load_demo(students: int, offers: int) -> tuple[int, str, float]:
    from krapte.accounts.core.permissions import SYSTEM
    from krapte.bootstrap import bootstrap
    from krapte.placement import demo

    container = bootstrap()
    container.store.initialise()
    started = time.perf_counter()
    done = demo.load_demo(
        container.unit_of_work(write=True), SYSTEM, students=students, offers=offers,
        seed=ROUND_SEED,
    )  # fmt: skip
    return done.round_id, done.round_name, time.perf_counter() - started


def allocate_from_database(round_id: int, name: str, out: Path) -> tuple[str, float]:
    """The allocation of the stored round and the storing of its run; (what ran, seconds)."""
    from krapte.bootstrap import bootstrap
    from krapte.placement import round_service, service  # imported before the clock starts

    assert service is not None
    container = bootstrap()
    try:
        from krapte.placement.rounds import allocation  # type: ignore[attr-defined]
    except ImportError:
        allocation = None
    allocate = getattr(allocation, "allocate", None) if allocation is not None else None
    started = time.perf_counter()
    if allocate is not None:
        from krapte.accounts.core.permissions import SYSTEM

        allocate(container.unit_of_work(write=True), SYSTEM, round_id, seed=RUN_SEED)
        return "rounds.allocation.allocate", time.perf_counter() - started
    round_service.run_stored_round(container.unit_of_work(write=True), name, RUN_SEED, out)
    return "round_service.run_stored_round", time.perf_counter() - started


def baseline_from_files(students: int, offers: int, folder: Path) -> float:
    """`krapte placement run` from files on the same generated round (read, validate, run,
    check, write); the files are written first and not timed."""
    from krapte.placement import service

    made = service.generate_round(students, offers, ROUND_SEED, folder / "ronde", 10)
    paths = service.InputPaths(
        offers=made / "offers.csv",
        students=made / "students.csv",
        preferences=made / "preferences.csv",
    )
    started = time.perf_counter()
    service.run_placement(paths, RUN_SEED, folder / "uit")
    return time.perf_counter() - started


# --- the web load ----------------------------------------------------------------------------


def student_tokens(round_id: int, count: int) -> list[tuple[str, list[str]]]:
    """(API token, the offers the student ranked) for ``count`` demo students, each given a
    student account (no password) and an API token through the accounts service."""
    from sqlalchemy import select

    from krapte.accounts import service as accounts
    from krapte.accounts.core.permissions import SYSTEM, Role
    from krapte.bootstrap import bootstrap
    from krapte.placement.tables import PlacementPreference, PlacementStudent

    container = bootstrap()
    found: list[tuple[str, list[str]]] = []
    with container.unit_of_work(write=True) as uow:
        students = list(
            uow.session.scalars(
                select(PlacementStudent)
                .where(PlacementStudent.round_id == round_id, PlacementStudent.user_id.is_(None))
                .order_by(PlacementStudent.student_id)
                .limit(count)
            )
        )
        for student in students:
            user = accounts.add_user(uow, SYSTEM, student.email, student.name, Role.STUDENT)
            student.user_id = user.id
            made = accounts.create_api_token(uow, SYSTEM, "benchmark", user_id=user.id)
            ranked = list(
                uow.session.scalars(
                    select(PlacementPreference.offer_id)
                    .where(
                        PlacementPreference.round_id == round_id,
                        PlacementPreference.student_id == student.student_id,
                    )
                    .order_by(PlacementPreference.rank)
                )
            )
            found.append((made.secret, ranked))
        uow.commit()
    return found


def routes_missing(base: str, round_id: int, token: str) -> str:
    """Why the students' routes cannot be measured yet ("" when they answer)."""
    import httpx2 as httpx

    url = f"{base}/api/v1/stages/{round_id}/mijn-lijst"
    status = httpx.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=30).status_code
    return f"GET {url} answers {status}" if status == 404 else ""


async def drive(
    base: str, round_id: int, students: list[tuple[str, list[str]]], duration: float, mode: str
) -> tuple[dict[str, list[float]], dict[str, dict[str, int]], float]:
    import httpx2 as httpx

    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    limits = httpx.Limits(max_connections=len(students), max_keepalive_connections=len(students))
    lists = f"/api/v1/stages/{round_id}/mijn-lijst"
    result = f"/api/v1/stages/{round_id}/resultaat"
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30.0) as client:
        end = time.perf_counter() + duration

        async def one(token: str, ranked: list[str]) -> None:
            headers = {"Authorization": f"Bearer {token}"}
            turn = 0
            while time.perf_counter() < end:
                turn += 1
                if mode == "rankings":
                    order = (
                        ranked[turn % len(ranked) :] + ranked[: turn % len(ranked)]
                        if ranked
                        else []
                    )
                    calls = [
                        ("PUT " + lists, "PUT", lists, {"offer_ids": order}),
                        ("GET " + lists, "GET", lists, None),
                    ]
                else:
                    calls = [("GET " + result, "GET", result, None)]
                for label, method, url, body in calls:
                    started = time.perf_counter()
                    try:
                        response = await client.request(method, url, headers=headers, json=body)
                        await response.aread()
                        status = str(response.status_code)
                    except httpx.HTTPError as exc:
                        status = type(exc).__name__
                    latencies[label].append(time.perf_counter() - started)
                    if not status.startswith(("2", "3")):
                        errors[label][status] += 1

        started = time.perf_counter()
        await asyncio.gather(*(one(token, ranked) for token, ranked in students))
        elapsed = time.perf_counter() - started
    return latencies, errors, elapsed


def report(
    title: str, latencies: dict[str, list[float]], errors: dict[str, dict[str, int]], elapsed: float
) -> None:
    print(f"\n{title} ({elapsed:.1f} s)")
    columns = ("requests", "req/s", "p50 ms", "p95 ms", "p99 ms")
    print(f"{'route':52}" + "".join(f" {name:>8}" for name in columns) + "  errors")
    for label, values in latencies.items():
        p50, p95, p99 = (np.percentile(values, q) * 1000 for q in (50, 95, 99))
        failed = errors.get(label, {})
        detail = ", ".join(f"{n}x {s}" for s, n in sorted(failed.items()))
        detail = f" ({detail})" if detail else ""
        print(
            f"{label[:52]:52} {len(values):>8} {len(values) / elapsed:>8.1f} {p50:>8.1f} "
            f"{p95:>8.1f} {p99:>8.1f}  {sum(failed.values())}{detail}"
        )


def publish(round_id: int) -> None:
    """Publish the round's latest run (the publishing service is the round admin's; this sets
    the phase and the published run as it would, for the benchmark only)."""
    from sqlalchemy import func, select

    from krapte.bootstrap import bootstrap
    from krapte.placement.tables import PlacementRound, PlacementRun

    with bootstrap().unit_of_work(write=True) as uow:
        stored = uow.session.get(PlacementRound, round_id)
        assert stored is not None
        stored.published_run_id = uow.session.scalar(
            select(func.max(PlacementRun.id)).where(PlacementRun.round_id == round_id)
        )
        stored.phase = "published"
        uow.commit()


def web_load(home: Path, round_id: int, clients: int, duration: float) -> None:
    students = student_tokens(round_id, clients)
    server, base = start_server(_environment(home), None)
    try:
        missing = routes_missing(base, round_id, students[0][0])
        if missing:
            print(f"\nweb load: skipped, the students' routes are not there yet ({missing}).")
            return
        report(
            "saving and reading rankings",
            *asyncio.run(drive(base, round_id, students, duration, "rankings")),
        )
        publish(round_id)
        report(
            "reading results", *asyncio.run(drive(base, round_id, students, duration, "results"))
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    print("target: p95 <= 150 ms, 0 errors")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=20_000)
    parser.add_argument("--offers", type=int, default=4_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--skip-load", action="store_true", help="only the allocation figures")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="krapte-web-placement-") as folder:
        home = Path(folder) / "home"
        home.mkdir()
        os.environ["KRAPTE_HOME"] = str(home)
        store = os.environ.get("KRAPTE_DATABASE_URL", "").split("://")[0] or "sqlite"
        round_id, name, loading = load_demo(args.students, args.offers)
        print(
            f"store: {store}; demo round {name}: {args.students:,} students, {args.offers:,} "
            f"offers, loaded in {loading:.2f} s"
        )
        warm = Path(folder) / "warm-up"
        warm.mkdir()
        baseline_from_files(50, 10, warm)  # lazy imports and first calls, before any clock
        what, seconds = allocate_from_database(round_id, name, Path(folder) / "run")
        baseline = baseline_from_files(args.students, args.offers, Path(folder))
        print(f"\n{'allocation':72} {'seconds':>8}")
        label = f"from the database + storing the run ({what})"
        print(f"{label:72} {seconds:>8.2f}  target <= 5 s")
        print(f"{'baseline: placement run from files (same round)':72} {baseline:>8.2f}")
        if not args.skip_load:
            web_load(home, round_id, args.clients, args.duration)


if __name__ == "__main__":
    main()

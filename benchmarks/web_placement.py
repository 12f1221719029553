"""Benchmark of the placement round in the browser (issue 10, "Speed").

1. Builds a fresh store (``KRAPTE_DATABASE_URL`` when given, else SQLite in a temporary
   KRAPTE_HOME) and loads the demo round with 20,000 students and 4,000 offers
   (``krapte demo load``, phase "voorkeuren open"); prints how long that takes.
2. Gives ``--clients`` demo students an account and an API token (the accounts service).
3. Load, rankings: ``krapte serve`` in a subprocess and one closed-loop client per student
   (asyncio + httpx, keep-alive): for ``--duration`` seconds each saves a reordered ranking
   (``PUT /api/v1/stages/{rid}/mijn-lijst`` with ``{"offer_ids": [...]}``, the route's
   ``RankingIn``) and reads it back (``GET`` the same path).
4. Allocation from the database: the round is closed (not timed), then
   ``krapte.placement.rounds.allocation.allocate`` (read the round from the store, allocate,
   store the run and its rows) is timed; target <= 5 s. Beside it the named baseline measured in
   the same run: ``placement run from files``, the command line's service
   (``service.run_placement``) on the same round generated as CSV files.
5. Load, results: the run is published (``allocation.publish``) and for ``--duration`` seconds
   each client reads its result (``GET /api/v1/stages/{rid}/resultaat``).
6. Named baseline of the load, same clients, same server, same run: ``GET /api/v1/stages/{rid}``
   (the round's home: the same token resolution and framework, little work), so the figures of
   the students' routes can be read against what any authenticated request costs here.

p50/p95/p99, requests/s and errors per route; target p95 <= 150 ms, 0 errors.

The API's rate limit (``KRAPTE_API_RATE_LIMIT``, default 120/minute per client address) would
throttle 50 clients that all come from 127.0.0.1, so the benchmark's server is started with
``--rate-limit`` (default 1000000/minute; ``KRAPTE_API_RATE_LIMIT`` in the environment wins) and
the script prints the setting it used. The site's code never skips the limiter.

Client and server share the machine's cores (a Python client costs about as much CPU per request
as the site), so the figures are noisy: the script prints the load average and a fixed CPU
calibration before and after.

    python benchmarks/web_placement.py [--students 20000] [--offers 4000] [--clients 50]
        [--duration 30] [--workers N] [--rate-limit 1000000/minute] [--skip-load]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
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


DEFAULT_RATE_LIMIT = "1000000/minute"


def _environment(home: Path, rate_limit: str) -> dict[str, str]:
    env = dict(os.environ)
    env["KRAPTE_HOME"] = str(home)
    env["KRAPTE_API_RATE_LIMIT"] = rate_limit
    return env


def calibration() -> str:
    """The machine's noise: load average and the seconds of a fixed piece of pure Python."""
    started = time.perf_counter()
    total = 0
    for number in range(2_000_000):
        total += number % 7
    seconds = time.perf_counter() - started
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min) {five:.2f} (5 min), fixed CPU loop {seconds:.3f} s"


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


def allocate_from_database(round_id: int) -> float:
    """Seconds of the allocation of the stored round and the storing of its run (the round
    administrator's service); the round is closed first, not timed."""
    from krapte.accounts.core.permissions import SYSTEM
    from krapte.bootstrap import bootstrap
    from krapte.placement.core.calendar import Phase
    from krapte.placement.rounds import allocation, calendar_service

    container = bootstrap()
    calendar_service.advance_phase(
        container.unit_of_work(write=True), SYSTEM, round_id, Phase.CLOSED
    )
    started = time.perf_counter()
    allocation.allocate(container.unit_of_work(write=True), SYSTEM, round_id, seed=RUN_SEED)
    return time.perf_counter() - started


def publish(round_id: int) -> None:
    """Publish the round's latest run (the round administrator's service)."""
    from krapte.accounts.core.permissions import SYSTEM
    from krapte.bootstrap import bootstrap
    from krapte.placement.rounds import allocation

    allocation.publish(bootstrap().unit_of_work(write=True), SYSTEM, round_id)


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
    home = f"/api/v1/stages/{round_id}"
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
                elif mode == "results":
                    calls = [("GET " + result, "GET", result, None)]
                else:
                    calls = [("GET " + home + " (baseline)", "GET", home, None)]
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


#: wrk's script: the students' requests in turn (each with its own token and body), then the
#: percentiles and the count of non-2xx/3xx answers.
WRK_SCRIPT = """
local calls = {%s}
local turn = 0
request = function()
  turn = turn + 1
  local call = calls[(turn %% #calls) + 1]
  local headers = {["Authorization"] = "Bearer " .. call[3], ["Content-Type"] = "application/json"}
  return wrk.format(call[1], call[2], headers, call[4])
end
done = function(summary, latency, requests)
  io.write(string.format("wrk %%d %%.3f %%.1f %%.1f %%.1f %%d %%d\\n", summary.requests,
    summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, summary.errors.status, summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def _lua(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid Lua string for these characters


def drive_wrk(
    base: str, round_id: int, students: list[tuple[str, list[str]]], duration: float, mode: str
) -> None:
    """The same requests driven by wrk (C, one thread, one connection per student): the
    server's figures without the cost of a Python client on the same cores."""
    lists = f"/api/v1/stages/{round_id}/mijn-lijst"
    paths = {
        "results": f"/api/v1/stages/{round_id}/resultaat",
        "round": f"/api/v1/stages/{round_id}",
    }
    calls = []
    for token, ranked in students:
        if mode == "rankings":
            body = json.dumps({"offer_ids": ranked[1:] + ranked[:1]})
            calls.append(("PUT", lists, token, body))
            calls.append(("GET", lists, token, ""))
        else:
            calls.append(("GET", paths[mode], token, ""))
    table = ", ".join("{" + ", ".join(_lua(part) for part in call) + "}" for call in calls)
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(WRK_SCRIPT % table, encoding="utf-8")
    try:
        output = subprocess.run(
            ["wrk", "-t1", f"-c{len(students)}", f"-d{int(duration)}s", "--timeout", "30s",
             "-s", str(script), base],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
    finally:
        script.unlink()
    line = next(row for row in output.splitlines() if row.startswith("wrk "))
    count, seconds, p50, p95, p99, status, failed = line.split()[1:]
    label = {"rankings": "PUT + GET mijn-lijst in turn", "results": "GET resultaat",
             "round": "GET stages/{rid} (baseline)"}[mode]  # fmt: skip
    print(
        f"{'wrk: ' + label:52} {int(count):>8} {int(count) / float(seconds):>8.1f} "
        f"{float(p50):>8.1f} {float(p95):>8.1f} {float(p99):>8.1f}  {int(status) + int(failed)}"
    )


def measure(
    base: str,
    round_id: int,
    students: list[tuple[str, list[str]]],
    duration: float,
    mode: str,
    title: str,
) -> None:
    """The Python clients, then (when installed) wrk on the same requests."""
    report(title, *asyncio.run(drive(base, round_id, students, duration, mode)))
    if shutil.which("wrk"):
        drive_wrk(base, round_id, students, duration, mode)


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


def start(
    home: Path, round_id: int, token: str, workers: int | None, rate_limit: str
) -> tuple[subprocess.Popen[bytes], str] | None:
    """The server, or None (and why) when the students' routes are not there."""
    server, base = start_server(_environment(home, rate_limit), workers)
    missing = routes_missing(base, round_id, token)
    if missing:
        print(f"\nweb load: skipped, the students' routes are not there yet ({missing}).")
        stop(server)
        return None
    return server, base


def stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    server.wait(timeout=30)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=20_000)
    parser.add_argument("--offers", type=int, default=4_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=None, help="krapte serve --workers")
    parser.add_argument(
        "--rate-limit",
        default=os.environ.get("KRAPTE_API_RATE_LIMIT", DEFAULT_RATE_LIMIT),
        help="KRAPTE_API_RATE_LIMIT of the benchmark's server",
    )
    parser.add_argument("--skip-load", action="store_true", help="only the allocation figures")
    args = parser.parse_args(argv)
    print(f"noise before: {calibration()}")
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
        students = student_tokens(round_id, args.clients)
        served = None
        if not args.skip_load:
            served = start(home, round_id, students[0][0], args.workers, args.rate_limit)
        try:
            if served is not None:
                workers = args.workers or "default"
                print(
                    f"\nserver: krapte serve --workers {workers}, KRAPTE_API_RATE_LIMIT="
                    f"{args.rate_limit}; {len(students)} clients, {args.duration:.0f} s per part"
                )
                measure(
                    served[1],
                    round_id,
                    students,
                    args.duration,
                    "rankings",
                    "saving and reading rankings",
                )
            seconds = allocate_from_database(round_id)
            baseline = baseline_from_files(args.students, args.offers, Path(folder))
            print(f"\n{'allocation':72} {'seconds':>8}")
            label = "from the database + storing the run (rounds.allocation.allocate)"
            print(f"{label:72} {seconds:>8.2f}  target <= 5 s")
            print(f"{'baseline: placement run from files (same round)':72} {baseline:>8.2f}")
            if served is not None:
                publish(round_id)
                measure(served[1], round_id, students, args.duration, "results", "reading results")
                measure(
                    served[1],
                    round_id,
                    students,
                    args.duration,
                    "round",
                    "named baseline: the round's home with the same tokens",
                )
                print("\ntarget: p95 <= 150 ms, 0 errors (the students' routes)")
        finally:
            if served is not None:
                stop(served[0])
    print(f"noise after: {calibration()}")


if __name__ == "__main__":
    main()

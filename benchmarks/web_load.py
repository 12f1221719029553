"""Load benchmark of the website: 50 concurrent clients against `krapte serve` on loopback.

Builds a fresh KRAPTE_HOME with the bundled data (`krapte init`) plus a synthetic dataset of
500,000 figures imported through `krapte data import`, starts `krapte serve --workers N` in a
subprocess and drives closed-loop clients (asyncio + httpx, keep-alive) for a fixed time over the
given URLs, then prints requests/s, p50/p95/p99 and errors per URL and overall. The same run then
measures the named baseline: the dataset page of the large dataset (`/datasets/<name>`) served by
main as it was before the website issue (commit `--baseline-commit`, checked out into a temporary
git worktree, with its own store built by that version from the same file), with
`--baseline-clients` clients because each of its requests takes about 2 GiB of server memory.

The rate limit of the API is raised through the environment (KRAPTE_API_RATE_LIMIT), and the
response bound (KRAPTE_MAX_RESPONSE_BYTES) too, so that the baseline page is measured as it is;
the code of the site never skips them. Target (issue 9): p95 <= 100 ms with SQLite on a 2-core
machine, 0 errors. Client and server share the machine's cores, so figures are noisy and include
the client's own cost: a Python client costs about as much CPU per request as the site itself,
so when `wrk` (Debian's package) is installed the same URLs are driven by it as well, which
shows the site's own figures.

    python benchmarks/web_load.py [--clients 50] [--duration 30] [--workers N] [--url URL ...]

Scaling (issue 15): ``--workers 1,2`` (several counts) serves the store with `krapte serve
--workers N` for each N behind Debian's nginx with the deploy configuration
(deploy/nginx/krapte.conf, a self-signed certificate; tests/operations/proxy.py) and drives the
public pages through HTTPS, on PostgreSQL when ``--database-url`` names an empty database (else
SQLite). The named baseline is the first count (one worker), measured in the same run; the
target is requests/s with two workers >= 1.6x one worker. On a 2-core machine the client (wrk
when installed, else the Python client), nginx and the workers share the cores: the ratio is a
lower bound of what two workers give on a server of their own.

    python benchmarks/web_load.py --workers 1,2 --database-url postgresql+psycopg://.../empty
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import httpx2 as httpx
import numpy as np

DATASET = "synthetisch"
YEARS = list(range(2015, 2025))
#: 50,000 institution x programme rows with one column per year: 500,000 figures.
ROWS = 50_000
DEFAULT_URLS = (
    "/",
    f"/cijfers?dataset={DATASET}",
    "/prognose",
    "/api/v1/datasets",
    f"/api/v1/observations?dataset={DATASET}&page_size=50",
)
BASELINE_URL = f"/datasets/{DATASET}"
#: main before the website issue (issue 9): its dataset page is the baseline.
BASELINE_COMMIT = "22fa3fb"
REPOSITORY = Path(__file__).resolve().parents[1]


def write_export(path: Path, rows: int) -> None:
    """The synthetic export: ``rows`` institution x programme rows, one column per year."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write("instelling;opleiding;" + ";".join(map(str, YEARS)) + "\n")
        for row in range(rows):
            values = ";".join(str(100 + (row * 7 + year) % 900) for year in YEARS)
            handle.write(f"school {row // 100};opleiding {row % 100};{values}\n")


def _krapte(*args: str, env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "-m", "krapte", *args], env=env, check=True, stdout=subprocess.DEVNULL
    )


def build_store(home: Path, env: dict[str, str], export: Path) -> float:
    """`krapte init` and the synthetic import; returns the import's seconds."""
    _krapte("init", env=env)
    started = time.perf_counter()
    _krapte("data", "import", str(export), "--dataset", DATASET, "--level", "bachelor", env=env)
    return time.perf_counter() - started


def baseline_env(folder: Path, commit: str, env: dict[str, str]) -> dict[str, str]:
    """An environment that runs krapte as it was at ``commit`` (a git worktree in ``folder``)."""
    source = folder / "baseline-source"
    subprocess.run(
        ["git", "-C", str(REPOSITORY), "worktree", "add", "--detach", str(source), commit],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    home = folder / "baseline-home"
    home.mkdir()
    return {**env, "KRAPTE_HOME": str(home), "PYTHONPATH": str(source / "src")}


def remove_worktree(folder: Path) -> None:
    subprocess.run(
        ["git", "-C", str(REPOSITORY), "worktree", "remove", "--force", str(folder)],
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(
    env: dict[str, str], workers: int | None, ready: str = "/api/v1/openapi.json"
) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    command = [sys.executable, "-m", "krapte", "serve", "--port", str(port)]
    if workers:
        command += ["--workers", str(workers)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + ready, timeout=2).status_code == 200:
                return server, base
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(
        "the server did not start: " + (server.stderr.read() if server.stderr else b"").decode()
    )


async def drive(
    base: str, urls: Sequence[str], clients: int, duration: float, timeout: float
) -> tuple[dict[str, list[float]], dict[str, dict[str, int]], float]:
    """Closed loop: each client sends its next request when the previous one is answered."""
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout) as client:
        end = time.perf_counter() + duration

        async def one(index: int) -> None:
            turn = index
            while time.perf_counter() < end:
                url = urls[turn % len(urls)]
                turn += 1
                started = time.perf_counter()
                try:
                    response = await client.get(url)
                    await response.aread()
                    status = str(response.status_code)
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                latencies[url].append(time.perf_counter() - started)
                if not status.startswith(("2", "3")):
                    errors[url][status] += 1

        started = time.perf_counter()
        await asyncio.gather(*(one(i) for i in range(clients)))
        elapsed = time.perf_counter() - started
    return latencies, errors, elapsed


HEADER = (
    f"{'url':58} {'requests':>8} {'req/s':>8}"
    + "".join(f" {name:>8}" for name in ("p50 ms", "p95 ms", "p99 ms"))
    + "  errors"
)

#: wrk's script: the URLs in turn, then the percentiles and the count of non-2xx/3xx answers.
WRK_SCRIPT = """
local paths = {%s}
local distinct = %s
local turn = 0
request = function()
  turn = turn + 1
  local path = paths[(turn %% #paths) + 1]
  if distinct then
    local joiner = "?"
    if string.find(path, "?", 1, true) then joiner = "&" end
    path = path .. joiner .. "v=" .. turn
  end
  return wrk.format("GET", path)
end
done = function(summary, latency, requests)
  io.write(string.format("wrk %%d %%.3f %%.1f %%.1f %%.1f %%d %%d\\n", summary.requests,
    summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, summary.errors.status, summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def run_wrk(
    base: str, urls: Sequence[str], clients: int, duration: float, distinct: bool = False
) -> list[str]:
    """wrk over ``urls`` in turn: requests, seconds, p50, p95, p99 (ms), answers not 2xx/3xx and
    socket errors or timeouts, as wrk printed them. ``distinct``: every request gets its own
    ``v=`` parameter, so that no answer comes from the site's answer cache."""
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    paths = ", ".join(f'"{url}"' for url in urls)
    script.write_text(WRK_SCRIPT % (paths, "true" if distinct else "false"), encoding="utf-8")
    try:
        output = subprocess.run(
            ["wrk", "-t1", f"-c{clients}", f"-d{int(duration)}s", "-s", str(script), base],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        script.unlink()
    return next(row for row in output.splitlines() if row.startswith("wrk ")).split()[1:]


def drive_wrk(base: str, urls: Sequence[str], clients: int, duration: float) -> None:
    """The same URLs driven by wrk (C, one thread): the server's figures without the cost of a
    Python client on the same cores. wrk gives the figures over all URLs together."""
    count, seconds, p50, p95, p99, status, failed = run_wrk(base, urls, clients, duration)
    print(f"\nsite (wrk, one thread, {clients} connections; {float(seconds):.1f} s)")
    print(HEADER)
    print(
        f"{'all URLs in turn':58} {int(count):>8} {int(count) / float(seconds):>8.1f} "
        f"{float(p50):>8.1f} {float(p95):>8.1f} {float(p99):>8.1f}  {int(status) + int(failed)}"
    )


def report(
    title: str, latencies: dict[str, list[float]], errors: dict[str, dict[str, int]], elapsed: float
) -> None:
    print(f"\n{title} ({elapsed:.1f} s)")
    print(HEADER)
    everything: list[float] = []
    for url, values in latencies.items():
        everything.extend(values)
        _line(url, values, elapsed, errors.get(url, {}))
    merged: dict[str, int] = defaultdict(int)
    for per_url in errors.values():
        for status, count in per_url.items():
            merged[status] += count
    _line("overall", everything, elapsed, merged)


def _line(name: str, values: list[float], elapsed: float, errors: dict[str, int]) -> None:
    if not values:
        print(f"{name[:58]:58} {0:>8}")
        return
    p50, p95, p99 = (np.percentile(values, q) * 1000 for q in (50, 95, 99))
    failed = sum(errors.values())
    detail = ", ".join(f"{count}x {status}" for status, count in sorted(errors.items()))
    print(
        f"{name[:58]:58} {len(values):>8} {len(values) / elapsed:>8.1f} "
        f"{p50:>8.1f} {p95:>8.1f} {p99:>8.1f}  {failed}{' (' + detail + ')' if detail else ''}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument(
        "--workers",
        default=None,
        help="worker processes (default: krapte serve's); several, comma-separated (1,2): "
        "the scaling run behind nginx",
    )
    parser.add_argument(
        "--database-url", default="", help="an empty PostgreSQL database for the scaling run"
    )
    parser.add_argument("--url", action="append", dest="urls", help="a URL to drive (repeat)")
    parser.add_argument("--baseline-url", default=BASELINE_URL)
    parser.add_argument("--baseline-commit", default=BASELINE_COMMIT)
    parser.add_argument(
        "--baseline-clients",
        type=int,
        default=2,
        help="clients for the baseline (its page takes ~2 GiB of server memory per request: "
        "50 clients would exhaust the machine)",
    )
    parser.add_argument("--baseline-timeout", type=float, default=180.0)
    parser.add_argument("--rows", type=int, default=ROWS, help="rows x 10 years = figures")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args(argv)
    urls = args.urls or list(DEFAULT_URLS)
    counts = [int(part) for part in (args.workers or "").split(",") if part.strip()]
    if len(counts) > 1:
        scaling(args, counts, urls)
        return
    workers = counts[0] if counts else None

    with tempfile.TemporaryDirectory(prefix="krapte-load-") as folder:
        home = Path(folder)
        env = {
            **os.environ,
            "KRAPTE_HOME": str(home),
            "KRAPTE_API_RATE_LIMIT": "100000000/minute",
            "KRAPTE_MAX_RESPONSE_BYTES": str(8 * 1024**3),
        }
        env.pop("KRAPTE_DATABASE_URL", None)
        export = home / "synthetisch.csv"
        write_export(export, args.rows)
        seconds = build_store(home, env, export)
        print(
            f"store: bundled data + {args.rows * len(YEARS):,} synthetic figures "
            f"(import {seconds:.1f} s); SQLite in {home}"
        )
        server, base = start_server(env, workers)
        try:
            print(
                f"server: krapte serve --workers {workers or 'default'}; "
                f"{args.clients} clients, {args.duration:.0f} s, closed loop, keep-alive"
            )
            for url in urls:  # warm every worker's caches a little, and say what each URL is
                status = httpx.get(base + url, timeout=60).status_code
                print(f"  {url}: {status}{'  (not in this version)' if status == 404 else ''}")
            result = asyncio.run(drive(base, urls, args.clients, args.duration, 30.0))
            report("site (Python client)", *result)
            if shutil.which("wrk"):
                drive_wrk(base, urls, args.clients, args.duration)
        finally:
            server.terminate()
            server.wait(timeout=30)
        if not args.no_baseline:
            measure_baseline(args, home, export, env)


def drive_wrk_figures(
    base: str, urls: Sequence[str], clients: int, duration: float, distinct: bool
) -> tuple[float, float, int]:
    """wrk over ``urls``: requests/s, p95 (ms) and failed answers."""
    figures = run_wrk(base, urls, clients, duration, distinct)
    count, seconds, _p50, p95, _p99, status, failed = figures
    if int(status) or int(failed):
        print(f"  wrk: {status} answers not 2xx/3xx, {failed} socket errors or timeouts")
    return int(count) / float(seconds), float(p95), int(status) + int(failed)


def scaling(args: argparse.Namespace, counts: Sequence[int], urls: Sequence[str]) -> None:
    """Requests/s and p95 of the public pages through nginx and HTTPS, per worker count."""
    sys.path.insert(0, str(REPOSITORY / "tests"))
    from operations.proxy import HOST, krapte_serve, missing_tools, nginx, tls_context

    reason = missing_tools() or ("" if shutil.which("wrk") else "wrk is missing: install Debian's")
    if reason:
        raise SystemExit(reason)
    public = [url for url in urls if not url.startswith("/api/")] or list(urls)
    with tempfile.TemporaryDirectory(prefix="krapte-scale-") as folder:
        home = Path(folder) / "home"
        env = {
            **os.environ,
            "KRAPTE_HOME": str(home),
            "KRAPTE_API_RATE_LIMIT": "100000000/minute",
            "KRAPTE_ALLOWED_HOSTS": f"{HOST},127.0.0.1",
        }
        if args.database_url:
            env["KRAPTE_DATABASE_URL"] = args.database_url
        else:
            env.pop("KRAPTE_DATABASE_URL", None)
        export = Path(folder) / "synthetisch.csv"
        write_export(export, args.rows)
        seconds = build_store(home, env, export)
        backend = "PostgreSQL" if args.database_url else "SQLite"
        print(
            f"store: bundled data + {args.rows * len(YEARS):,} synthetic figures "
            f"(import {seconds:.1f} s) on {backend}"
        )
        print(
            f"through nginx (deploy/nginx/krapte.conf, one nginx worker) over HTTPS; wrk (one "
            f"thread), {args.clients} connections, {args.duration:.0f} s per figure; URLs: "
            f"{public}; 'cached': the same URLs again (the site's answer cache), 'distinct': "
            "every request its own URL (v=N), so every page is rendered"
        )
        print(
            f"{'workers':>8} {'pages':>9} {'req/s':>9} {'p95 ms':>8} {'errors':>7} "
            f"{'x baseline':>11}"
        )
        baselines: dict[bool, float] = {}
        for count in counts:
            with (
                krapte_serve(env, workers=count) as port,
                nginx(Path(folder) / f"nginx-{count}", [port]) as (_http, https, cert),
            ):
                base = f"https://{HOST}:{https}"
                for url in public:  # warm every worker's caches a little
                    for _ in range(count * 4):
                        httpx.get(base + url, verify=tls_context(cert), timeout=60)
                for distinct in (False, True):
                    rate, p95, failed = drive_wrk_figures(
                        base, public, args.clients, args.duration, distinct
                    )
                    baseline = baselines.setdefault(distinct, rate)
                    name = " (baseline)" if count == counts[0] else ""
                    print(
                        f"{count:>8} {'distinct' if distinct else 'cached':>9} {rate:>9.1f} "
                        f"{p95:>8.1f} {failed:>7} {rate / baseline:>10.2f}x{name}"
                    )
            problems = (Path(folder) / f"nginx-{count}" / "error.log").read_text().splitlines()
            for problem in problems[-3:]:
                print(f"  nginx: {problem[:160]}")
        print(f"target: {counts[-1]} workers >= 1.6x the baseline ({os.cpu_count()} cores here)")


def measure_baseline(
    args: argparse.Namespace, home: Path, export: Path, env: dict[str, str]
) -> None:
    old = baseline_env(home, args.baseline_commit, env)
    try:
        seconds = build_store(Path(old["KRAPTE_HOME"]), old, export)
        print(f"\nbaseline store: built by {args.baseline_commit} (its import {seconds:.1f} s)")
        server, base = start_server(old, None, ready="/datasets.json")
        try:
            result = asyncio.run(
                drive(
                    base,
                    [args.baseline_url],
                    args.baseline_clients,
                    args.duration,
                    args.baseline_timeout,
                )
            )
            report(
                f"baseline: {args.baseline_url} on {args.baseline_commit} "
                f"(main before the website) with {args.baseline_clients} clients",
                *result,
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        remove_worktree(home / "baseline-source")


if __name__ == "__main__":
    main()

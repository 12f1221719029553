"""Load benchmark of the vacancy pages: 100,000 vacancies, 50 concurrent clients, 30 s.

Builds a fresh KRAPTE_HOME with the bundled data (`krapte init`), stores 100,000 generated
vacancies (about 10% already closed, a few withdrawn) in one bulk insert, starts `krapte serve`
in a subprocess and drives closed-loop clients (asyncio + httpx, keep-alive) over a mix of
searches (filters by region, diploma and level, sector, hours, a word in the title, later pages),
vacancy pages (random ids, JSON-LD included) and the search API, then prints requests/s and
p50/p95/p99 per kind and overall, with errors. The named baseline, measured in the same run by
the same clients against the same server: the dashboard (`/`), a page served from memory, which
shows what the machine and the client cost before any vacancy query.

Target (issue 14): p95 <= 100 ms with SQLite, 0 errors. Client and server share the machine's
cores (2 here), so figures are noisy and include the Python client's own cost.

    python benchmarks/vacancies.py [--vacancies 100000] [--clients 50] [--duration 30]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web_load import _line, drive, start_server

PLACES = (
    ("Antwerpen", "Antwerpen"), ("Mechelen", "Antwerpen"), ("Turnhout", "Antwerpen"),
    ("Gent", "Oost-Vlaanderen"), ("Aalst", "Oost-Vlaanderen"), ("Sint-Niklaas", "Oost-Vlaanderen"),
    ("Leuven", "Vlaams-Brabant"), ("Vilvoorde", "Vlaams-Brabant"), ("Hasselt", "Limburg"),
    ("Genk", "Limburg"), ("Brugge", "West-Vlaanderen"), ("Kortrijk", "West-Vlaanderen"),
    ("Oostende", "West-Vlaanderen"), ("Anderlecht", "Brussel"),
)  # fmt: skip
SEARCHES = (
    "/vacatures",
    "/vacatures?regio=Limburg",
    "/vacatures?diploma=sociaal+werk&niveau=bachelor",
    "/vacatures?sector=jeugdhulp&uren=deeltijds",
    "/vacatures?q=werker&regio=Oost-Vlaanderen",
    "/vacatures?pagina=40",
    "/vacatures/regio/west-vlaanderen",
)
APIS = ("/api/v1/vacancies?region=Antwerpen&page_size=50", "/api/v1/vacancies?level=graduaat")
BASELINE = "/"


def build(home: Path, count: int, seed: int) -> float:
    """`krapte init`, then ``count`` vacancies in one bulk insert; seconds taken."""
    os.environ["KRAPTE_HOME"] = str(home)
    from krapte.bootstrap import bootstrap, initialise
    from krapte.settings import Settings
    from krapte.vacancies.core.vacancy import CONTRACTS, SECTOR_NAMES
    from krapte.vacancies.tables import VacancyRow

    started = time.perf_counter()
    container = bootstrap(Settings(home=home))
    initialise(container)
    from krapte.datahub import service as datahub

    classification = datahub.classification(container.unit_of_work())
    rng = np.random.default_rng(seed)
    today = date.today()
    now = datetime.now(UTC)
    contracts = list(CONTRACTS)
    rows = []
    for number in range(count):
        ref = classification[int(rng.integers(len(classification)))]
        place, province = PLACES[int(rng.integers(len(PLACES)))]
        posted = today - timedelta(days=int(rng.integers(0, 90)))
        closes = posted + timedelta(days=int(rng.integers(7, 100)))
        rows.append(
            {
                "organisation": f"Organisatie {int(rng.integers(2000)):04d}",
                "reference": f"b{number}",
                "title": f"{ref.occupation.capitalize()} {number} (m/v/x)",
                "occupation": ref.occupation,
                "specialisation": ref.specialisation,
                "level": ref.level,
                "programme": ref.programme,
                "accepted_diplomas": "[]",
                "programmes": f";{ref.programme};",
                "competence_route": "",
                "municipality": place,
                "province": province,
                "sector": SECTOR_NAMES[int(rng.integers(len(SECTOR_NAMES)))],
                "hours": float(rng.choice([19.0, 22.8, 30.4, 38.0])),
                "contract": contracts[int(rng.integers(len(contracts)))],
                "joint_committee": "PC 319.01",
                "pay_scale": "",
                "description": "Je begeleidt mensen en gezinnen. " * 20,
                "apply_url": "",
                "posted_on": posted,
                "closes_on": closes,
                "withdrawn_at": now if rng.random() < 0.02 else None,
                "created_at": now,
                "created_by": None,
                "warnings": "[]",
            }
        )
    with container.unit_of_work(write=True) as uow:
        uow.session.execute(VacancyRow.__table__.insert(), rows)  # type: ignore[attr-defined]
        uow.commit()
    container.store.dispose()
    return time.perf_counter() - started


def kind(url: str) -> str:
    if url == BASELINE:
        return "baseline: dashboard /"
    if url.startswith("/api/"):
        return "search API /api/v1/vacancies"
    if url.startswith(("/vacatures?", "/vacatures/regio")) or url == "/vacatures":
        return "search pages /vacatures?..."
    return "vacancy pages /vacatures/{id}"


def run_phase(base: str, urls: list[str], clients: int, duration: float, title: str) -> int:
    latencies, errors, elapsed = asyncio.run(drive(base, urls, clients, duration, timeout=30.0))
    grouped: dict[str, list[float]] = defaultdict(list)
    grouped_errors: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for url, values in latencies.items():
        grouped[kind(url)].extend(values)
        for status, n in errors.get(url, {}).items():
            grouped_errors[kind(url)][status] += n
    print(f"\n{title} ({elapsed:.1f} s)")
    print(f"{'kind':58} {'requests':>8} {'req/s':>8}   p50 ms   p95 ms   p99 ms  errors")
    everything: list[float] = []
    merged: dict[str, int] = defaultdict(int)
    for name, values in sorted(grouped.items()):
        everything.extend(values)
        _line(name, values, elapsed, grouped_errors.get(name, {}))
        for status, n in grouped_errors.get(name, {}).items():
            merged[status] += n
    _line("overall", everything, elapsed, merged)
    return sum(merged.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vacancies", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="krapte-vacatures-"))
    try:
        seconds = build(home, args.vacancies, args.seed)
        print(f"store: {args.vacancies:,} vacancies built in {seconds:.1f} s ({home})")
        env = dict(os.environ)
        env["KRAPTE_HOME"] = str(home)
        env["KRAPTE_API_RATE_LIMIT"] = "1000000/minute"
        server, base = start_server(env, args.workers)
        try:
            rng = np.random.default_rng(args.seed)
            ids = rng.integers(1, args.vacancies + 1, size=300)
            details = [f"/vacatures/{int(i)}" for i in ids]
            mixed = [*details[:150], *(SEARCHES * 10), *(APIS * 10)]
            order = rng.permutation(len(mixed))
            urls = [mixed[int(i)] for i in order]
            failed = run_phase(base, [BASELINE], args.clients, args.duration / 3, "baseline")
            failed += run_phase(base, urls, args.clients, args.duration, "vacancies")
            sample = json.loads(
                __import__("httpx2").get(base + "/api/v1/vacancies?page_size=1").text
            )
            print(f"\nopen vacancies found by the search: {sample['total']:,}")
            print(f"errors: {failed} (target 0); target p95 <= 100 ms per kind")
        finally:
            server.terminate()
            server.wait(timeout=20)
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()

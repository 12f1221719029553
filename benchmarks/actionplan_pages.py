"""Speed of the action plan's pages with a busy plan, beside a named baseline in the same run.

Builds a SQLite store (migrated, no data hub figures) with ``--actions`` actions spread over the
60 recommendations, each with a few status changes and progress notes (so the history and the
feed have thousands of events), then answers each page ``--repeat`` times in process (FastAPI's
TestClient, no network) and prints p50/p95 per URL. Baseline: the site's ``/api`` page (the API
reference, rendered from the OpenAPI document) answered the same way in the same run. The plan's
pages are never kept by the answer cache (``Cache-Control: no-store``), so every request here
does the full work. Target (issue 9): p95 well under 100 ms. Figures are noisy on a shared
machine.

    python benchmarks/actionplan_pages.py [--actions 600] [--repeat 40]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from fastapi.testclient import TestClient

from krapte.accounts.core.permissions import SYSTEM
from krapte.actionplan import service
from krapte.actionplan.core.followup import Change, Status
from krapte.bootstrap import bootstrap
from krapte.settings import Settings
from krapte.web.app import create_app

URLS = (
    "/actieplan",
    "/actieplan?actorgroep=higher_education&status=under_way",
    "/actieplan/prioriteiten",
    "/actieplan/achterstand",
    "/actieplan/tijdlijn",
    "/actieplan/aanbevelingen/36",
    "/actieplan/feed.xml",
    "/api/v1/actieplan",
    "/api/v1/actieplan/aanbevelingen/36",
)
BASELINE = "/api"


def build(home: Path, actions: int) -> TestClient:
    container = bootstrap(Settings(home=home))
    container.store.initialise()
    start = date(2026, 1, 1)
    for index in range(actions):
        number = index % 60 + 1
        new = service.NewAction(
            f"Actie {index}",
            f"Organisatie {index % 25}",
            "coördinator",
            start + timedelta(days=index % 200),
            start + timedelta(days=200 + index % 400),
        )
        made = service.add_action(container.unit_of_work(write=True), SYSTEM, number, new)
        for change in (
            Change(note="Voortgang gemeld."),
            Change(status=Status.UNDER_WAY, note="Gestart."),
            Change(status=Status.STALLED if index % 3 else Status.DONE),
        ):
            service.change_action(
                container.unit_of_work(write=True), SYSTEM, number, made.number, change
            )
    return TestClient(create_app(container))


def measure(client: TestClient, url: str, repeat: int) -> tuple[float, float]:
    client.get(url)  # warm: templates compiled, charts drawn once
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        answer = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        assert answer.status_code == 200, (url, answer.status_code)
    return float(np.percentile(times, 50)), float(np.percentile(times, 95))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        began = time.perf_counter()
        client = build(Path(folder), args.actions)
        print(f"store: {args.actions} actions, {args.actions * 4} events, "
              f"built in {time.perf_counter() - began:.1f} s")  # fmt: skip
        print(f"{'url':60} {'p50 ms':>8} {'p95 ms':>8}")
        for url in (BASELINE, *URLS):
            p50, p95 = measure(client, url, args.repeat)
            label = f"{url} (baseline)" if url == BASELINE else url
            print(f"{label:60} {p50:8.1f} {p95:8.1f}")


if __name__ == "__main__":
    main()

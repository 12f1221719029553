"""`krapte serve` starts the real app on a real port and serves the datasets page."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from builders import series, write_package
from krapte.bootstrap import bootstrap
from krapte.datahub.core.bundle import load_package
from krapte.datahub.service import load_bundle
from krapte.settings import Settings

pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str, wait_s: float = 60.0) -> str:
    """The page at ``url``, waiting for the server to start (slowly on a busy machine)."""
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"no answer from {url} within {wait_s:.0f} s")


def test_serve_answers_on_loopback_with_the_stored_datasets(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'served.db'}"
    container = bootstrap(Settings(database_url=url))
    rows = series([2023, 2024], [209, 215], level="master", programme="sociaal werk")
    container.store.initialise()
    load_bundle(
        container.unit_of_work(write=True),
        load_package(write_package(tmp_path / "pkg", {"inschrijvingen": rows})),
    )
    container.store.dispose()
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "krapte", "serve", "--port", str(port)],
        env={**os.environ, "KRAPTE_DATABASE_URL": url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        page = _get(f"http://127.0.0.1:{port}/over")
        assert "inschrijvingen" in page
        assert "Datasets" in page
        assert '"rows":2' in _get(f"http://127.0.0.1:{port}/datasets.json")
    finally:
        server.terminate()
        server.wait(timeout=10)

"""A backup taken while another process writes is consistent: every version has all its rows."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from builders import run_cli
from krapte.bootstrap import Container
from operations.stores import drop_database, empty_store_url, scalar, use_store

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

TESTS = Path(__file__).resolve().parents[1]
WRITER = Path(__file__).with_name("writer.py")


def _written(ready: Path) -> int:
    return int(ready.read_text(encoding="utf-8") or 0) if ready.exists() else 0


def _wait_for(ready: Path, count: int, writer: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while _written(ready) < count:
        assert writer.poll() is None, writer.stderr.read() if writer.stderr else b""
        assert time.monotonic() < deadline, "the writer process stored nothing"
        time.sleep(0.05)


def test_backup_while_another_process_writes_restores_consistently(
    container: Container, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = container.settings.database_url
    container.store.dispose()
    use_store(monkeypatch, source)
    ready, stop = tmp_path / "ready", tmp_path / "stop"
    environment = {**os.environ, "PYTHONPATH": str(TESTS), "KRAPTE_DATABASE_URL": source}
    writer = subprocess.Popen(
        [sys.executable, str(WRITER), str(ready), str(stop)],
        env=environment,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for(ready, 3, writer)
        file = tmp_path / "tijdens.tar.gz"
        run_cli("backup", "--out", str(file))
        at_backup = _written(ready)
        _wait_for(ready, at_backup + 3, writer)  # it went on writing after the backup
    finally:
        stop.touch()
        writer.communicate(timeout=60)
    assert writer.returncode == 0

    target = empty_store_url(source, tmp_path)
    use_store(monkeypatch, target)
    try:
        run_cli("restore", str(file))
        versions = scalar(target, "SELECT count(*) FROM release WHERE dataset_name = 'schrijver'")
        figures = scalar(
            target,
            "SELECT count(*) FROM observation o JOIN release r ON r.id = o.release_id "
            "WHERE r.dataset_name = 'schrijver'",
        )
        assert versions >= 3
        assert figures == versions * 40
        assert versions < scalar(source, "SELECT count(*) FROM release")
    finally:
        drop_database(target)

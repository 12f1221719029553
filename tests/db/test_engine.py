"""The embedded SQLite database runs in WAL mode with foreign keys enforced."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from krapte.db.engine import make_engine
from krapte.settings import Settings


def test_sqlite_file_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(Settings(database_url=f"sqlite:///{tmp_path / 'sub' / 'k.db'}"))
    with engine.connect() as connection:
        assert connection.scalar(text("PRAGMA journal_mode")) == "wal"
        assert connection.scalar(text("PRAGMA foreign_keys")) == 1
    assert (tmp_path / "sub" / "k.db").exists()
    engine.dispose()

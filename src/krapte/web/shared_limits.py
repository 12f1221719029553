"""Rate-limit counts shared by every worker of one server: a `limits` storage in a SQLite file.

slowapi keeps its counts in the storage that `limits` builds from a URL. ``memory://`` is per
process, so with ``krapte serve --workers N`` a client could make N times the allowed requests.
This storage (URL ``sqlitefile:///path/ratelimits.db``, the default: ``ratelimits.db`` in
KRAPTE_HOME) keeps fixed-window counters in a small SQLite file that every worker process on the
machine opens; one ``INSERT ... ON CONFLICT ... RETURNING`` statement counts a request
atomically. The counts are not precious (losing them at a crash only resets windows), so the file
is written without fsync. Several servers behind one proxy share counts through `limits`' own
``redis://`` or ``memcached://`` storages instead (see docs/operations.md).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from limits.storage import Storage

SCHEME = "sqlitefile"
#: Expired windows are removed once every this many counted requests (per process).
SWEEP_EVERY = 1000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS counter (
    key TEXT PRIMARY KEY,
    hits INTEGER NOT NULL,
    expires REAL NOT NULL
)
"""
_INCREMENT = """
INSERT INTO counter (key, hits, expires) VALUES (:key, :amount, :expires)
ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN counter.expires <= :now THEN excluded.hits
                ELSE counter.hits + excluded.hits END,
    expires = CASE WHEN counter.expires <= :now THEN excluded.expires
                   ELSE counter.expires END
RETURNING hits
"""


class SqliteFileStorage(Storage):
    """Fixed-window counters in a SQLite file (see the module's description)."""

    STORAGE_SCHEME = [SCHEME]  # noqa: RUF012  (limits' own declaration)

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options: Any) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = Path(uri.removeprefix(f"{SCHEME}://"))
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._counted = 0

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return sqlite3.Error

    def _db(self) -> sqlite3.Connection:
        if self._connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(
                self.path, timeout=5.0, isolation_level=None, check_same_thread=False
            )
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=OFF")
            connection.execute(_SCHEMA)
            self._connection = connection
        return self._connection

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        with self._lock:
            db = self._db()
            row = db.execute(
                _INCREMENT, {"key": key, "amount": amount, "expires": now + expiry, "now": now}
            ).fetchone()
            self._counted += 1
            if self._counted % SWEEP_EVERY == 0:
                db.execute("DELETE FROM counter WHERE expires <= ?", (now,))
        return int(row[0]) if row else amount

    def get(self, key: str) -> int:
        with self._lock:
            row = (
                self._db()
                .execute(
                    "SELECT hits FROM counter WHERE key = ? AND expires > ?", (key, time.time())
                )
                .fetchone()
            )
        return int(row[0]) if row else 0

    def get_expiry(self, key: str) -> float:
        now = time.time()
        with self._lock:
            row = (
                self._db()
                .execute("SELECT expires FROM counter WHERE key = ? AND expires > ?", (key, now))
                .fetchone()
            )
        return float(row[0]) if row else now

    def check(self) -> bool:
        try:
            with self._lock:
                self._db().execute("SELECT 1")
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        with self._lock:
            removed = self._db().execute("DELETE FROM counter").rowcount
        return int(removed)

    def clear(self, key: str) -> None:
        with self._lock:
            self._db().execute("DELETE FROM counter WHERE key = ?", (key,))

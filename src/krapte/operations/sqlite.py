"""SQLite: copies through the online backup API, which reads one consistent state of the file.

The backup API copies every page while holding a read transaction, so a copy taken while
another process writes (WAL mode: writers never block readers) holds either all or none of each
of its transactions. Restoring goes the other way: a candidate file checked beside the store is
renamed into place when there is no store yet, or copied into the store through the same API,
which writes the whole database in one transaction (other connections wait, then see the new
state; no stale write-ahead log is left behind).
"""

from __future__ import annotations

import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

from krapte.errors import Conflict, InvalidInput, os_error


def _connect(path: Path, timeout_s: float) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=timeout_s, isolation_level=None)


def copy_database(source: Path, target: Path, *, timeout_s: float) -> None:
    """Copy the database ``source`` into the new file ``target`` (one self-contained file)."""
    try:
        with closing(_connect(source, timeout_s)) as src, closing(_connect(target, 0)) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise Conflict(
                "de databank is te lang bezig met een andere schrijfopdracht; "
                "probeer het over enkele ogenblikken opnieuw"
            ) from exc
        raise


def stage(database: Path, store: Path) -> Path:
    """A copy of the restored ``database`` beside ``store`` (same file system, for the rename)."""
    try:
        store.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{store.name}.restore-", dir=store.parent)
    except OSError as exc:
        raise InvalidInput.single(os_error(exc), file=str(store)) from exc
    candidate = Path(name)
    with open(handle, "wb"):
        pass
    copy_database(database, candidate, timeout_s=0)
    return candidate


def install(candidate: Path, store: Path, *, timeout_s: float) -> None:
    """Make ``candidate`` the store: a rename when there is none, else one backup transaction."""
    if not store.exists():
        candidate.replace(store)
        return
    with closing(_connect(candidate, 0)) as src, closing(_connect(store, timeout_s)) as dst:
        src.backup(dst)
    discard(candidate)


def discard(candidate: Path) -> None:
    for path in (candidate, *(candidate.with_name(candidate.name + s) for s in ("-wal", "-shm"))):
        path.unlink(missing_ok=True)

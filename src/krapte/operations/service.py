"""Backup, restore and upgrade of the store: what `krapte backup`, `restore` and `db` call.

A backup is one archive (:mod:`krapte.operations.archive`) whose manifest counts the rows of the
very copy it holds. A restore is all-or-nothing: it checks the file, restores into a candidate
beside the store (a file on SQLite, a database on PostgreSQL), checks the row counts against the
manifest, migrates the candidate up to this krapte's newest structure, and only then swaps it in.
A refusal leaves the store exactly as it was.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, column, func, inspect, select, table

from krapte import __version__
from krapte.db.migrate import current_revision, head_revision, revisions, upgrade
from krapte.db.store import NOT_BUILT, Store
from krapte.errors import Conflict, InvalidInput, NotInitialised
from krapte.operations import postgres, sqlite
from krapte.operations.archive import (
    DATABASE_PART,
    Manifest,
    prepare_target,
    read_archive,
    sha256_of,
)
from krapte.operations.archive import write_archive as _write_archive

BACKEND_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
VERSION_TABLE = "alembic_version"
NOT_EMPTY = (
    "de databank bevat al gegevens; een back-up terugzetten vervangt ze allemaal en gebeurt "
    "alleen met uitdrukkelijke toestemming om ze te vervangen; er is niets gewijzigd"
)


class StoreNotEmpty(Conflict):
    """A restore onto a store that holds data, without permission to replace it."""


@dataclass(frozen=True)
class BackupResult:
    file: Path
    manifest: Manifest

    def as_dict(self) -> dict[str, Any]:
        return {"file": str(self.file), **self.manifest.as_dict()}


@dataclass(frozen=True)
class RestoreResult:
    file: Path
    manifest: Manifest
    revision: str

    @property
    def migrated(self) -> bool:
        return self.revision != self.manifest.revision


@dataclass(frozen=True)
class Status:
    revision: str | None
    head: str

    @property
    def at_head(self) -> bool:
        return self.revision == self.head


@dataclass(frozen=True)
class UpgradeResult:
    before: str | None
    after: str
    backup: BackupResult | None


def _backend(store: Store) -> str:
    return "sqlite" if store.settings.is_sqlite else "postgresql"


def describe(connection: Connection) -> tuple[str | None, dict[str, int]]:
    """The schema revision and the rows of every table, read in ``connection``'s transaction."""
    names = sorted(inspect(connection).get_table_names())
    counts = {
        name: int(connection.execute(select(func.count()).select_from(table(name))).scalar_one())
        for name in names
    }
    revision = None
    if VERSION_TABLE in counts:
        revision = connection.execute(
            select(column("version_num")).select_from(table(VERSION_TABLE))
        ).scalar()
        revision = None if revision is None else str(revision)
    return revision, counts


def _exists(store: Store) -> bool:
    if _backend(store) == "sqlite":
        file = store.sqlite_file
        return file is not None and file.is_file()
    return postgres.exists(store.engine.url)


def status(store: Store) -> Status:
    """The store's schema revision (None before it is built) and this krapte's newest."""
    head = head_revision(store.engine) or ""
    if not _exists(store):
        return Status(None, head)
    return Status(current_revision(store.engine), head)


def backup(store: Store, out: Path) -> BackupResult:
    """Write a backup of the store to ``out`` (atomically); the store may be in use."""
    backend = _backend(store)
    if not _exists(store):
        raise NotInitialised(NOT_BUILT)
    prepare_target(out)
    part_name = DATABASE_PART[backend]
    with tempfile.TemporaryDirectory(prefix="krapte-backup-") as folder:
        part = Path(folder) / part_name
        if backend == "sqlite":
            file = store.sqlite_file
            assert file is not None
            sqlite.copy_database(file, part, timeout_s=store.settings.busy_timeout_s)
            revision, counts = _describe_file(part)
        else:
            revision, counts = _dump_postgres(store, part)
        if revision is None:
            raise NotInitialised(NOT_BUILT)
        manifest = Manifest(
            krapte_version=__version__,
            revision=revision,
            backend=backend,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            tables=counts,
            sha256=sha256_of(part),
            size_bytes=part.stat().st_size,
            database_part=part_name,
        )
        _write_archive(out, manifest, part)
    return BackupResult(out, manifest)


def _describe_file(path: Path) -> tuple[str | None, dict[str, int]]:
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return describe(connection)
    finally:
        engine.dispose()


def _dump_postgres(store: Store, part: Path) -> tuple[str | None, dict[str, int]]:
    """Count and dump in one exported snapshot, so the manifest describes exactly the dump."""
    with store.engine.connect() as base:
        connection = base.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            snapshot = str(connection.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one())
            described = describe(connection)
            postgres.dump(store.engine.url, snapshot, part)
    return described


def holds_data(store: Store) -> bool:
    """Whether any table of the store (Alembic's own aside) has a row."""
    if not _exists(store):
        return False
    try:
        with store.engine.connect() as connection:
            _, counts = describe(connection)
    finally:
        store.dispose()
    return any(count for name, count in counts.items() if name != VERSION_TABLE)


def restore(store: Store, source: Path, *, replace: bool = False) -> RestoreResult:
    """Replace the store by the backup ``source``, all or nothing; see the module's docstring."""
    backend = _backend(store)
    with tempfile.TemporaryDirectory(prefix="krapte-restore-") as folder:
        manifest, part = read_archive(source, Path(folder))
        _check_compatible(source, manifest, backend)
        if not replace and holds_data(store):
            raise StoreNotEmpty(NOT_EMPTY)
        store.dispose()
        if backend == "sqlite":
            revision = _restore_sqlite(store, manifest, part, source)
        else:
            revision = _restore_postgres(store, manifest, part, source)
    return RestoreResult(source, manifest, revision)


def _check_compatible(source: Path, manifest: Manifest, backend: str) -> None:
    if manifest.backend != backend:
        raise InvalidInput.single(
            f"deze back-up komt van een {BACKEND_NAMES[manifest.backend]}-databank en de "
            f"databank van krapte is {BACKEND_NAMES[backend]}; terugzetten kan alleen op "
            "hetzelfde soort databank",
            file=source.name,
        )
    known = [revision for revision, _ in revisions()]
    if manifest.revision not in known:
        raise InvalidInput.single(
            f"de back-up heeft databankstructuur {manifest.revision}, die deze versie van krapte "
            f"(tot {known[-1]}) niet kent: ze komt van een nieuwere versie van krapte; werk "
            "krapte eerst bij",
            file=source.name,
        )


def _restore_sqlite(store: Store, manifest: Manifest, part: Path, source: Path) -> str:
    file = store.sqlite_file
    if file is None:
        raise InvalidInput.single("een databank in het geheugen kan geen back-up terugkrijgen")
    candidate = sqlite.stage(part, file)
    try:
        revision = _verify_and_migrate(store, f"sqlite:///{candidate}", manifest, source)
        sqlite.install(candidate, file, timeout_s=store.settings.busy_timeout_s)
    finally:
        sqlite.discard(candidate)
    return revision


def _restore_postgres(store: Store, manifest: Manifest, part: Path, source: Path) -> str:
    url = store.engine.url
    candidate = postgres.stage(part, url)
    try:
        rendered = candidate.render_as_string(hide_password=False)
        revision = _verify_and_migrate(store, rendered, manifest, source)
        postgres.install(candidate, url)
    except BaseException:
        postgres.discard(candidate)
        raise
    return revision


def _verify_and_migrate(store: Store, url: str, manifest: Manifest, source: Path) -> str:
    """Check the candidate against the manifest, then bring it to this krapte's structure."""
    from krapte.db.engine import make_engine

    engine = make_engine(store.settings.model_copy(update={"database_url": url}))
    try:
        with engine.connect() as connection:
            revision, counts = describe(connection)
        if revision != manifest.revision or counts != manifest.tables:
            raise InvalidInput.single(_mismatch(manifest, revision, counts), file=source.name)
        upgrade(engine)
        return current_revision(engine) or ""
    finally:
        engine.dispose()


def _mismatch(manifest: Manifest, revision: str | None, counts: dict[str, int]) -> str:
    if revision != manifest.revision:
        return (
            f"de databank in de back-up heeft structuur {revision}, het manifest zegt "
            f"{manifest.revision}"
        )
    differ = sorted(set(counts) ^ set(manifest.tables)) or sorted(
        name for name in counts if counts[name] != manifest.tables[name]
    )
    name = differ[0]
    return (
        f"de databank in de back-up klopt niet met het manifest: tabel {name} heeft "
        f"{counts.get(name, 0)} rijen, het manifest zegt {manifest.tables.get(name, 0)}"
    )


def backup_before_upgrade(store: Store) -> BackupResult | None:
    """A backup in the backups folder when the store exists and is behind; keeps the newest N."""
    now = status(store)
    if now.revision is None or now.at_head:
        return None
    folder = store.settings.backup_folder
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    taken = backup(store, folder / f"krapte-{stamp}-{now.revision}.tar.gz")
    prune(folder, store.settings.backups_kept)
    return taken


def prune(folder: Path, keep: int) -> list[Path]:
    """Remove all but the ``keep`` newest backups named krapte-*.tar.gz (names sort by time)."""
    found = sorted(folder.glob("krapte-*.tar.gz"))
    removed = found[: max(0, len(found) - keep)]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def upgrade_store(store: Store, *, take_backup: bool) -> UpgradeResult:
    """Migrate the store to the newest structure, with a backup first when asked and behind."""
    before = status(store).revision
    taken = backup_before_upgrade(store) if take_backup else None
    store.initialise()
    return UpgradeResult(before, current_revision(store.engine) or "", taken)


def history() -> list[tuple[str, str]]:
    return revisions()

"""PostgreSQL: `pg_dump --format=custom` in an exported snapshot, `pg_restore` into a new database.

A backup counts the rows in the same snapshot that pg_dump reads (``--snapshot``), so the
manifest describes exactly the dump. A restore never touches the store's database until the end:
pg_restore fills a fresh database beside it (``<name>_restore_<random>``, in one transaction),
krapte checks the counts and migrates it there, and only then the two databases swap names in
one transaction (``ALTER DATABASE ... RENAME``), after which the old database is dropped. This
needs the right to create databases, and no other connection to the store's database during the
swap (stop the web application first); when either is missing, nothing has changed.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import subprocess
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from krapte.errors import Conflict, NotFound

MAINTENANCE_DATABASE = "postgres"
IN_USE = (
    "de databank {name} is nog in gebruik door andere verbindingen (bijvoorbeeld de "
    "webtoepassing); stop die eerst, er is niets gewijzigd"
)


def tool(name: str) -> str:
    """The PostgreSQL program ``name`` (pg_dump, pg_restore): on the path, or Debian's newest."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    if candidates:
        return candidates[-1]
    raise NotFound(
        f"het programma {name} van PostgreSQL is niet gevonden (niet op het zoekpad en niet in "
        "/usr/lib/postgresql/*/bin); installeer de PostgreSQL-clientprogramma's"
    )


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq URI for the command-line tools, and the environment holding the password."""
    uri = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return uri, env


def _run(arguments: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(arguments, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise Conflict(f"{what} is mislukt: {detail[-1] if detail else result.returncode}")


def dump(url: URL, snapshot: str, target: Path) -> None:
    """Dump the database at ``url`` as it was in ``snapshot`` into ``target`` (custom format)."""
    uri, env = _libpq(url)
    arguments = [tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}"]
    _run([*arguments, f"--file={target}", f"--dbname={uri}"], env, "pg_dump")


def _maintenance(url: URL, *, autocommit: bool = True) -> Engine:
    """An engine on the server's maintenance database (CREATE/DROP DATABASE need autocommit)."""
    return create_engine(
        url.set(database=MAINTENANCE_DATABASE),
        poolclass=NullPool,
        isolation_level="AUTOCOMMIT" if autocommit else "READ COMMITTED",
    )


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def exists(url: URL) -> bool:
    engine = _maintenance(url)
    try:
        with engine.connect() as connection:
            query = text("SELECT 1 FROM pg_database WHERE datname = :name")
            return connection.execute(query, {"name": url.database}).first() is not None
    finally:
        engine.dispose()


def stage(dump_file: Path, url: URL) -> URL:
    """Restore ``dump_file`` into a new database beside the store's; return its URL."""
    name = f"{(url.database or 'krapte')[:40]}_restore_{secrets.token_hex(4)}"
    engine = _maintenance(url)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(f"CREATE DATABASE {_quote(name)}")
    except Exception as exc:
        raise Conflict(
            f"krapte mag op de PostgreSQL-server geen databank aanmaken om de back-up in terug "
            f"te zetten ({type(exc).__name__}); er is niets gewijzigd"
        ) from exc
    finally:
        engine.dispose()
    candidate = url.set(database=name)
    try:
        uri, env = _libpq(candidate)
        arguments = [tool("pg_restore"), "--single-transaction", "--exit-on-error", "--no-owner"]
        _run([*arguments, "--no-acl", f"--dbname={uri}", str(dump_file)], env, "pg_restore")
    except BaseException:
        discard(candidate)
        raise
    return candidate


def install(candidate: URL, url: URL) -> None:
    """Give ``candidate`` the store's name in one transaction, then drop the old database."""
    target = url.database or ""
    old = f"{target[:40]}_old_{secrets.token_hex(4)}"
    had_one = exists(url)
    engine = _maintenance(url, autocommit=False)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("SET LOCAL lock_timeout = '5s'")
            others = connection.execute(
                text("SELECT count(*) FROM pg_stat_activity WHERE datname = :name"),
                {"name": target},
            ).scalar_one()
            if others:
                raise Conflict(IN_USE.format(name=target))
            if had_one:
                connection.exec_driver_sql(
                    f"ALTER DATABASE {_quote(target)} RENAME TO {_quote(old)}"
                )
            connection.exec_driver_sql(
                f"ALTER DATABASE {_quote(candidate.database or '')} RENAME TO {_quote(target)}"
            )
    finally:
        engine.dispose()
    if had_one:
        discard(url.set(database=old))


def discard(candidate: URL) -> None:
    engine = _maintenance(candidate)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(
                f"DROP DATABASE IF EXISTS {_quote(candidate.database or '')}"
            )
    finally:
        engine.dispose()


def parse(url: str) -> URL:
    return make_url(url)

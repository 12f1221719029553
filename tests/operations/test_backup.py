"""`krapte backup` and `krapte restore` on SQLite and PostgreSQL: equal stores, safe refusals."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from builders import run_cli
from krapte.bootstrap import Container, bootstrap
from krapte.db.migrate import revisions, upgrade
from operations.stores import (
    create_database,
    drop_database,
    empty_store_url,
    scalar,
    store_exists,
    table_digests,
    use_store,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def source(container: Container, monkeypatch: pytest.MonkeyPatch) -> str:
    """The command line's store, filled as `make run` fills it: bundled data and the demo round."""
    url = container.settings.database_url
    container.store.dispose()
    use_store(monkeypatch, url)
    run_cli("init")
    run_cli("demo", "load", "--students", "30")
    return url


@pytest.fixture
def backup_file(source: str, tmp_path: Path) -> Path:
    file = tmp_path / "krapte-back-up.tar.gz"
    run_cli("backup", "--out", str(file))
    return file


def rewrite(file: Path, target: Path, change: dict[str, Any]) -> Path:
    """A copy of the backup ``file`` whose manifest has the fields in ``change`` replaced."""
    with tarfile.open(file, "r:gz") as archive:
        members = [(m, archive.extractfile(m)) for m in archive.getmembers()]
        parts = {m.name: (m, handle.read() if handle else b"") for m, handle in members}
    manifest = json.loads(parts["manifest.json"][1])
    for key, value in change.items():
        if isinstance(value, dict):
            manifest[key] = {**manifest[key], **value}
        else:
            manifest[key] = value
    parts["manifest.json"] = (parts["manifest.json"][0], json.dumps(manifest).encode())
    with tarfile.open(target, "w:gz") as archive:
        for member, data in parts.values():
            member.size = len(data)
            archive.addfile(member, io.BytesIO(data))
    return target


def leftover_candidates(url: str) -> list[str]:
    """Databases a PostgreSQL restore made beside the store and left behind (none, ever)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return sorted(p.name for p in Path(parsed.database or "").parent.glob("*.restore-*"))
    maintenance = parsed.set(database="postgres").render_as_string(hide_password=False)
    engine = create_engine(maintenance, poolclass=NullPool)
    with engine.connect() as connection:
        names = connection.execute(
            text("SELECT datname FROM pg_database WHERE datname LIKE :pattern"),
            {"pattern": f"{parsed.database}\\_%"},
        ).scalars()
        found = sorted(n for n in names if "_restore_" in n or "_old_" in n)
    engine.dispose()
    return found


def test_restore_into_an_empty_store_gives_equal_tables_and_export(
    source: str, backup_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    digests = table_digests(source)
    export = run_cli("data", "export").stdout
    assert scalar(source, "SELECT count(*) FROM placement_offer") > 0
    target = empty_store_url(source, tmp_path)
    use_store(monkeypatch, target)
    try:
        result = run_cli("restore", str(backup_file))
        assert "teruggezet" in result.stdout
        assert table_digests(target) == digests
        assert run_cli("data", "export").stdout == export
        assert "de nieuwste structuur" in run_cli("db", "current").stdout
        assert leftover_candidates(target) == []
    finally:
        drop_database(target)


def test_restore_onto_a_store_with_data_needs_replace(source: str, backup_file: Path) -> None:
    at_backup = table_digests(source)
    run_cli("users", "invite", "nieuw@voorbeeld.be", "--role", "analyst")
    changed = table_digests(source)
    assert changed != at_backup
    refused = run_cli("restore", str(backup_file), code=2)
    assert "de databank bevat al gegevens" in refused.output
    assert "--replace" in refused.output
    assert table_digests(source) == changed
    run_cli("restore", str(backup_file), "--replace")
    assert table_digests(source) == at_backup


def test_a_truncated_backup_is_refused_and_changes_nothing(
    source: str, backup_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    truncated = tmp_path / "afgebroken.tar.gz"
    truncated.write_bytes(backup_file.read_bytes()[: backup_file.stat().st_size // 2])
    before = table_digests(source)
    refused = run_cli("restore", str(truncated), "--replace", code=2)
    assert "afgebroken.tar.gz: het bestand is beschadigd of onvolledig" in refused.output
    assert table_digests(source) == before
    target = empty_store_url(source, tmp_path)
    use_store(monkeypatch, target)
    run_cli("restore", str(truncated), code=2)
    assert not store_exists(target)


def test_a_backup_from_a_newer_schema_is_refused(
    source: str, backup_file: Path, tmp_path: Path
) -> None:
    newer = rewrite(backup_file, tmp_path / "nieuwer.tar.gz", {"revision": "0099_toekomst"})
    before = table_digests(source)
    refused = run_cli("restore", str(newer), "--replace", code=2)
    assert "databankstructuur 0099_toekomst" in refused.output
    assert "nieuwere versie van krapte" in refused.output
    assert table_digests(source) == before


def test_counts_that_differ_from_the_manifest_are_refused_and_leave_nothing(
    source: str, backup_file: Path, tmp_path: Path
) -> None:
    rows = scalar(source, "SELECT count(*) FROM observation")
    wrong = rewrite(backup_file, tmp_path / "fout.tar.gz", {"tables": {"observation": rows + 1}})
    before = table_digests(source)
    refused = run_cli("restore", str(wrong), "--replace", code=2)
    assert f"tabel observation heeft {rows} rijen, het manifest zegt {rows + 1}" in refused.output
    assert table_digests(source) == before
    assert leftover_candidates(source) == []


def test_a_backup_of_the_other_backend_is_refused(
    source: str, backup_file: Path, tmp_path: Path
) -> None:
    other = "postgresql" if source.startswith("sqlite") else "sqlite"
    moved = rewrite(backup_file, tmp_path / "ander.tar.gz", {"backend": other})
    refused = run_cli("restore", str(moved), "--replace", code=2)
    assert "terugzetten kan alleen op hetzelfde soort databank" in refused.output


def test_a_backup_of_an_older_structure_is_migrated_after_restore(
    container: Container, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = container.settings.database_url
    previous, head = revisions()[-2][0], revisions()[-1][0]
    older = empty_store_url(url, tmp_path)
    create_database(older)
    use_store(monkeypatch, older)
    try:
        store = bootstrap().store
        upgrade(store.engine, previous)
        store.dispose()
        assert f"{previous} (verouderd" in run_cli("db", "current", code=1).stdout
        file = tmp_path / "oud.tar.gz"
        run_cli("backup", "--out", str(file))
    finally:
        drop_database(older)
    container.store.dispose()
    use_store(monkeypatch, url)
    result = run_cli("restore", str(file), "--replace")
    assert f"De structuur is bijgewerkt van {previous} naar {head}." in result.stdout
    assert "de nieuwste structuur" in run_cli("db", "current").stdout

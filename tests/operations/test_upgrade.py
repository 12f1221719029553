"""`krapte db upgrade|current|history` and the backup `make run` takes before it migrates."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest

from builders import run_cli
from krapte.bootstrap import bootstrap
from krapte.db.migrate import MIGRATIONS, revisions, upgrade
from krapte.operations.service import prune
from krapte.settings import get_settings

pytestmark = pytest.mark.e2e

PREVIOUS, HEAD = revisions()[-2][0], revisions()[-1][0]


@pytest.fixture
def behind(cli_database: str) -> str:
    """The command line's store one revision behind the newest."""
    store = bootstrap().store
    store.sqlite_file.parent.mkdir(parents=True, exist_ok=True)  # type: ignore[union-attr]
    upgrade(store.engine, PREVIOUS)
    store.dispose()
    return cli_database


def _backups(home: Path) -> list[Path]:
    return sorted((home / "backups").glob("krapte-*.tar.gz"))


def test_history_lists_every_migration_in_order() -> None:
    rows = json.loads(run_cli("db", "history", "--format", "json").stdout)
    files = sorted(p.name for p in (MIGRATIONS / "versions").glob("0*.py"))
    assert [row["revision"] for row in rows] == [revision for revision, _ in revisions()]
    assert len(rows) == len(files)
    assert rows[0]["title"] == "data hub"


def test_current_says_whether_the_store_is_at_the_newest_structure(behind: str) -> None:
    assert f"{PREVIOUS} (verouderd: de nieuwste structuur is {HEAD})" in (
        run_cli("db", "current", code=1).stdout
    )
    run_cli("db", "upgrade")
    assert run_cli("db", "current").stdout.strip() == f"{HEAD} (de nieuwste structuur)"


def test_init_backs_up_a_store_that_is_behind_before_migrating(
    behind: str, krapte_home: Path
) -> None:
    result = run_cli("init", "--backup-before-upgrade")
    [taken] = _backups(krapte_home)
    assert f"Back-up voor de upgrade: {taken}" in result.stdout
    assert PREVIOUS in taken.name
    with tarfile.open(taken) as archive:
        manifest = json.load(archive.extractfile("manifest.json"))  # type: ignore[arg-type]
    assert manifest["revision"] == PREVIOUS
    run_cli("init", "--backup-before-upgrade")  # at the newest structure: no second backup
    assert _backups(krapte_home) == [taken]


def test_no_backup_for_a_store_that_does_not_exist_yet(
    cli_database: str, krapte_home: Path
) -> None:
    run_cli("init", "--backup-before-upgrade")
    assert _backups(krapte_home) == []


def test_db_upgrade_with_backup_keeps_only_the_newest_backups(
    behind: str, krapte_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KRAPTE_BACKUPS_KEPT", "2")
    get_settings.cache_clear()
    folder = krapte_home / "backups"
    folder.mkdir()
    for stamp in ("20200101-000000", "20210101-000000"):
        (folder / f"krapte-{stamp}-{PREVIOUS}.tar.gz").write_bytes(b"oud")
    result = run_cli("db", "upgrade", "--backup")
    assert f"Structuur bijgewerkt van {PREVIOUS} naar {HEAD}." in result.stdout
    kept = _backups(krapte_home)
    assert [p.name[:22] for p in kept] == ["krapte-20210101-000000", kept[1].name[:22]]
    assert kept[1].stat().st_size > 1000


def test_prune_removes_the_oldest_names_first(tmp_path: Path) -> None:
    names = [f"krapte-2026010{day}-120000-x.tar.gz" for day in range(1, 6)]
    for name in names:
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "iets-anders.tar.gz").write_bytes(b"")
    removed = prune(tmp_path, 3)
    assert [p.name for p in removed] == names[:2]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*names[2:], "iets-anders.tar.gz"])

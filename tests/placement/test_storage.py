"""Rounds and runs in the database (SQLite, rolled back after each test)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from krapte.bootstrap import Container
from krapte.db.engine import transaction
from krapte.placement.tables import PlacementAssignment, PlacementPreference, PlacementRun
from krapte.placement import repository as storage
from krapte.placement.core.encode import encode
from krapte.placement.files import InputError
from krapte.placement.service import InputPaths, load
from krapte.placement.repository import (
    StorageError,
    fetch_round,
    import_round,
    run_stored_round,
)

TEMPLATES = Path(str(files("krapte") / "data" / "placement_templates"))
PATHS = InputPaths(
    TEMPLATES / "offers.csv", TEMPLATES / "students.csv", TEMPLATES / "preferences.csv"
)


def test_a_stored_round_reads_back_to_the_same_arrays(session: Session) -> None:
    import_round(session, "2026-voorjaar", PATHS)
    records, max_choices = fetch_round(session, "2026-voorjaar")
    assert max_choices == 10
    stored = encode(records).instance
    original = load(PATHS).encoded.instance
    for name in ("capacity", "pref_ptr", "pref_offer", "quota_limit", "priority_rank"):
        assert np.array_equal(getattr(stored, name), getattr(original, name)), name
    assert session.scalar(select(func.count()).select_from(PlacementPreference)) == 24


def test_a_round_name_is_used_once(session: Session) -> None:
    import_round(session, "ronde", PATHS)
    with pytest.raises(StorageError, match="bestaat al"):
        import_round(session, "ronde", PATHS)


def test_bad_files_store_nothing(session: Session, tmp_path: Path) -> None:
    bad = tmp_path / "preferences.csv"
    bad.write_text("student_id,rank,offer_id\nST-001,1,ONBEKEND\n", encoding="utf-8")
    with pytest.raises(InputError):
        import_round(session, "ronde", InputPaths(PATHS.offers, PATHS.students, bad))
    with pytest.raises(StorageError, match="bestaat niet"):
        fetch_round(session, "ronde")


def test_a_stored_run_matches_the_run_from_files(session: Session, tmp_path: Path) -> None:
    import_round(session, "ronde", PATHS)
    summary = run_stored_round(session, "ronde", seed=2025, out=tmp_path / "uit")
    assert summary.report.ok
    stored = dict(
        session.execute(select(PlacementAssignment.student_id, PlacementAssignment.offer_id)).all()
    )
    from_files = (tmp_path / "uit" / "assignments.csv").read_text(encoding="utf-8").splitlines()
    assert stored == dict(line.split(",")[:2] for line in from_files[1:])
    run = session.scalars(select(PlacementRun)).one()
    assert (run.seed, run.matched, run.unmatched) == (2025, 11, 1)


def test_a_stored_round_gives_back_the_same_offers(session: Session) -> None:
    import_round(session, "ronde", PATHS)
    records, _ = fetch_round(session, "ronde")
    assert records.offers == load(PATHS).offers


def test_a_failure_while_storing_the_run_writes_no_folder(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_round(session, "ronde", PATHS)
    real_store_run = storage.store_run

    def store_then_fail(*args: Any, **kwargs: Any) -> int:
        real_store_run(*args, **kwargs)
        raise StorageError("opslaan mislukt")

    monkeypatch.setattr(storage, "store_run", store_then_fail)
    out = tmp_path / "uit"
    with pytest.raises(StorageError, match="opslaan mislukt"):
        run_stored_round(session, "ronde", seed=2025, out=out)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_run_of_an_unknown_round_writes_no_folder(session: Session, tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="bestaat niet"):
        run_stored_round(session, "onbekend", seed=1, out=tmp_path / "uit")
    assert not (tmp_path / "uit").exists()


def test_a_folder_that_cannot_be_written_rolls_the_run_back(
    container: Container, tmp_path: Path
) -> None:
    with transaction(container.session_factory) as session:
        import_round(session, "ronde", PATHS)
    blocker = tmp_path / "bestand"
    blocker.write_text("geen map", encoding="utf-8")
    with pytest.raises(FileExistsError), transaction(container.session_factory) as session:
        run_stored_round(session, "ronde", seed=2025, out=blocker / "uit")
    with container.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(PlacementRun)) == 0
        assert session.scalar(select(func.count()).select_from(PlacementAssignment)) == 0


@pytest.mark.parametrize("seed", [-1, 2**31])
def test_a_seed_outside_the_stored_range_is_refused(
    session: Session, tmp_path: Path, seed: int
) -> None:
    import_round(session, "ronde", PATHS)
    with pytest.raises(StorageError, match="startwaarde"):
        run_stored_round(session, "ronde", seed=seed, out=tmp_path / "uit")
    assert not (tmp_path / "uit").exists()


def test_a_round_name_longer_than_the_database_holds_is_refused(session: Session) -> None:
    with pytest.raises(StorageError, match="te lang"):
        import_round(session, "r" * 201, PATHS)

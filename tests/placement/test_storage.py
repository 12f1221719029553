"""Rounds and runs in the database (SQLite, rolled back after each test)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from krapte.db.tables_placement import PlacementAssignment, PlacementPreference, PlacementRun
from krapte.placement.encode import encode
from krapte.placement.files import InputError
from krapte.placement.service import InputPaths, load
from krapte.placement.storage import (
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

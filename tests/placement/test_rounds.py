"""Rounds and runs kept in the store, through the unit of work (SQLite and PostgreSQL)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select

from krapte.bootstrap import Container
from krapte.errors import Conflict, InvalidInput, NotFound
from krapte.placement import repository, round_service
from krapte.placement.core.encode import encode
from krapte.placement.service import InputPaths, load
from krapte.placement.tables import PlacementAssignment, PlacementPreference, PlacementRun

TEMPLATES = Path(str(files("krapte") / "data" / "placement_templates"))
PATHS = InputPaths(
    TEMPLATES / "offers.csv", TEMPLATES / "students.csv", TEMPLATES / "preferences.csv"
)


def imported(container: Container, name: str = "ronde") -> None:
    round_service.import_round(container.unit_of_work(write=True), name, PATHS)


def count(container: Container, table: type[PlacementRun | PlacementAssignment]) -> int:
    with container.unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(table)) or 0


def test_a_stored_round_reads_back_to_the_same_arrays(container: Container) -> None:
    imported(container, "2026-voorjaar")
    with container.unit_of_work() as uow:
        stored = repository.fetch_round(uow.session, "2026-voorjaar")
        preferences = uow.session.scalar(select(func.count()).select_from(PlacementPreference))
    assert stored.max_choices == 10
    assert stored.records.offers == load(PATHS).offers
    again = encode(stored.records).instance
    original = load(PATHS).encoded.instance
    for name in ("capacity", "pref_ptr", "pref_offer", "quota_limit", "priority_rank"):
        assert np.array_equal(getattr(again, name), getattr(original, name)), name
    assert preferences == 24


def test_the_list_of_rounds_is_made_of_records(container: Container) -> None:
    imported(container, "a")
    imported(container, "b")
    rounds = round_service.list_rounds(container.unit_of_work())
    assert [(r.name, r.students, r.offers, r.runs) for r in rounds] == [
        ("a", 12, 8, 0),
        ("b", 12, 8, 0),
    ]


def test_a_round_name_is_used_once(container: Container) -> None:
    imported(container)
    with pytest.raises(Conflict, match="bestaat al"):
        imported(container)


def test_bad_files_store_nothing(container: Container, tmp_path: Path) -> None:
    bad = tmp_path / "preferences.csv"
    bad.write_text("student_id,rank,offer_id\nST-001,1,ONBEKEND\n", encoding="utf-8")
    with pytest.raises(InvalidInput):
        round_service.import_round(
            container.unit_of_work(write=True),
            "ronde",
            InputPaths(PATHS.offers, PATHS.students, bad),
        )
    assert round_service.list_rounds(container.unit_of_work()) == []


def test_a_stored_run_matches_the_run_from_files(container: Container, tmp_path: Path) -> None:
    imported(container)
    summary = round_service.run_stored_round(
        container.unit_of_work(write=True), "ronde", 2025, tmp_path / "uit"
    )
    assert summary.report.ok
    with container.unit_of_work() as uow:
        stored = dict(
            uow.session.execute(
                select(PlacementAssignment.student_id, PlacementAssignment.offer_id)
            ).all()
        )
        run = uow.session.scalars(select(PlacementRun)).one()
        figures = (run.seed, run.matched, run.unmatched)
    written = (tmp_path / "uit" / "assignments.csv").read_text(encoding="utf-8-sig").splitlines()
    assert stored == dict(line.split(",")[:2] for line in written[1:])
    assert figures == (2025, 11, 1)


def test_the_output_folder_appears_only_after_the_commit(
    container: Container, tmp_path: Path
) -> None:
    imported(container)
    out = tmp_path / "uit"
    with container.unit_of_work(write=True) as uow:  # a use case around the service
        round_service.run_stored_round(uow, "ronde", 1, out)
        assert not out.exists()  # written, staged, waiting for the outermost commit
        uow.commit()
    assert out.is_dir()
    staged = tmp_path / "nog-niet"

    def fail_after_writing() -> None:
        with container.unit_of_work(write=True) as uow:
            round_service.run_stored_round(uow, "ronde", 1, staged)
            assert not staged.exists()
            raise RuntimeError("de transactie faalt na het schrijven")

    with pytest.raises(RuntimeError):
        fail_after_writing()
    assert not staged.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".krapte-staging")]
    assert count(container, PlacementRun) == 1


def test_a_run_of_an_unknown_round_writes_no_folder(container: Container, tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="bestaat niet"):
        round_service.run_stored_round(
            container.unit_of_work(write=True), "onbekend", 1, tmp_path / "uit"
        )
    assert not [p for p in tmp_path.iterdir() if "uit" in p.name]


def test_a_folder_that_cannot_be_written_stores_no_run(
    container: Container, tmp_path: Path
) -> None:
    imported(container)
    blocker = tmp_path / "bestand"
    blocker.write_text("geen map", encoding="utf-8")
    with pytest.raises(InvalidInput, match="bestand"):
        round_service.run_stored_round(
            container.unit_of_work(write=True), "ronde", 2025, blocker / "uit"
        )
    assert count(container, PlacementRun) == 0
    assert count(container, PlacementAssignment) == 0


@pytest.mark.parametrize("seed", [-1, 2**31])
def test_a_seed_outside_the_stored_range_is_refused(
    container: Container, tmp_path: Path, seed: int
) -> None:
    imported(container)
    with pytest.raises(InvalidInput, match="startwaarde"):
        round_service.run_stored_round(
            container.unit_of_work(write=True), "ronde", seed, tmp_path / "uit"
        )
    assert not (tmp_path / "uit").exists()


def test_a_round_name_longer_than_the_database_holds_is_refused(container: Container) -> None:
    with pytest.raises(InvalidInput, match="te lang"):
        imported(container, "r" * 201)

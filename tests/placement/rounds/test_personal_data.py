"""Personal data: export and delete one student, anonymise rounds past the retention."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from krapte.accounts.core.permissions import ANONYMOUS, SYSTEM, Actor, Role
from krapte.bootstrap import Container, bootstrap
from krapte.cli import app
from krapte.errors import Forbidden, NotFound, Unauthenticated
from krapte.placement.rounds import personal_data
from krapte.placement.tables import (
    PlacementAssignment,
    PlacementOutcome,
    PlacementPreference,
    PlacementRound,
    PlacementRun,
    PlacementStudent,
)
from placement.rounds.outcome_builders import offer, record_outcome, store_published_round

ROUND_ADMIN = Actor(user_id=8, name="rondebeheer", roles=frozenset({Role.ROUND_ADMIN}))
SCHOOL = Actor(
    user_id=9, name="school", roles=frozenset({Role.SCHOOL}), schools=frozenset({"Hogeschool PXL"})
)
OFFERS = [offer("P1", 2), offer("P2", 2, sector="ouderenzorg", province="Antwerpen")]
LISTS = {"S1": ["P1", "P2"], "S2": ["P1"], "S3": ["P2", "P1"]}
PLACED = {"S1": "P1", "S2": "P1", "S3": "P2"}
EMAILS = {"S1": "Lotte.Peeters@student.example", "S2": "noah@studentXexample"}


def _round(container: Container, name: str = "2026-voorjaar", **kwargs: object) -> int:
    stored = store_published_round(
        container, OFFERS, LISTS, PLACED, name=name, emails=EMAILS, **kwargs
    )
    record_outcome(
        container, stored.round_id, "S1", "P1", confirmed=True, job=True, mentor="Mentor An",
        comment="Leerrijk",
    )  # fmt: skip
    return stored.round_id


def _count(container: Container, model: type, **where: object) -> int:
    with container.unit_of_work() as uow:
        query = select(func.count()).select_from(model)
        for column, value in where.items():
            query = query.where(getattr(model, column) == value)
        return int(uow.session.scalar(query) or 0)


def test_export_holds_everything_stored_about_the_student(container: Container) -> None:
    _round(container)
    _round(container, name="2026-najaar")
    found = personal_data.export_student(
        container.unit_of_work(), SYSTEM, "lotte.peeters@STUDENT.example"
    )
    data = found.as_dict()
    assert [r["round_name"] for r in found.rounds] == ["2026-voorjaar", "2026-najaar"]
    first = found.rounds[0]
    assert first["record"]["student_id"] == "S1"  # type: ignore[index]
    assert first["record"]["name"] == "Naam S1"  # type: ignore[index]
    assert first["preferences"] == ["P1", "P2"]
    assert first["assignments"][0]["offer_id"] == "P1"  # type: ignore[index]
    assert first["outcome"]["mentor"] == "Mentor An"  # type: ignore[index]
    assert json.loads(json.dumps(data))["query"] == "lotte.peeters@STUDENT.example"


def test_export_of_an_unknown_person_is_not_found(container: Container) -> None:
    _round(container)
    with pytest.raises(NotFound):  # no pattern matching: '_' is no wildcard
        personal_data.export_student(container.unit_of_work(), SYSTEM, "noah@student_example")
    with pytest.raises(NotFound, match=r"niemand@student\.example"):
        personal_data.export_student(container.unit_of_work(), SYSTEM, "niemand@student.example")


@pytest.mark.parametrize(
    ("actor", "error"),
    [(ANONYMOUS, Unauthenticated), (SCHOOL, Forbidden), (ROUND_ADMIN, Forbidden)],
)
def test_only_administrators_export_or_delete(
    container: Container, actor: Actor, error: type
) -> None:
    _round(container)
    with pytest.raises(error):
        personal_data.export_student(container.unit_of_work(), actor, "S1")
    with pytest.raises(error):
        personal_data.delete_student(container.unit_of_work(write=True), actor, "S1")
    assert _count(container, PlacementStudent, student_id="S1") == 1
    assert _count(container, PlacementPreference, student_id="S1") == 2
    assert _count(container, PlacementAssignment, student_id="S1") == 1


def test_delete_removes_the_student_and_keeps_run_statistics(container: Container) -> None:
    round_id = _round(container)
    before = _count(container, PlacementAssignment, offer_id="P1")
    done = personal_data.delete_student(container.unit_of_work(write=True), SYSTEM, "S1")
    assert done.rounds == ("2026-voorjaar",)
    assert (done.preferences, done.outcomes, done.assignments_pseudonymised) == (2, 1, 1)
    assert _count(container, PlacementStudent, student_id="S1") == 0
    assert _count(container, PlacementPreference, student_id="S1") == 0
    assert _count(container, PlacementOutcome, student_id="S1") == 0
    assert _count(container, PlacementAssignment, student_id="S1") == 0
    # the run still counts three students, two of them at P1
    assert _count(container, PlacementAssignment) == 3
    assert _count(container, PlacementAssignment, offer_id="P1") == before
    assert _count(container, PlacementStudent, round_id=round_id) == 2
    with pytest.raises(NotFound):
        personal_data.export_student(container.unit_of_work(), SYSTEM, EMAILS["S1"])


def _round_row(container: Container, round_id: int) -> PlacementRound:
    with container.unit_of_work() as uow:
        stored = uow.session.get(PlacementRound, round_id)
        assert stored is not None
        uow.session.expunge(stored)
        return stored


def test_anonymise_clears_personal_data_of_old_rounds_only(container: Container) -> None:
    old = _round(container, publish_at=datetime(2023, 6, 1, tzinfo=UTC))
    recent = _round(container, name="2026-najaar", publish_at=datetime(2026, 6, 1, tzinfo=UTC))
    at = datetime(2026, 7, 1, tzinfo=UTC)
    planned = personal_data.anonymise_rounds(
        container.unit_of_work(write=True), SYSTEM, days=730, dry_run=True, at=at
    )
    assert [r.name for r in planned] == ["2026-voorjaar"]
    assert _round_row(container, old).anonymised_at is None
    done = personal_data.anonymise_rounds(
        container.unit_of_work(write=True), SYSTEM, days=730, at=at
    )
    assert [(r.round_id, r.students) for r in done] == [(old, 3)]
    assert _round_row(container, old).anonymised_at is not None
    assert _round_row(container, recent).anonymised_at is None
    with container.unit_of_work() as uow:
        students = list(
            uow.session.scalars(select(PlacementStudent).where(PlacementStudent.round_id == old))
        )
        assert len(students) == 3
        assert all(s.student_id.startswith("anon-") for s in students)
        assert {(s.name, s.email, s.user_id) for s in students} == {("", "", None)}
        tokens = {s.student_id for s in students}
        listed = set(
            uow.session.scalars(
                select(PlacementPreference.student_id).where(PlacementPreference.round_id == old)
            )
        )
        assert listed == tokens
        runs = select(PlacementRun.id).where(PlacementRun.round_id == old)
        assigned = set(
            uow.session.scalars(
                select(PlacementAssignment.student_id).where(PlacementAssignment.run_id.in_(runs))
            )
        )
        assert assigned == tokens
        outcome = uow.session.scalars(
            select(PlacementOutcome).where(PlacementOutcome.round_id == old)
        ).one()
        assert (outcome.mentor, outcome.student_comment) == ("", "")
        assert outcome.student_id in tokens
        assert outcome.job_offered is True  # aggregates stay computable
    # the recent round keeps its people
    assert _count(container, PlacementStudent, round_id=recent, student_id="S1") == 1
    assert (
        personal_data.anonymise_rounds(container.unit_of_work(write=True), SYSTEM, days=730, at=at)
        == []
    )


def test_anonymise_is_refused_to_round_administrators(container: Container) -> None:
    old = _round(container, publish_at=datetime(2020, 1, 1, tzinfo=UTC))
    with pytest.raises(Forbidden):
        personal_data.anonymise_rounds(container.unit_of_work(write=True), ROUND_ADMIN, days=1)
    assert _round_row(container, old).anonymised_at is None


@pytest.mark.e2e
def test_person_commands(cli_database: str, tmp_path: Path) -> None:
    container = bootstrap()
    container.store.initialise()
    _round(container)
    runner = CliRunner()
    out = tmp_path / "lotte.json"
    exported = runner.invoke(
        app, ["placement", "person", "export", EMAILS["S1"], "--out", str(out)]
    )
    assert exported.exit_code == 0, exported.output
    assert json.loads(out.read_text(encoding="utf-8"))["rounds"][0]["record"]["student_id"] == "S1"
    assert out.stat().st_mode & 0o077 == 0
    unconfirmed = runner.invoke(app, ["placement", "person", "delete", EMAILS["S1"]])
    assert unconfirmed.exit_code == 1
    assert _count(container, PlacementStudent, student_id="S1") == 1
    deleted = runner.invoke(app, ["placement", "person", "delete", EMAILS["S1"], "--yes"])
    assert deleted.exit_code == 0, deleted.output
    assert _count(container, PlacementStudent, student_id="S1") == 0
    again = runner.invoke(app, ["placement", "person", "delete", EMAILS["S1"], "--yes"])
    assert again.exit_code == 2
    assert "geen student" in again.output
    dry = runner.invoke(app, ["placement", "anonymise", "--dry-run", "--format", "json"])
    assert dry.exit_code == 0, dry.output
    assert json.loads(dry.output) == []

"""Results after publication: the student's place and the engine's explanations of every higher
choice, the school's view, and the student's evaluation (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from krapte.accounts.core.permissions import ANONYMOUS, SYSTEM
from krapte.bootstrap import Container
from krapte.errors import Forbidden, InvalidInput, Unauthenticated, WrongPhase
from krapte.placement.core.calendar import Phase
from krapte.placement.core.generator import generate
from krapte.placement.core.model import PlacementRound
from krapte.placement.rounds import followup_service, results
from placement.rounds.student_builders import (
    ADMIN,
    HOWEST,
    ODISEE,
    OFFERS,
    PREFERENCES,
    STUDENTS,
    build_round,
    coordinator,
    publish,
    set_phase,
    student,
    student_actor,
)


def engine_explanations(folder: Path) -> dict[str, list[tuple[str, str, str, str, str]]]:
    """explanations.csv of the command line's run, per student, without the obtained choice."""
    found: dict[str, list[tuple[str, str, str, str, str]]] = {}
    with (folder / "explanations.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["outcome"] != "toegewezen":
                found.setdefault(row["student_id"], []).append(
                    (row["rank"], row["offer_id"], row["outcome"], row["cutoff_priority"],
                     row["cutoff_lottery"])
                )  # fmt: skip
    return found


def test_explanations_match_the_engines_files_for_the_same_run(
    container: Container, tmp_path: Path
) -> None:
    records = generate(students=120, offers=25, seed=11, max_choices=5)
    rid = build_round(container, records=records, max_choices=5)
    publish(container, rid, tmp_path / "run", seed=5)
    expected = engine_explanations(tmp_path / "run")
    everyone = {
        r.student_id: r for r in results.school_results(container.unit_of_work(), ADMIN, rid)
    }
    assert len(everyone) == 120
    compared = 0
    for student_id, result in everyone.items():
        ours = [
            (str(e.rank), e.offer_id, e.reason, e.cutoff_priority,
             "" if e.cutoff_lottery is None else str(e.cutoff_lottery))
            for e in result.explanations
        ]  # fmt: skip
        assert ours == expected.get(student_id, []), student_id
        compared += len(ours)
    assert compared > 20  # the round is tight enough that many choices are explained


def test_a_student_reads_their_place_and_why_not_higher(
    container: Container, tmp_path: Path
) -> None:
    rid = build_round(container)
    publish(container, rid, tmp_path / "run")
    expected = engine_explanations(tmp_path / "run")
    for number in (1, 2):
        mine = results.my_result(container.unit_of_work(), student_actor(number), rid)
        assert mine.placed
        assert [e.offer_id for e in mine.explanations] == [
            row[1] for row in expected.get(f"S{number}", [])
        ]
        for explanation in mine.explanations:
            assert explanation.text.startswith("volzet: de laatst toegelaten student had lotnummer")
            assert str(explanation.cutoff_lottery) in explanation.text


def test_results_are_read_only_after_publication(container: Container) -> None:
    rid = build_round(container, phase=Phase.ALLOCATED)
    with pytest.raises(WrongPhase):
        results.my_result(container.unit_of_work(), student_actor(1), rid)


def test_a_coordinator_reads_the_results_of_their_own_students_only(
    container: Container, tmp_path: Path
) -> None:
    rid = build_round(container)
    publish(container, rid, tmp_path / "run")
    mine = results.school_results(container.unit_of_work(), coordinator(HOWEST), rid)
    assert {r.student_id for r in mine} == {"S3", "S4"}
    with pytest.raises(Forbidden):
        results.school_results(container.unit_of_work(), student_actor(1), rid)
    with pytest.raises(Unauthenticated):
        results.my_result(container.unit_of_work(), ANONYMOUS, rid)
    with pytest.raises(Forbidden):
        results.my_result(container.unit_of_work(), coordinator(ODISEE), rid)


def test_a_placed_student_evaluates_the_internship(container: Container, tmp_path: Path) -> None:
    rid = build_round(container)
    publish(container, rid, tmp_path / "run")
    actor = student_actor(3)
    with pytest.raises(InvalidInput) as raised:
        results.write_evaluation(container.unit_of_work(write=True), actor, rid, "7", "")
    assert raised.value.problems[0].field == "student_score"
    assert results.my_result(container.unit_of_work(), actor, rid).student_score is None
    saved = results.write_evaluation(container.unit_of_work(write=True), actor, rid, "4", " Fijn ")
    assert (saved.student_score, saved.student_comment) == (4, "Fijn")
    again = results.my_result(container.unit_of_work(), actor, rid)
    assert (again.student_score, again.student_comment) == (4, "Fijn")
    with pytest.raises(Forbidden):
        results.write_evaluation(
            container.unit_of_work(write=True), coordinator(HOWEST), rid, "1", ""
        )


def test_an_unplaced_student_has_nothing_to_evaluate(container: Container, tmp_path: Path) -> None:
    records = PlacementRound(OFFERS, (*STUDENTS, student("S5")), {**PREFERENCES, "S5": ("O1",)})
    rid = build_round(container, records=records)
    publish(container, rid, tmp_path / "run")
    unplaced = [
        n
        for n in (1, 2, 5)
        if not results.my_result(container.unit_of_work(), student_actor(n), rid).placed
    ]
    assert len(unplaced) == 1
    actor = student_actor(unplaced[0])
    mine = results.my_result(container.unit_of_work(), actor, rid)
    assert [e.offer_id for e in mine.explanations] == list(records.preferences[f"S{unplaced[0]}"])
    with pytest.raises(InvalidInput) as raised:
        results.write_evaluation(container.unit_of_work(write=True), actor, rid, "4", "")
    assert "alleen een stage beoordelen" in raised.value.problems[0].message


def test_a_followup_run_keeps_the_main_runs_explanations_and_lottery(
    container: Container, tmp_path: Path
) -> None:
    """Explanations are about the main allocation (the lists students made, the lottery that was
    published); a follow-up run on top of it changes places, not why a choice was missed."""
    records = generate(students=120, offers=25, seed=11, max_choices=5)
    rid = build_round(container, records=records, max_choices=5)
    publish(container, rid, tmp_path / "run", seed=5)

    def seen() -> dict[str, tuple[int, tuple[results.Explanation, ...]]]:
        return {
            r.student_id: (r.lottery_number, r.explanations)
            for r in results.school_results(container.unit_of_work(), ADMIN, rid)
        }

    before = seen()
    set_phase(container, rid, Phase.FOLLOW_UP)
    followup_service.run_followup(container.unit_of_work(write=True), SYSTEM, rid, seed=99)
    assert seen() == before

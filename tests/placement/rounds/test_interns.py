"""An organisation's interns: invisible before publication, exactly the placed ones after."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from krapte.accounts.core.permissions import ANONYMOUS
from krapte.bootstrap import Container
from krapte.errors import Forbidden, InvalidInput, NotFound, Unauthenticated, WrongPhase
from krapte.placement.core.calendar import Phase
from krapte.placement.rounds import interns
from krapte.placement.tables import PlacementOutcome
from placement.rounds.organisation_round import (
    MINE,
    OTHER,
    ROUND_ADMIN,
    STUDENT,
    build_round,
    organisation_user,
)


def outcomes(container: Container) -> list[tuple[str, str, int | None, bool | None]]:
    with container.unit_of_work() as uow:
        rows = uow.session.scalars(select(PlacementOutcome).order_by(PlacementOutcome.student_id))
        return [(r.student_id, r.mentor, r.organisation_score, r.job_offered) for r in rows]


@pytest.mark.parametrize("phase", [Phase.RANKINGS_OPEN, Phase.CLOSED, Phase.ALLOCATED])
def test_before_publication_an_organisation_sees_only_counts(
    container: Container, phase: Phase
) -> None:
    built = build_round(container, phase, published=True)
    page = interns.list_interns(container.unit_of_work(), organisation_user(), built.round_id)
    assert not page.published
    assert page.interns == []
    assert page.offers == 3
    someone = next(iter(built.placed))
    with pytest.raises(WrongPhase):
        interns.confirm_placement(
            container.unit_of_work(write=True), organisation_user(), built.round_id, someone, "An"
        )
    assert outcomes(container) == []


def test_after_publication_an_organisation_sees_exactly_its_placed_students(
    container: Container,
) -> None:
    built = build_round(container, Phase.PUBLISHED, published=True)
    page = interns.list_interns(container.unit_of_work(), organisation_user(), built.round_id)
    mine = set(built.offer_ids[MINE])
    expected = {s for s, offer in built.placed.items() if offer in mine}
    assert page.published
    assert len(expected) == 4
    assert {i.student_id for i in page.interns} == expected
    assert all(i.offer_id in mine and i.name.startswith("Student ") for i in page.interns)
    assert set(page.interns[0].as_dict()) == {
        "student_id", "name", "programme", "school", "email", "offer_id", "organisation",
        "confirmed", "mentor", "score", "comment", "job_offered",
    }  # fmt: skip
    other = interns.list_interns(container.unit_of_work(), organisation_user(OTHER), built.round_id)
    assert {i.student_id for i in other.interns} == set(built.placed) - expected


def test_the_organisation_confirms_names_a_mentor_evaluates_and_records_a_job(
    container: Container,
) -> None:
    built = build_round(container, Phase.PUBLISHED, published=True)
    student = next(s for s, o in built.placed.items() if o in built.offer_ids[MINE])
    uow = container.unit_of_work
    confirmed = interns.confirm_placement(
        uow(write=True), organisation_user(), built.round_id, student, " An  Peeters "
    )
    assert confirmed.mentor == "An Peeters"
    assert confirmed.confirmed_at is not None
    interns.evaluate_intern(
        uow(write=True), organisation_user(), built.round_id, student, "4", "Sterk"
    )
    interns.record_job_offer(uow(write=True), organisation_user(), built.round_id, student, True)
    assert outcomes(container) == [(student, "An Peeters", 4, True)]
    page = interns.list_interns(uow(), organisation_user(), built.round_id)
    shown = next(i for i in page.interns if i.student_id == student)
    assert (shown.mentor, shown.score, shown.comment, shown.job_offered) == (
        "An Peeters",
        4,
        "Sterk",
        True,
    )


def test_an_organisation_cannot_touch_another_organisations_intern(container: Container) -> None:
    built = build_round(container, Phase.PUBLISHED, published=True)
    theirs = next(s for s, o in built.placed.items() if o in built.offer_ids[OTHER])
    unplaced = next(s for s in ("S000007", "S000008", "S000009") if s not in built.placed)
    uow = container.unit_of_work
    for student in (theirs, unplaced):
        with pytest.raises(Forbidden):
            interns.confirm_placement(
                uow(write=True), organisation_user(), built.round_id, student, "An"
            )
        with pytest.raises(Forbidden):
            interns.evaluate_intern(
                uow(write=True), organisation_user(), built.round_id, student, "5", ""
            )
        with pytest.raises(Forbidden):
            interns.record_job_offer(
                uow(write=True), organisation_user(), built.round_id, student, True
            )
    with pytest.raises(Forbidden):  # a student is never the organisation
        interns.evaluate_intern(uow(write=True), STUDENT, built.round_id, theirs, "5", "")
    with pytest.raises(Unauthenticated):
        interns.list_interns(uow(), ANONYMOUS, built.round_id)
    with pytest.raises(Forbidden):
        interns.list_interns(uow(), STUDENT, built.round_id)
    with pytest.raises(NotFound):
        interns.confirm_placement(uow(write=True), ROUND_ADMIN, built.round_id, unplaced, "An")
    assert outcomes(container) == []


def test_bad_evaluations_and_mentors_are_refused_and_nothing_is_stored(
    container: Container,
) -> None:
    built = build_round(container, Phase.PUBLISHED, published=True)
    student = next(s for s, o in built.placed.items() if o in built.offer_ids[MINE])
    uow = container.unit_of_work
    with pytest.raises(InvalidInput) as refused:
        interns.evaluate_intern(
            uow(write=True), organisation_user(), built.round_id, student, "6", "x" * 2001
        )
    assert {p.field for p in refused.value.problems} == {"score", "comment"}
    with pytest.raises(InvalidInput, match="mentor"):
        interns.confirm_placement(
            uow(write=True), organisation_user(), built.round_id, student, "  "
        )
    assert outcomes(container) == []

"""An organisation's interns: after publication, exactly the students placed with its offers in
the published run, with what the organisation records about each (confirmation and mentor, a
short evaluation at the end, and whether the intern was offered a job).

Before publication the allocation is anonymous: an organisation sees how many offers and places
it has, never a student. Each record is one ``placement_outcome`` row per placed student, made on
the first write.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from krapte.accounts.core.permissions import Actor, Resource, allowed, require
from krapte.db.uow import UnitOfWork
from krapte.errors import InvalidInput, NotFound, Problem
from krapte.placement.core.calendar import Phase
from krapte.placement.rounds.state import RoundInfo, authorise, get_round, now
from krapte.placement.tables import (
    PlacementAssignment,
    PlacementOffer,
    PlacementOutcome,
    PlacementStudent,
)

VISIBLE_PHASES = frozenset({Phase.PUBLISHED, Phase.FOLLOW_UP})
MAX_MENTOR_LENGTH = 200
MAX_COMMENT_LENGTH = 2000
SCORES = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Intern:
    """A student placed with one of the organisation's offers, and what it recorded."""

    student_id: str
    name: str
    programme: str
    school: str
    email: str
    offer_id: str
    organisation: str
    confirmed_at: datetime | None
    mentor: str
    score: int | None
    comment: str
    job_offered: bool | None

    def as_dict(self) -> dict[str, object]:
        return {
            "student_id": self.student_id,
            "name": self.name,
            "programme": self.programme,
            "school": self.school,
            "email": self.email,
            "offer_id": self.offer_id,
            "organisation": self.organisation,
            "confirmed": self.confirmed_at is not None,
            "mentor": self.mentor,
            "score": self.score,
            "comment": self.comment,
            "job_offered": self.job_offered,
        }


@dataclass(frozen=True)
class InternsPage:
    round: RoundInfo
    published: bool
    """False: the allocation is not public yet; ``interns`` is empty."""
    offers: int
    places: int
    interns: list[Intern]


def organisations_resource(actor: Actor) -> Resource:
    return Resource("organisation", organisations=actor.organisations)


def _own_offers(session: Session, actor: Actor, round_id: int) -> list[PlacementOffer]:
    """The round's offers of the actor's organisations (managers: every offer)."""
    query = select(PlacementOffer).where(PlacementOffer.round_id == round_id)
    if not allowed(actor, "round.manage"):
        query = query.where(PlacementOffer.organisation.in_(sorted(actor.organisations)))
    return list(session.scalars(query))


def list_interns(uow: UnitOfWork, actor: Actor, round_id: int) -> InternsPage:
    """The interns of the actor's organisations (after publication), or only counts before."""
    with uow:
        info = get_round(uow.session, round_id)
        require(actor, "intern.read", organisations_resource(actor))
        offers = {o.offer_id: o for o in _own_offers(uow.session, actor, round_id)}
        places = sum(o.capacity for o in offers.values())
        run_id = info.published_run_id
        if info.phase not in VISIBLE_PHASES or run_id is None:
            return InternsPage(info, False, len(offers), places, [])
        query = (
            select(PlacementStudent, PlacementAssignment.offer_id, PlacementOutcome)
            .join(
                PlacementAssignment,
                (PlacementAssignment.student_id == PlacementStudent.student_id)
                & (PlacementAssignment.run_id == run_id),
            )
            .outerjoin(
                PlacementOutcome,
                (PlacementOutcome.round_id == PlacementStudent.round_id)
                & (PlacementOutcome.student_id == PlacementStudent.student_id),
            )
            .where(
                PlacementStudent.round_id == round_id,
                PlacementAssignment.offer_id.in_(sorted(offers)),
            )
            .order_by(
                PlacementAssignment.offer_id, PlacementStudent.name, PlacementStudent.student_id
            )
        )
        interns = []
        for student, offer_id, outcome in uow.session.execute(query):
            organisation = offers[offer_id].organisation
            require(
                actor, "result.read", Resource("student", organisations=frozenset({organisation}))
            )
            interns.append(_intern(student, offer_id, organisation, outcome))
        return InternsPage(info, True, len(offers), places, interns)


def _intern(
    student: PlacementStudent, offer_id: str, organisation: str, outcome: PlacementOutcome | None
) -> Intern:
    return Intern(
        student_id=student.student_id,
        name=student.name,
        programme=student.programme,
        school=student.school,
        email=student.email,
        offer_id=offer_id,
        organisation=organisation,
        confirmed_at=outcome.confirmed_at if outcome else None,
        mentor=outcome.mentor if outcome else "",
        score=outcome.organisation_score if outcome else None,
        comment=outcome.organisation_comment if outcome else "",
        job_offered=outcome.job_offered if outcome else None,
    )


def _placement(
    session: Session, actor: Actor, action: str, info: RoundInfo, student_id: str
) -> tuple[PlacementStudent, str, str]:
    """The student, offer and organisation of a published placement, after the permission check
    (as the organisation placed with; a student is never the owner here)."""
    found = None
    if info.published_run_id is not None:
        found = session.execute(
            select(PlacementStudent, PlacementOffer.offer_id, PlacementOffer.organisation)
            .join(
                PlacementAssignment,
                (PlacementAssignment.student_id == PlacementStudent.student_id)
                & (PlacementAssignment.run_id == info.published_run_id),
            )
            .join(
                PlacementOffer,
                (PlacementOffer.round_id == PlacementStudent.round_id)
                & (PlacementOffer.offer_id == PlacementAssignment.offer_id),
            )
            .where(PlacementStudent.round_id == info.id, PlacementStudent.student_id == student_id)
        ).first()
    organisations = frozenset({found[2]}) if found else frozenset()
    authorise(actor, action, info, Resource("placement", organisations=organisations))
    if found is None or info.phase not in VISIBLE_PHASES:
        raise NotFound(f"student '{student_id}' heeft geen gepubliceerde stageplaats in deze ronde")
    return found[0], found[1], found[2]


def _outcome(session: Session, round_id: int, student_id: str, offer_id: str) -> PlacementOutcome:
    outcome = session.get(PlacementOutcome, (round_id, student_id))
    if outcome is None:
        outcome = PlacementOutcome(round_id=round_id, student_id=student_id, offer_id=offer_id)
        session.add(outcome)
    return outcome


def _text(value: str, field: str, limit: int, *, required: str = "") -> str:
    text = " ".join(value.split()) if field == "mentor" else value.strip()
    if required and not text:
        raise InvalidInput.single(required, field=field)
    if len(text) > limit:
        raise InvalidInput.single(f"te lang: {len(text)} tekens, hoogstens {limit}", field=field)
    return text


def get_intern(uow: UnitOfWork, actor: Actor, round_id: int, student_id: str) -> Intern:
    """One intern of the actor's organisations, after publication."""
    with uow:
        info = get_round(uow.session, round_id)
        student, offer_id, organisation = _placement(
            uow.session, actor, "intern.read", info, student_id
        )
        outcome = uow.session.get(PlacementOutcome, (round_id, student_id))
        return _intern(student, offer_id, organisation, outcome)


def confirm_placement(
    uow: UnitOfWork, actor: Actor, round_id: int, student_id: str, mentor: str
) -> Intern:
    """The organisation confirms the placement and names the intern's mentor."""
    with uow:
        info = get_round(uow.session, round_id)
        student, offer_id, organisation = _placement(
            uow.session, actor, "placement.confirm", info, student_id
        )
        name = _text(mentor, "mentor", MAX_MENTOR_LENGTH, required="vul de naam van de mentor in")
        outcome = _outcome(uow.session, round_id, student_id, offer_id)
        outcome.mentor = name
        outcome.confirmed_at = outcome.confirmed_at or now()
        outcome.updated_at = now()
        uow.commit()
        return _intern(student, offer_id, organisation, outcome)


def evaluate_intern(
    uow: UnitOfWork, actor: Actor, round_id: int, student_id: str, score: str, comment: str
) -> Intern:
    """The organisation's short evaluation at the end: a score from 1 to 5 and a comment."""
    with uow:
        info = get_round(uow.session, round_id)
        student, offer_id, organisation = _placement(
            uow.session, actor, "evaluation.write", info, student_id
        )
        problems = []
        value = int(score) if score.strip().isdigit() else None
        if value not in SCORES:
            problems.append(Problem("kies een score van 1 tot 5", field="score"))
        text = comment.strip()
        if len(text) > MAX_COMMENT_LENGTH:
            problems.append(
                Problem(
                    f"te lang: {len(text)} tekens, hoogstens {MAX_COMMENT_LENGTH}", field="comment"
                )
            )
        if problems:
            raise InvalidInput(problems)
        outcome = _outcome(uow.session, round_id, student_id, offer_id)
        outcome.organisation_score = value
        outcome.organisation_comment = text
        outcome.updated_at = now()
        uow.commit()
        return _intern(student, offer_id, organisation, outcome)


def record_job_offer(
    uow: UnitOfWork, actor: Actor, round_id: int, student_id: str, job_offered: bool
) -> Intern:
    """Whether the organisation offered the intern a job (the internship-to-job rate)."""
    with uow:
        info = get_round(uow.session, round_id)
        student, offer_id, organisation = _placement(
            uow.session, actor, "evaluation.write", info, student_id
        )
        outcome = _outcome(uow.session, round_id, student_id, offer_id)
        outcome.job_offered = job_offered
        outcome.updated_at = now()
        uow.commit()
        return _intern(student, offer_id, organisation, outcome)

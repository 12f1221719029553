"""Results after publication: each student's place and why every higher choice was not theirs.

The explanations are the engine's own (:func:`krapte.placement.core.explain.explain`, as the run's
``explanations.csv`` has them), computed from the stored run: its lottery and assignment, and the
stored lists. They are computed once per run for the whole round and kept in memory (a published
run never changes). A placed student also evaluates their internship (1 to 5, a comment).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy import select

from krapte.accounts.core.permissions import Actor
from krapte.errors import InvalidInput, NotFound, Problem
from krapte.memo import Memo
from krapte.placement import repository
from krapte.placement.core.encode import Encoded, encode
from krapte.placement.core.explain import (
    FILLED,
    INELIGIBLE,
    NO_PLACES,
    OBTAINED,
    QUOTA_FILLED,
    REASONS,
    Explanations,
    explain,
)
from krapte.placement.core.instance import as_ints, prepare
from krapte.placement.core.matching import MatchResult
from krapte.placement.core.model import Offer
from krapte.placement.rounds.eligibility import own_student, student_resource
from krapte.placement.rounds.state import RoundInfo, authorise, get_round, now
from krapte.placement.tables import (
    PlacementAssignment,
    PlacementOutcome,
    PlacementRun,
    PlacementStudent,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from krapte.db.uow import UnitOfWork

SCORE_FIELD = "student_score"
COMMENT_FIELD = "student_comment"
MAX_COMMENT = 2_000


@dataclass(frozen=True)
class Explanation:
    rank: int
    offer_id: str
    organisation: str
    municipality: str
    reason: str
    """The engine's key (``volzet_met_voorrang``, ...), as in explanations.csv."""
    cutoff_priority: str
    cutoff_lottery: int | None
    text: str

    def as_dict(self) -> dict[str, object]:
        return {
            "rank": self.rank,
            "offer_id": self.offer_id,
            "organisation": self.organisation,
            "municipality": self.municipality,
            "outcome": self.reason,
            "cutoff_priority": self.cutoff_priority,
            "cutoff_lottery": self.cutoff_lottery,
            "text": self.text,
        }


@dataclass(frozen=True)
class StudentResult:
    student_id: str
    name: str
    school: str
    offer_id: str
    organisation: str
    municipality: str
    rank_obtained: int
    lottery_number: int
    explanations: tuple[Explanation, ...]
    student_score: int | None = None
    student_comment: str = ""

    @property
    def placed(self) -> bool:
        return bool(self.offer_id)

    def as_dict(self) -> dict[str, object]:
        return {
            "student_id": self.student_id,
            "name": self.name,
            "school": self.school,
            "placed": self.placed,
            "offer_id": self.offer_id or None,
            "organisation": self.organisation or None,
            "municipality": self.municipality or None,
            "rank_obtained": self.rank_obtained or None,
            "lottery_number": self.lottery_number,
            "explanations": [e.as_dict() for e in self.explanations],
            "student_score": self.student_score,
            "student_comment": self.student_comment,
        }


@dataclass(frozen=True)
class RunExplanations:
    """The engine's explanations of one stored run, with the names to read them."""

    encoded: Encoded
    offers: tuple[Offer, ...]
    found: Explanations
    lottery: dict[str, int]
    starts: dict[int, tuple[int, int]]
    """Student code -> the slice of ``found`` rows that explain their list."""
    offer_by_id: dict[str, Offer]


_runs: Memo[RunExplanations] = Memo(8)


def _compute(session: Session, info: RoundInfo, run_id: int) -> RunExplanations:
    stored = repository.fetch_round(session, info.name)
    encoded = encode(stored.records)
    instance = encoded.instance
    outcome = {
        student_id: (offer_id, number)
        for student_id, offer_id, number in session.execute(
            select(
                PlacementAssignment.student_id,
                PlacementAssignment.offer_id,
                PlacementAssignment.lottery_number,
            ).where(PlacementAssignment.run_id == run_id)
        )
    }
    missing = (("", 0),)
    lottery = as_ints([outcome.get(s, missing[0])[1] for s in encoded.student_ids])
    offer = as_ints(
        [encoded.offer_index.get(outcome.get(s, missing[0])[0], -1) for s in encoded.student_ids]
    )
    table = prepare(instance, lottery)
    entry = np.full(instance.n_students, -1, dtype=np.int64)
    hits = np.flatnonzero(instance.pref_offer == offer[table.student])
    entry[table.student[hits[::-1]]] = hits[::-1]  # the first matching entry wins
    found = explain(table, MatchResult(offer=offer, entry=entry, rounds=0))
    bounds = np.searchsorted(found.student, np.arange(instance.n_students + 1))
    starts = {
        s: (int(bounds[s]), int(bounds[s + 1]))
        for s in range(instance.n_students)
        if bounds[s + 1] > bounds[s]
    }
    return RunExplanations(
        encoded=encoded,
        offers=stored.records.offers,
        found=found,
        lottery={s: int(n) for s, n in zip(encoded.student_ids, lottery.tolist(), strict=True)},
        starts=starts,
        offer_by_id={offer.offer_id: offer for offer in stored.records.offers},
    )


def run_explanations(session: Session, info: RoundInfo, run_id: int) -> RunExplanations:
    created = session.scalar(select(PlacementRun.created_at).where(PlacementRun.id == run_id))
    if created is None:
        raise NotFound(f"toewijzing {run_id} bestaat niet")
    key = (str(session.get_bind().engine.url), info.id, run_id, created.isoformat())
    return _runs.get(key, lambda: _compute(session, info, run_id))


def _priority_label(offer: Offer, klass: int) -> str:
    if klass < 0:
        return ""
    return offer.priority[klass] if klass < len(offer.priority) else "overige"


def _text(reason: int, lottery: int, priority: str, own: int) -> str:
    if reason == INELIGIBLE:
        return "je kwam niet in aanmerking voor deze stageplaats"
    if reason == NO_PLACES:
        return "deze stageplaats had geen plaatsen"
    if reason in (FILLED, QUOTA_FILLED):
        start = "volzet" if reason == FILLED else "het quotum voor jouw opleiding was bereikt"
        group = f" (voorranggroep: {priority})" if priority and priority != "overige" else ""
        return (
            f"{start}: de laatst toegelaten student had lotnummer {lottery}{group}; "
            f"jouw lotnummer is {own}"
        )
    return "geen verklaring gevonden (meld dit aan de rondebeheerder)"


def explanations_of(runs: RunExplanations, student_id: str) -> tuple[Explanation, ...]:
    """The explanations of one student's higher choices (not the one obtained)."""
    code = runs.encoded.student_index.get(student_id)
    if code is None or code not in runs.starts:
        return ()
    found = runs.found
    start, stop = runs.starts[code]
    own = runs.lottery[student_id]
    rows: list[Explanation] = []
    for row in range(start, stop):
        reason = int(found.reason[row])
        if reason == OBTAINED:
            continue
        offer = runs.offers[int(found.offer[row])]
        cutoff = int(found.cutoff_lottery[row])
        priority = _priority_label(offer, int(found.cutoff_class[row])) if cutoff >= 0 else ""
        rows.append(
            Explanation(
                rank=int(found.rank[row]),
                offer_id=offer.offer_id,
                organisation=offer.organisation,
                municipality=offer.municipality,
                reason=REASONS[reason],
                cutoff_priority=priority,
                cutoff_lottery=cutoff if cutoff >= 0 else None,
                text=_text(reason, cutoff, priority, own),
            )
        )
    return tuple(rows)


def explained_run(session: Session, run_id: int) -> int:
    """The main run whose lists and lottery explain ``run_id``'s places: a follow-up run builds
    on the run it followed (``base_run_id`` in its manifest), and its own lottery only orders the
    follow-up lists; why a student missed a choice of their list stays the main run's answer."""
    seen: set[int] = set()
    while run_id not in seen:
        seen.add(run_id)
        found = session.execute(
            select(PlacementRun.kind, PlacementRun.manifest).where(PlacementRun.id == run_id)
        ).one_or_none()
        if found is None or found.kind != "followup":
            return run_id
        run_id = int(json.loads(found.manifest)["base_run_id"])
    return run_id


def _published(info: RoundInfo) -> int:
    if info.published_run_id is None:
        raise NotFound("de resultaten van deze ronde zijn nog niet gepubliceerd")
    return info.published_run_id


def _results(
    session: Session, info: RoundInfo, students: list[PlacementStudent]
) -> list[StudentResult]:
    """The published results of ``students`` (three queries, however many students)."""
    run_id = _published(info)
    runs = run_explanations(session, info, explained_run(session, run_id))
    ids = [student.student_id for student in students]
    placed = {
        student_id: (offer_id, rank)
        for student_id, offer_id, rank in session.execute(
            select(
                PlacementAssignment.student_id,
                PlacementAssignment.offer_id,
                PlacementAssignment.rank_obtained,
            ).where(PlacementAssignment.run_id == run_id, PlacementAssignment.student_id.in_(ids))
        )
    }
    outcomes = {
        outcome.student_id: outcome
        for outcome in session.scalars(
            select(PlacementOutcome).where(
                PlacementOutcome.round_id == info.id, PlacementOutcome.student_id.in_(ids)
            )
        )
    }
    found = []
    for student in students:
        offer_id, rank = placed.get(student.student_id, ("", 0))
        offer = runs.offer_by_id.get(offer_id)
        outcome = outcomes.get(student.student_id)
        found.append(
            StudentResult(
                student_id=student.student_id,
                name=student.name,
                school=student.school,
                offer_id=offer_id,
                organisation=offer.organisation if offer else "",
                municipality=offer.municipality if offer else "",
                rank_obtained=rank,
                lottery_number=runs.lottery.get(student.student_id, 0),
                explanations=explanations_of(runs, student.student_id),
                student_score=outcome.student_score if outcome else None,
                student_comment=outcome.student_comment if outcome else "",
            )
        )
    return found


def _result(session: Session, info: RoundInfo, student: PlacementStudent) -> StudentResult:
    return _results(session, info, [student])[0]


def my_result(uow: UnitOfWork, actor: Actor, round_id: int) -> StudentResult:
    """The signed-in student's place and explanations in the published run."""
    with uow:
        info = get_round(uow.session, round_id)
        student = own_student(uow.session, actor, round_id)
        authorise(actor, "result.read", info, student_resource(student))
        return _result(uow.session, info, student)


def school_results(uow: UnitOfWork, actor: Actor, round_id: int) -> list[StudentResult]:
    """The results of the students the actor may read (a coordinator: their schools')."""
    from krapte.placement.rounds.students import visible_students

    with uow:
        info = get_round(uow.session, round_id)
        students = visible_students(uow, actor, round_id)
        for student in students:  # a school's or every student (see visible_students)
            authorise(actor, "result.read", info, student_resource(student))
        return _results(uow.session, info, list(students))


def write_evaluation(
    uow: UnitOfWork, actor: Actor, round_id: int, score: str, comment: str
) -> StudentResult:
    """The placed student's evaluation of their internship: a score 1 to 5 and a comment."""
    with uow:
        info = get_round(uow.session, round_id)
        student = own_student(uow.session, actor, round_id)
        authorise(actor, "evaluation.write", info, student_resource(student))
        result = _result(uow.session, info, student)
        problems: list[Problem] = []
        if not result.placed:
            problems.append(Problem("je kunt alleen een stage beoordelen als je er een hebt"))
        value = score.strip()
        if not value.isdigit() or not 1 <= int(value) <= 5:
            problems.append(Problem("kies een score van 1 tot 5", field=SCORE_FIELD))
        if len(comment) > MAX_COMMENT:
            problems.append(
                Problem(f"te lang: hoogstens {MAX_COMMENT} tekens", field=COMMENT_FIELD)
            )
        if problems:
            raise InvalidInput(problems)
        outcome = uow.session.get(PlacementOutcome, (round_id, student.student_id))
        if outcome is None:
            outcome = PlacementOutcome(
                round_id=round_id, student_id=student.student_id, offer_id=result.offer_id
            )
            uow.session.add(outcome)
        outcome.student_score = int(value)
        outcome.student_comment = comment.strip()
        outcome.updated_at = now()
        uow.commit()
        return _result(uow.session, info, student)

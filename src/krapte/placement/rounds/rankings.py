"""The student's side before the match: search the offers they may take, keep a ranked list.

A student sees only offers they are eligible for (the engine's rule, see
:mod:`krapte.placement.rounds.eligibility`) and saves a list of at most ``max_choices`` offers,
without repeats, while the round takes lists (``ranking.write``: phase and deadline). Every save
replaces the student's rows in one transaction. In the follow-up phase an unplaced student makes
a second list, from the offers with free places, by the same rules (``followup.ranking.write``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, insert, select

from krapte.accounts.core.permissions import Actor, require
from krapte.errors import InvalidInput, Problem, WrongPhase
from krapte.placement.core.calendar import Phase, allows
from krapte.placement.rounds.eligibility import (
    OfferView,
    RoundOffers,
    as_student,
    eligibility,
    own_student,
    required_choices,
    round_offers,
    student_resource,
)
from krapte.placement.rounds.state import RoundInfo, authorise, get_round, lock_round, now
from krapte.placement.tables import (
    PlacementAssignment,
    PlacementFollowupPreference,
    PlacementPreference,
    PlacementStudent,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from krapte.db.uow import UnitOfWork

LIST_FIELD = "lijst"
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
FILTERS = ("province", "municipality", "sector", "period", "language")


@dataclass(frozen=True)
class Filters:
    text: str = ""
    province: str = ""
    municipality: str = ""
    sector: str = ""
    period: str = ""
    language: str = ""

    def keep(self, view: OfferView) -> bool:
        offer = view.offer
        text = self.text.strip().lower()
        if text and text not in offer.organisation.lower() and text not in view.description.lower():
            return False
        checks = (
            (self.province, offer.province),
            (self.municipality, offer.municipality),
            (self.sector, offer.sector),
            (self.period, view.period),
        )
        if any(wanted and wanted != value for wanted, value in checks):
            return False
        return not (self.language and offer.languages and self.language not in offer.languages)


@dataclass(frozen=True)
class SearchPage:
    offers: list[OfferView]
    total: int
    page: int
    pages: int
    choices: dict[str, list[str]]
    """The values each filter can take among the student's eligible offers."""
    in_list: frozenset[str]
    followup: bool = False


@dataclass(frozen=True)
class RankingView:
    round: RoundInfo
    student_id: str
    choices: list[OfferView]
    required: int
    followup: bool = False
    editable: bool = True
    problems: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return len(self.choices) >= self.required

    @property
    def deadline(self) -> datetime | None:
        return self.round.calendar.rankings_close_at

    def as_dict(self) -> dict[str, object]:
        return {
            "student_id": self.student_id,
            "offer_ids": [view.offer_id for view in self.choices],
            "choices": [view.as_dict() for view in self.choices],
            "max_choices": self.round.max_choices,
            "required": self.required,
            "complete": self.complete,
            "deadline": self.deadline.isoformat(timespec="minutes") if self.deadline else None,
            "followup": self.followup,
        }


def _table(followup: bool) -> type[PlacementPreference | PlacementFollowupPreference]:
    return PlacementFollowupPreference if followup else PlacementPreference


def _action(followup: bool) -> str:
    return "followup.ranking.write" if followup else "ranking.write"


def free_places(session: Session, info: RoundInfo, offers: Sequence[OfferView]) -> set[str]:
    """The offers with a place left after the published run."""
    taken = dict(
        session.execute(
            select(PlacementAssignment.offer_id, func.count())
            .where(
                PlacementAssignment.run_id == (info.published_run_id or -1),
                PlacementAssignment.offer_id != "",
            )
            .group_by(PlacementAssignment.offer_id)
        ).all()
    )
    return {v.offer_id for v in offers if v.offer.capacity > int(taken.get(v.offer_id, 0))}


def _placed(session: Session, info: RoundInfo, student_id: str) -> bool:
    offer = session.scalar(
        select(PlacementAssignment.offer_id).where(
            PlacementAssignment.run_id == (info.published_run_id or -1),
            PlacementAssignment.student_id == student_id,
        )
    )
    return bool(offer)


def _choosable(
    session: Session,
    info: RoundInfo,
    student: PlacementStudent,
    followup: bool,
    offers: RoundOffers,
) -> list[OfferView]:
    """Of the round's ``offers``, those this student may put on the list (eligible; free places
    in the follow-up)."""
    mask = eligibility(offers, [as_student(student)])[0]
    eligible = [view for view, ok in zip(offers, mask.tolist(), strict=True) if ok]
    if followup:
        free = free_places(session, info, offers)
        eligible = [view for view in eligible if view.offer_id in free]
    return eligible


def _stored_list(session: Session, round_id: int, student_id: str, followup: bool) -> list[str]:
    table = _table(followup)
    return list(
        session.scalars(
            select(table.offer_id)
            .where(table.round_id == round_id, table.student_id == student_id)
            .order_by(table.rank)
        )
    )


def _is_followup(info: RoundInfo) -> bool:
    return info.phase is Phase.FOLLOW_UP


def _view(
    session: Session,
    info: RoundInfo,
    student: PlacementStudent,
    followup: bool,
    offers: RoundOffers,
    choosable: list[OfferView],
) -> RankingView:
    """The student's list; ``offers`` are the round's, ``choosable`` the student's (read once
    per request: a round has thousands of offers)."""
    by_id = {view.offer_id: view for view in offers}
    ids = _stored_list(session, info.id, student.student_id, followup)
    return RankingView(
        round=info,
        student_id=student.student_id,
        choices=[by_id[i] for i in ids if i in by_id],
        required=required_choices(info.min_choices, len(choosable)),
        followup=followup,
        editable=allows(info.calendar, _action(followup), now()),
    )


def read_list(uow: UnitOfWork, actor: Actor, round_id: int) -> RankingView:
    """The signed-in student's list (the follow-up list in the follow-up phase)."""
    with uow:
        info = get_round(uow.session, round_id)
        student = own_student(uow.session, actor, round_id)
        require(actor, "ranking.read", student_resource(student))
        followup = _is_followup(info)
        offers = round_offers(uow.session, round_id)
        choosable = _choosable(uow.session, info, student, followup, offers)
        return _view(uow.session, info, student, followup, offers, choosable)


def search(
    uow: UnitOfWork,
    actor: Actor,
    round_id: int,
    filters: Filters,
    page: int = 1,
    per_page: int = PAGE_SIZE,
) -> SearchPage:
    """The offers the signed-in student may choose, filtered and paged (in memory: a round has
    at most a few thousand offers)."""
    with uow:
        info = get_round(uow.session, round_id)
        student = own_student(uow.session, actor, round_id)
        require(actor, "ranking.read", student_resource(student))
        followup = _is_followup(info)
        offers = round_offers(uow.session, round_id)
        choosable = _choosable(uow.session, info, student, followup, offers)
        in_list = frozenset(_stored_list(uow.session, round_id, student.student_id, followup))
    choices = {
        "province": sorted({v.offer.province for v in choosable} - {""}),
        "municipality": sorted({v.offer.municipality for v in choosable} - {""}),
        "sector": sorted({v.offer.sector for v in choosable} - {""}),
        "period": sorted({v.period for v in choosable} - {""}),
        "language": sorted({lang for v in choosable for lang in v.offer.languages}),
    }
    kept = [view for view in choosable if filters.keep(view)]
    per_page = max(1, min(per_page, MAX_PAGE_SIZE))
    pages = max(1, -(-len(kept) // per_page))
    page = max(1, min(page, pages))
    start = (page - 1) * per_page
    return SearchPage(
        offers=kept[start : start + per_page],
        total=len(kept),
        page=page,
        pages=pages,
        choices=choices,
        in_list=in_list,
        followup=followup,
    )


def _check(info: RoundInfo, ids: list[str], choosable: list[OfferView]) -> None:
    allowed_ids = {view.offer_id for view in choosable}
    problems: list[str] = []
    if len(ids) > info.max_choices:
        problems.append(f"je lijst is te lang: {len(ids)} keuzes, hoogstens {info.max_choices}")
    seen: set[str] = set()
    for offer_id in ids:
        if offer_id in seen:
            problems.append(f"stageplaats '{offer_id}' staat er meer dan één keer op")
        elif offer_id not in allowed_ids:
            problems.append(f"stageplaats '{offer_id}' kun je niet kiezen")
        seen.add(offer_id)
    if problems:
        raise InvalidInput([Problem(message, field=LIST_FIELD) for message in problems])


def save_list(uow: UnitOfWork, actor: Actor, round_id: int, offer_ids: list[str]) -> RankingView:
    """Replace the signed-in student's list with ``offer_ids`` (first choice first).

    The round's row is share-locked (closing the round or allocating waits for the save, so a
    run never reads lists that change under it) and the student's row is locked (two saves of
    one list take turns instead of colliding on the ranks).
    """
    with uow:
        lock_round(uow.session, round_id)
        info = get_round(uow.session, round_id)
        student = own_student(uow.session, actor, round_id, for_update=True)
        followup = _is_followup(info)
        authorise(actor, _action(followup), info, student_resource(student))
        if followup and _placed(uow.session, info, student.student_id):
            raise WrongPhase("je hebt al een stageplaats; de opvolgronde is voor wie er geen heeft")
        ids = [offer_id.strip() for offer_id in offer_ids]
        offers = round_offers(uow.session, round_id)
        choosable = _choosable(uow.session, info, student, followup, offers)
        _check(info, ids, choosable)
        table = _table(followup)
        uow.session.execute(
            delete(table).where(table.round_id == round_id, table.student_id == student.student_id)
        )
        if ids:
            uow.session.execute(
                insert(table),
                [
                    {"round_id": round_id, "student_id": student.student_id, "rank": rank,
                     "offer_id": offer_id}
                    for rank, offer_id in enumerate(ids, start=1)
                ],
            )  # fmt: skip
        uow.commit()
        return _view(uow.session, info, student, followup, offers, choosable)


def _current(uow: UnitOfWork, actor: Actor, round_id: int) -> list[str]:
    return [view.offer_id for view in read_list(uow, actor, round_id).choices]


def add_choice(uow: UnitOfWork, actor: Actor, round_id: int, offer_id: str) -> RankingView:
    """Put ``offer_id`` at the end of the list."""
    with uow:
        ids = _current(uow, actor, round_id)
        if offer_id in ids:
            raise InvalidInput.single(
                f"stageplaats '{offer_id}' staat al op je lijst", field=LIST_FIELD
            )
        view = save_list(uow, actor, round_id, [*ids, offer_id])
        uow.commit()
        return view


def move_choice(
    uow: UnitOfWork, actor: Actor, round_id: int, offer_id: str, step: int
) -> RankingView:
    """Move ``offer_id`` one place up (``step=-1``) or down (``step=1``); at an end it stays."""
    with uow:
        ids = _current(uow, actor, round_id)
        if offer_id not in ids:
            raise InvalidInput.single(
                f"stageplaats '{offer_id}' staat niet op je lijst", field=LIST_FIELD
            )
        index = ids.index(offer_id)
        target = min(max(index + step, 0), len(ids) - 1)
        ids.insert(target, ids.pop(index))
        view = save_list(uow, actor, round_id, ids)
        uow.commit()
        return view


def remove_choice(uow: UnitOfWork, actor: Actor, round_id: int, offer_id: str) -> RankingView:
    with uow:
        ids = _current(uow, actor, round_id)
        view = save_list(uow, actor, round_id, [i for i in ids if i != offer_id])
        uow.commit()
        return view

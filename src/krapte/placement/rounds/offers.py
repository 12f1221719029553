"""Offers in the browser: organisation users create, edit, import and remove the offers of their
organisations while the round is in draft or open for offers; everyone signed in reads them.

Every function asks the permission function and the calendar (:func:`authorise`) before it reads
or writes, and writes all or nothing. Offers are checked by :mod:`.offer_rules`, the same checks
as the files of ``krapte placement``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from krapte.accounts.core.permissions import Actor, Resource, Role, allowed
from krapte.db.uow import UnitOfWork
from krapte.errors import InvalidInput, KrapteError, NotFound, Problem
from krapte.placement.core.model import join_list, join_quota, offer_cells, split_list
from krapte.placement.rounds.offer_rules import (
    CheckedOffer,
    check_table,
    form_table,
    slug,
)
from krapte.placement.rounds.state import (
    RoundInfo,
    authorise,
    get_round,
    now,
    offers_changed,
    stored_round,
)
from krapte.placement.tables import PlacementOffer

MAX_PAGE_SIZE = 200
WRITE = "offer.write"


@dataclass(frozen=True)
class OfferView:
    """One offer as pages and the API show it."""

    offer_id: str
    organisation: str
    municipality: str
    province: str
    sector: str
    capacity: int
    programmes: tuple[str, ...]
    levels: tuple[str, ...]
    study_years: tuple[int, ...]
    languages: tuple[str, ...]
    period: str
    description: str
    updated_at: datetime | None
    quota: str = ""
    priority: str = ""
    notes: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "offer_id": self.offer_id,
            "organisation": self.organisation,
            "municipality": self.municipality,
            "province": self.province,
            "sector": self.sector,
            "capacity": self.capacity,
            "programmes": list(self.programmes),
            "levels": list(self.levels),
            "study_years": list(self.study_years),
            "languages": list(self.languages),
            "period": self.period,
            "description": self.description,
        }

    def cells(self) -> dict[str, str]:
        """The offer as the form's (and the file's) cells."""
        return {
            "offer_id": self.offer_id,
            "organisation": self.organisation,
            "municipality": self.municipality,
            "province": self.province,
            "sector": self.sector,
            "capacity": str(self.capacity),
            "programmes": join_list(self.programmes),
            "levels": join_list(self.levels),
            "study_years": join_list(self.study_years),
            "languages": join_list(self.languages),
            "quota": self.quota,
            "priority": self.priority,
            "notes": self.notes,
            "period": self.period,
            "description": self.description,
        }


@dataclass(frozen=True)
class OfferList:
    round: RoundInfo
    offers: list[OfferView]
    total: int
    """Offers that match (before paging)."""
    places: int
    """Their places together."""
    mine: bool
    """Only the actor's organisations' offers."""
    can_write: bool
    """The actor may add offers now (right role and phase)."""
    organisations: tuple[str, ...] = field(default=())
    """The organisations the actor may add offers for (empty for managers: any)."""


def _view(stored: PlacementOffer) -> OfferView:
    years = tuple(int(y) for y in split_list(stored.study_years) if y.isdigit())
    return OfferView(
        offer_id=stored.offer_id,
        organisation=stored.organisation,
        municipality=stored.municipality,
        province=stored.province,
        sector=stored.sector,
        capacity=stored.capacity,
        programmes=split_list(stored.programmes),
        levels=split_list(stored.levels),
        study_years=years,
        languages=split_list(stored.languages),
        period=stored.period,
        description=stored.description,
        updated_at=stored.updated_at,
        quota=stored.quota,
        priority=stored.priority,
        notes=stored.notes,
    )


def offer_resource(organisation: str) -> Resource:
    return Resource("offer", organisation=organisation)


def only_own(actor: Actor) -> bool:
    """Organisation users see their own organisations' offers first (managers see all)."""
    return actor.has(Role.ORGANISATION) and not allowed(actor, "round.manage")


def _stored(session: Session, round_id: int, offer_id: str) -> PlacementOffer:
    stored = session.get(PlacementOffer, (round_id, offer_id))
    if stored is None:
        raise NotFound(f"aanbod '{offer_id}' bestaat niet in deze ronde")
    return stored


def list_offers(
    uow: UnitOfWork,
    actor: Actor,
    round_id: int,
    *,
    mine: bool | None = None,
    offset: int = 0,
    limit: int = 50,
) -> OfferList:
    """The round's offers for ``actor``: organisation users their own (``mine``), others all."""
    with uow:
        info = get_round(uow.session, round_id)
        authorise(actor, "offer.read", info, None)
        own = only_own(actor) if mine is None else mine
        query = select(PlacementOffer).where(PlacementOffer.round_id == round_id)
        if own:
            query = query.where(PlacementOffer.organisation.in_(sorted(actor.organisations)))
        counted = query.with_only_columns(
            func.count(), func.coalesce(func.sum(PlacementOffer.capacity), 0)
        )
        total, places = uow.session.execute(counted).one()
        limit = max(1, min(limit, MAX_PAGE_SIZE))
        rows = uow.session.scalars(
            query.order_by(PlacementOffer.position, PlacementOffer.offer_id)
            .offset(max(0, offset))
            .limit(limit)
        )
        return OfferList(
            round=info,
            offers=[_view(row) for row in rows],
            total=int(total),
            places=int(places),
            mine=own,
            can_write=can_write(actor, info),
            organisations=tuple(sorted(actor.organisations)),
        )


def can_write(actor: Actor, info: RoundInfo) -> bool:
    """Whether ``actor`` may add offers now (for the pages' links; services check again)."""
    try:
        authorise(actor, WRITE, info, Resource("offer", organisations=actor.organisations))
    except KrapteError:  # refused (who or when): no link to the form
        return False
    return True


def writable_round(uow: UnitOfWork, actor: Actor, round_id: int) -> RoundInfo:
    """The round, for a new offer's or the import's form: only for who may write offers now."""
    with uow:
        info = get_round(uow.session, round_id)
        authorise(actor, WRITE, info, Resource("offer", organisations=actor.organisations))
        return info


def may_edit(uow: UnitOfWork, actor: Actor, round_id: int, offer: OfferView) -> bool:
    """Whether ``actor`` may change ``offer`` now (for the detail page's buttons)."""
    with uow:
        info = get_round(uow.session, round_id)
    try:
        authorise(actor, WRITE, info, offer_resource(offer.organisation))
    except KrapteError:
        return False
    return True


def get_offer(uow: UnitOfWork, actor: Actor, round_id: int, offer_id: str) -> OfferView:
    with uow:
        info = get_round(uow.session, round_id)
        authorise(actor, "offer.read", info, None)
        return _view(_stored(uow.session, round_id, offer_id))


def editable_offer(uow: UnitOfWork, actor: Actor, round_id: int, offer_id: str) -> OfferView:
    """The offer, for its edit form: only for who may change it now."""
    with uow:
        info = get_round(uow.session, round_id)
        stored = _stored(uow.session, round_id, offer_id)
        authorise(actor, WRITE, info, offer_resource(stored.organisation))
        return _view(stored)


def _next_ids(session: Session, round_id: int, offers: Iterable[CheckedOffer]) -> dict[int, str]:
    """A new id for every new offer (by row): the organisation's slug and the next free number."""
    taken = set(
        session.scalars(select(PlacementOffer.offer_id).where(PlacementOffer.round_id == round_id))
    )
    taken |= {c.offer.offer_id for c in offers if not c.new}
    ids: dict[int, str] = {}
    for checked in offers:
        if not checked.new:
            continue
        stem, number = slug(checked.offer.organisation), 1
        while f"{stem}-{number:02d}" in taken:
            number += 1
        ids[checked.row] = f"{stem}-{number:02d}"
        taken.add(ids[checked.row])
    return ids


def _row(checked: CheckedOffer, offer_id: str) -> dict[str, object]:
    cells = offer_cells(checked.offer)
    cells["offer_id"] = offer_id
    cells["quota"] = join_quota(checked.offer.quota)
    return {**cells, "period": checked.period, "description": checked.description}


def write_offers(
    session: Session, round_id: int, offers: list[CheckedOffer]
) -> tuple[list[str], list[str]]:
    """Insert the new offers and overwrite the existing ones; return (created, updated) ids."""
    offers_changed(session, round_id)
    ids = _next_ids(session, round_id, offers)
    position = session.scalar(
        select(func.coalesce(func.max(PlacementOffer.position), -1)).where(
            PlacementOffer.round_id == round_id
        )
    )
    position = int(position if position is not None else -1)
    created: list[str] = []
    updated: list[str] = []
    moment = now()
    for checked in offers:
        offer_id = ids.get(checked.row, checked.offer.offer_id)
        values = _row(checked, offer_id)
        stored = session.get(PlacementOffer, (round_id, offer_id))
        if stored is None:
            position += 1
            session.add(
                PlacementOffer(round_id=round_id, position=position, updated_at=moment, **values)
            )
            created.append(offer_id)
        else:
            for column, value in values.items():
                setattr(stored, column, value)
            stored.updated_at = moment
            updated.append(offer_id)
    session.flush()
    return created, updated


def _form_cells(form: Mapping[str, str], base: Mapping[str, str] | None = None) -> dict[str, str]:
    cells = dict(base or {})
    cells.update({k: v for k, v in form.items() if k not in {"offer_id", "province"}})
    cells["province"] = ""
    return cells


def _checked(cells: Mapping[str, str]) -> CheckedOffer:
    offers, problems = check_table(form_table(cells))
    if problems:
        raise InvalidInput([Problem(p.message, field=p.field) for p in problems])
    return offers[0]


def create_offer(
    uow: UnitOfWork, actor: Actor, round_id: int, form: Mapping[str, str]
) -> OfferView:
    """A new offer from a form's cells (see :data:`offer_rules.COLUMNS`); it gets a new id."""
    with uow:
        info = get_round(uow.session, round_id)
        organisation = " ".join(form.get("organisation", "").split())
        authorise(
            actor,
            WRITE,
            info,
            offer_resource(organisation)
            if organisation
            else Resource("offer", organisations=actor.organisations),
        )
        checked = _checked({**_form_cells(form), "offer_id": ""})
        stored_round(uow.session, round_id, for_update=True)
        created, _ = write_offers(uow.session, round_id, [checked])
        view = _view(_stored(uow.session, round_id, created[0]))
        uow.commit()
        return view


def update_offer(
    uow: UnitOfWork, actor: Actor, round_id: int, offer_id: str, form: Mapping[str, str]
) -> OfferView:
    """Overwrite an offer with a form's cells (quota, priority and notes kept when absent)."""
    with uow:
        info = get_round(uow.session, round_id)
        stored = _stored(uow.session, round_id, offer_id)
        authorise(actor, WRITE, info, offer_resource(stored.organisation))
        organisation = " ".join(form.get("organisation", stored.organisation).split())
        if organisation and organisation != stored.organisation:
            authorise(actor, WRITE, info, offer_resource(organisation))
        cells = _form_cells(form, _view(stored).cells())
        checked = _checked({**cells, "offer_id": offer_id})
        write_offers(uow.session, round_id, [checked])
        view = _view(_stored(uow.session, round_id, offer_id))
        uow.commit()
        return view


def delete_offer(uow: UnitOfWork, actor: Actor, round_id: int, offer_id: str) -> None:
    """Remove an offer (and the students' choices of it) while offers may be written."""
    with uow:
        info = get_round(uow.session, round_id)
        stored = _stored(uow.session, round_id, offer_id)
        authorise(actor, WRITE, info, offer_resource(stored.organisation))
        offers_changed(uow.session, round_id)
        uow.session.execute(
            delete(PlacementOffer).where(
                PlacementOffer.round_id == round_id, PlacementOffer.offer_id == offer_id
            )
        )
        uow.commit()

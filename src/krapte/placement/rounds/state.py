"""A round as the browser's services see it: its id, name, calendar and list lengths.

Shared by the services of every role; it only reads. Rounds are addressed by id on the web
(``/stages/{rid}``); names stay the command line's handle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from krapte.accounts.core.permissions import Actor, Resource, require
from krapte.errors import NotFound
from krapte.placement.core.calendar import Calendar, Phase, require_phase
from krapte.placement.tables import PlacementRound


@dataclass(frozen=True)
class RoundInfo:
    id: int
    name: str
    description: str
    calendar: Calendar
    min_choices: int
    max_choices: int
    published_run_id: int | None
    created_at: datetime

    @property
    def phase(self) -> Phase:
        return self.calendar.phase

    def as_dict(self) -> dict[str, object]:
        def when(moment: datetime | None) -> str | None:
            return moment.isoformat(timespec="minutes") if moment else None

        calendar = self.calendar
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "phase": self.phase.value,
            "offers_open_at": when(calendar.offers_open_at),
            "rankings_open_at": when(calendar.rankings_open_at),
            "rankings_close_at": when(calendar.rankings_close_at),
            "publish_at": when(calendar.publish_at),
            "min_choices": self.min_choices,
            "max_choices": self.max_choices,
        }


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite gives naive datetimes back; every stored moment is UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def round_info(stored: PlacementRound) -> RoundInfo:
    return RoundInfo(
        id=stored.id,
        name=stored.name,
        description=stored.description,
        calendar=Calendar(
            phase=Phase(stored.phase),
            offers_open_at=_aware(stored.offers_open_at),
            rankings_open_at=_aware(stored.rankings_open_at),
            rankings_close_at=_aware(stored.rankings_close_at),
            publish_at=_aware(stored.publish_at),
        ),
        min_choices=stored.min_choices,
        max_choices=stored.max_choices,
        published_run_id=stored.published_run_id,
        created_at=_aware(stored.created_at) or stored.created_at,
    )


def stored_round(session: Session, round_id: int, *, for_update: bool = False) -> PlacementRound:
    """The round's row (locked for the transaction when ``for_update``); NotFound in Dutch."""
    query = select(PlacementRound).where(PlacementRound.id == round_id)
    if for_update:
        query = query.with_for_update()
    stored = session.scalar(query)
    if stored is None or stored.anonymised_at is not None:
        raise NotFound(f"stageronde {round_id} bestaat niet")
    return stored


def lock_round(session: Session, round_id: int) -> None:
    """Share-lock the round's row for the transaction (PostgreSQL: ``FOR SHARE``): writers of a
    round's lists run side by side, while a phase change or an allocation, which lock the row for
    update, wait for them (SQLite has one writer at a time anyway)."""
    session.execute(
        select(PlacementRound.id).where(PlacementRound.id == round_id).with_for_update(read=True)
    )


def get_round(session: Session, round_id: int) -> RoundInfo:
    return round_info(stored_round(session, round_id))


def list_round_infos(session: Session) -> list[RoundInfo]:
    """Every round that is not anonymised, newest first."""
    query = (
        select(PlacementRound)
        .where(PlacementRound.anonymised_at.is_(None))
        .order_by(PlacementRound.id.desc())
    )
    return [round_info(stored) for stored in session.scalars(query)]


#: ``session.info`` key: the rounds whose offers this transaction changed.
CHANGED_OFFERS = "krapte.placement.changed_offers"


def offers_changed(session: Session, round_id: int) -> None:
    """Record that the round's offers change in this transaction: raise its offers version (so
    every server reads them again after the commit) and mark the session (so that nothing read
    inside it, which may still roll back, is kept under the new version)."""
    session.execute(
        update(PlacementRound)
        .where(PlacementRound.id == round_id)
        .values(offers_version=PlacementRound.offers_version + 1)
    )
    session.info.setdefault(CHANGED_OFFERS, set()).add(round_id)


def now() -> datetime:
    return datetime.now(UTC)


def authorise(actor: Actor, action: str, info: RoundInfo, resource: Resource | None = None) -> None:
    """The permission function, then the calendar: who first (a stranger learns nothing about
    the phase), then when. Every round service calls this before it reads or writes."""
    if resource is None:
        require(actor, action)
    else:
        require(actor, action, resource)
    require_phase(info.calendar, action, now())

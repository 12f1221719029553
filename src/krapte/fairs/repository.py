"""Reading and writing job fairs; takes a session, returns the core's dataclasses."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime

from sqlalchemy import case, delete, func, select, update
from sqlalchemy.orm import Session

from krapte.fairs.core import records
from krapte.fairs.core.records import ItemKind, NewFair, ProgrammeItem, Status
from krapte.fairs.tables import Fair, FairItem, FairParticipant, FairRegistration


def utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; the store keeps UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def stored(moment: datetime) -> datetime:
    """A moment as the store keeps it: in UTC (SQLite keeps the wall time and drops the zone)."""
    return moment.astimezone(UTC)


def add_fair(session: Session, new: NewFair, province: str, now: datetime) -> int:
    row = Fair(
        title=new.title.strip(),
        organiser=new.organiser.strip(),
        municipality=new.municipality,
        province=province,
        venue=new.venue.strip(),
        starts_at=stored(new.starts_at),
        ends_at=stored(new.ends_at),
        capacity=new.capacity,
        description=new.description.strip(),
        round_id=new.round_id,
        walk_ins=0,
        created_at=stored(now),
    )
    session.add(row)
    session.flush()
    for position, item in enumerate(new.programme, start=1):
        session.add(
            FairItem(
                fair_id=row.id,
                position=position,
                starts_at=stored(item.starts_at),
                title=item.title.strip(),
                kind=item.kind.value,
                organisation=item.organisation.strip(),
            )
        )
    for position, name in enumerate(new.participants, start=1):
        session.add(FairParticipant(fair_id=row.id, organisation=name.strip(), position=position))
    session.flush()
    return row.id


def fair_row(session: Session, fair_id: int, *, for_update: bool = False) -> Fair | None:
    """The fair's row, locked for the transaction when ``for_update`` (PostgreSQL)."""
    query = select(Fair).where(Fair.id == fair_id)
    if for_update:
        query = query.with_for_update()
    return session.scalar(query)


def _counts(session: Session, ids: Sequence[int]) -> dict[int, tuple[int, int, int]]:
    """Registered, waiting and attended per fair."""
    registered = func.sum(case((FairRegistration.status == Status.REGISTERED.value, 1), else_=0))
    waiting = func.sum(case((FairRegistration.status == Status.WAITING.value, 1), else_=0))
    attended = func.sum(case((FairRegistration.attended.is_(True), 1), else_=0))
    query = (
        select(FairRegistration.fair_id, registered, waiting, attended)
        .where(FairRegistration.fair_id.in_(ids))
        .group_by(FairRegistration.fair_id)
    )
    return {row[0]: (int(row[1]), int(row[2]), int(row[3])) for row in session.execute(query)}


def _records(session: Session, rows: Sequence[Fair]) -> list[records.Fair]:
    ids = [row.id for row in rows]
    if not ids:
        return []
    counts = _counts(session, ids)
    items: dict[int, list[ProgrammeItem]] = {}
    for item in session.scalars(
        select(FairItem).where(FairItem.fair_id.in_(ids)).order_by(FairItem.position)
    ):
        items.setdefault(item.fair_id, []).append(
            ProgrammeItem(utc(item.starts_at), item.title, ItemKind(item.kind), item.organisation)
        )
    participants: dict[int, list[FairParticipant]] = {}
    for participant in session.scalars(
        select(FairParticipant)
        .where(FairParticipant.fair_id.in_(ids))
        .order_by(FairParticipant.position)
    ):
        participants.setdefault(participant.fair_id, []).append(participant)
    found = []
    for row in rows:
        registered, waiting, attended = counts.get(row.id, (0, 0, 0))
        joined = participants.get(row.id, [])
        found.append(
            records.Fair(
                id=row.id,
                title=row.title,
                organiser=row.organiser,
                municipality=row.municipality,
                province=row.province,
                venue=row.venue,
                starts_at=utc(row.starts_at),
                ends_at=utc(row.ends_at),
                capacity=row.capacity,
                description=row.description,
                participants=tuple(p.organisation for p in joined),
                programme=tuple(items.get(row.id, [])),
                round_id=row.round_id,
                registered=registered,
                waiting=waiting,
                attended=attended,
                walk_ins=row.walk_ins,
                applications={
                    p.organisation: p.applications for p in joined if p.applications is not None
                },
            )
        )
    return found


def load_fair(session: Session, fair_id: int) -> records.Fair | None:
    row = fair_row(session, fair_id)
    return None if row is None else _records(session, [row])[0]


def list_fairs(
    session: Session,
    *,
    province: str = "",
    after: datetime | None = None,
    before: datetime | None = None,
    organisers: Iterable[str] | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[records.Fair], int]:
    """Fairs that end after ``after`` and/or before ``before``, soonest first, and their total."""
    query = select(Fair)
    if province:
        query = query.where(Fair.province == province)
    if after is not None:
        query = query.where(Fair.ends_at > after)
    if before is not None:
        query = query.where(Fair.ends_at <= before)
    if organisers is not None:
        query = query.where(Fair.organiser.in_(sorted(organisers)))
    total = session.scalar(query.with_only_columns(func.count()).order_by(None)) or 0
    ordered = query.order_by(Fair.starts_at.desc() if after is None else Fair.starts_at, Fair.id)
    rows = list(session.scalars(ordered.offset(offset).limit(limit)))
    return _records(session, rows), int(total)


def provinces(session: Session) -> list[str]:
    return sorted(p for p in session.scalars(select(Fair.province).distinct()) if p)


def registered_count(session: Session, fair_id: int) -> int:
    query = select(func.count()).where(
        FairRegistration.fair_id == fair_id, FairRegistration.status == Status.REGISTERED.value
    )
    return int(session.scalar(query) or 0)


def has_registration(session: Session, fair_id: int, email: str) -> bool:
    query = select(FairRegistration.id).where(
        FairRegistration.fair_id == fair_id, FairRegistration.email == email
    )
    return session.scalar(query) is not None


def add_registration(
    session: Session,
    fair_id: int,
    name: str,
    email: str,
    status: Status,
    token_hash: str,
    consent_text: str,
    at: datetime,
) -> int:
    row = FairRegistration(
        fair_id=fair_id,
        name=name,
        email=email,
        status=status.value,
        token_hash=token_hash,
        consent_text=consent_text,
        consented_at=stored(at),
        attended=False,
    )
    session.add(row)
    session.flush()
    return row.id


def _registration(row: FairRegistration) -> records.Registration:
    return records.Registration(
        id=row.id,
        fair_id=row.fair_id,
        name=row.name,
        email=row.email,
        status=Status(row.status),
        consented_at=utc(row.consented_at),
        attended=row.attended,
    )


def registration_by_token(session: Session, token_hash: str) -> records.Registration | None:
    row = session.scalar(select(FairRegistration).where(FairRegistration.token_hash == token_hash))
    return None if row is None else _registration(row)


def waiting_position(session: Session, fair_id: int, registration_id: int) -> int:
    """1 for the first on the waiting list."""
    query = select(func.count()).where(
        FairRegistration.fair_id == fair_id,
        FairRegistration.status == Status.WAITING.value,
        FairRegistration.id <= registration_id,
    )
    return int(session.scalar(query) or 0)


def waiting_ids(session: Session, fair_id: int) -> list[int]:
    query = (
        select(FairRegistration.id)
        .where(FairRegistration.fair_id == fair_id, FairRegistration.status == Status.WAITING.value)
        .order_by(FairRegistration.id)
    )
    return list(session.scalars(query))


def move_up(session: Session, ids: Sequence[int]) -> list[records.Registration]:
    """Give the waiting registrations ``ids`` a place; returns them (for their mail)."""
    if not ids:
        return []
    session.execute(
        update(FairRegistration)
        .where(FairRegistration.id.in_(ids))
        .values(status=Status.REGISTERED.value)
    )
    rows = session.scalars(
        select(FairRegistration).where(FairRegistration.id.in_(ids)).order_by(FairRegistration.id)
    )
    return [_registration(row) for row in rows]


def delete_registration(session: Session, registration_id: int) -> None:
    session.execute(delete(FairRegistration).where(FairRegistration.id == registration_id))


def registrations(session: Session, fair_id: int) -> list[records.Registration]:
    """Every registration of the fair: places first, then the waiting list, in order."""
    query = (
        select(FairRegistration)
        .where(FairRegistration.fair_id == fair_id)
        .order_by(FairRegistration.status, FairRegistration.id)
    )
    return [_registration(row) for row in session.scalars(query)]


def set_attendance(session: Session, fair_id: int, present: set[int], walk_ins: int) -> None:
    session.execute(
        update(FairRegistration)
        .where(FairRegistration.fair_id == fair_id)
        .values(attended=FairRegistration.id.in_(sorted(present)) if present else False)
    )
    session.execute(update(Fair).where(Fair.id == fair_id).values(walk_ins=walk_ins))


def set_applications(session: Session, fair_id: int, counts: Mapping[str, int]) -> None:
    for organisation, applications in counts.items():
        session.execute(
            update(FairParticipant)
            .where(FairParticipant.fair_id == fair_id, FairParticipant.organisation == organisation)
            .values(applications=applications)
        )


def set_token(session: Session, registration_id: int, token_hash: str) -> None:
    session.execute(
        update(FairRegistration)
        .where(FairRegistration.id == registration_id)
        .values(token_hash=token_hash)
    )


def forget_registrations_of_fairs_before(session: Session, cutoff: datetime) -> int:
    """Clear the name and address of every registration of a fair that ended before ``cutoff``
    (attendance stays, so the visitor counts still add up); returns how many were cleared."""
    ended = select(Fair.id).where(Fair.ends_at < cutoff)
    rows = list(
        session.scalars(
            select(FairRegistration).where(
                FairRegistration.fair_id.in_(ended), FairRegistration.name != ""
            )
        )
    )
    for row in rows:
        row.name = ""
        row.email = f"gewist-{row.id}"
        row.token_hash = secrets.token_hex(32)
    session.flush()
    return len(rows)


def set_capacity(session: Session, fair_id: int, capacity: int) -> None:
    session.execute(update(Fair).where(Fair.id == fair_id).values(capacity=capacity))

"""Reading and writing the action plan's follow-up; takes a session, returns core dataclasses."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from krapte.actionplan.core.followup import (
    ActionState,
    Event,
    EventKind,
    Status,
    decode,
    encode,
)
from krapte.actionplan.tables import ActionplanAction, ActionplanEvent


def _utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; the store keeps UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _state(row: ActionplanAction) -> ActionState:
    return ActionState(
        recommendation=row.recommendation,
        number=row.number,
        title=row.title,
        owner=row.owner,
        contact_role=row.contact_role,
        start_date=row.start_date,
        due_date=row.due_date,
        status=Status(row.status),
        indicators=tuple(json.loads(row.indicators)),
        created_at=_utc(row.created_at),
        updated_at=_utc(row.updated_at),
    )


def _event(row: ActionplanEvent) -> Event:
    return Event(
        kind=EventKind(row.kind),
        at=_utc(row.at),
        recommendation=row.recommendation,
        action=row.action_number,
        actor_name=row.actor_name,
        acting_as=row.acting_as,
        changes=decode(json.loads(row.changes)),
        status_from=Status(row.status_from) if row.status_from else None,
        status_to=Status(row.status_to) if row.status_to else None,
        note=row.note,
        evidence_url=row.evidence_url,
        progress_on=row.progress_on,
        id=row.id,
    )


def _row(session: Session, recommendation: int, number: int) -> ActionplanAction | None:
    return session.scalars(
        select(ActionplanAction)
        .where(ActionplanAction.recommendation == recommendation, ActionplanAction.number == number)
        .with_for_update()
    ).one_or_none()


def action(session: Session, recommendation: int, number: int) -> ActionState | None:
    """One action, its row locked until the transaction ends (changes to it take turns)."""
    row = _row(session, recommendation, number)
    return None if row is None else _state(row)


def actions(
    session: Session,
    *,
    recommendations: Iterable[int] | None = None,
    owner: str | None = None,
    statuses: Iterable[Status] | None = None,
    due_before: date | None = None,
    for_update: bool = False,
) -> list[ActionState]:
    query = select(ActionplanAction).order_by(
        ActionplanAction.recommendation, ActionplanAction.number
    )
    if for_update:
        query = query.with_for_update()
    if recommendations is not None:
        query = query.where(ActionplanAction.recommendation.in_(list(recommendations)))
    if owner is not None:
        query = query.where(ActionplanAction.owner == owner)
    if statuses is not None:
        query = query.where(ActionplanAction.status.in_([status.value for status in statuses]))
    if due_before is not None:
        query = query.where(ActionplanAction.due_date < due_before)
    return [_state(row) for row in session.scalars(query)]


def next_number(session: Session, recommendation: int) -> int:
    highest = session.scalar(
        select(func.max(ActionplanAction.number)).where(
            ActionplanAction.recommendation == recommendation
        )
    )
    return int(highest or 0) + 1


def save(session: Session, state: ActionState) -> None:
    """Write ``state`` as the action's current row (insert the first time)."""
    row = _row(session, state.recommendation, state.number)
    if row is None:
        row = ActionplanAction(recommendation=state.recommendation, number=state.number)
        session.add(row)
    row.title = state.title
    row.owner = state.owner
    row.contact_role = state.contact_role
    row.start_date = state.start_date
    row.due_date = state.due_date
    row.status = state.status.value
    row.indicators = json.dumps(list(state.indicators))
    assert state.created_at is not None
    assert state.updated_at is not None
    row.created_at = state.created_at
    row.updated_at = state.updated_at
    session.flush()


def append(session: Session, events: Sequence[Event], user_id: int | None) -> None:
    """Add ``events`` to the history (never an update: the table refuses those)."""
    session.add_all(
        ActionplanEvent(
            recommendation=event.recommendation,
            action_number=event.action,
            kind=event.kind.value,
            at=event.at,
            user_id=user_id,
            actor_name=event.actor_name,
            acting_as=event.acting_as,
            status_from=event.status_from.value if event.status_from else None,
            status_to=event.status_to.value if event.status_to else None,
            changes=json.dumps(encode(event.changes), ensure_ascii=False, sort_keys=True),
            note=event.note,
            evidence_url=event.evidence_url,
            progress_on=event.progress_on,
        )
        for event in events
    )
    session.flush()


def events(
    session: Session,
    *,
    recommendation: int | None = None,
    action: int | None = None,
    kinds: Iterable[EventKind] | None = None,
    newest_first: bool = False,
    limit: int | None = None,
) -> list[Event]:
    order = ActionplanEvent.id.desc() if newest_first else ActionplanEvent.id
    query = select(ActionplanEvent).order_by(order)
    if recommendation is not None:
        query = query.where(ActionplanEvent.recommendation == recommendation)
    if action is not None:
        query = query.where(ActionplanEvent.action_number == action)
    if kinds is not None:
        query = query.where(ActionplanEvent.kind.in_([kind.value for kind in kinds]))
    if limit is not None:
        query = query.limit(limit)
    return [_event(row) for row in session.scalars(query)]

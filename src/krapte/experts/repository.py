"""Reading and writing expert profiles, the throttle log and job alerts; returns core dataclasses.

Searches filter and page in SQL; multi-valued choices are ``;key;key;`` strings (see tables).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, and_, delete, func, or_, select, update
from sqlalchemy.orm import Session

from krapte.experts.core.alerts import Criteria
from krapte.experts.core.profile import Profile, ProfileDraft, PublicProfile, Search, Status
from krapte.experts.tables import (
    AlertDelivery,
    AlertSubscription,
    AlertToken,
    ExpertProfile,
    ExpertThrottle,
)


def utc(moment: datetime) -> datetime:
    """SQLite gives back naive times; every stored time is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def joined(values: Sequence[str]) -> str:
    return ";" + ";".join(values) + ";" if values else ""


def split(value: str) -> tuple[str, ...]:
    return tuple(part for part in value.split(";") if part)


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# --- expert profiles ---------------------------------------------------------------------


def _public(row: ExpertProfile) -> PublicProfile:
    return PublicProfile(
        id=row.id,
        name=row.name,
        fields=split(row.fields),
        region=row.region,
        languages=split(row.languages),
        availability=row.availability,
        summary=row.summary,
    )


def _profile(row: ExpertProfile) -> Profile:
    return Profile(
        public=_public(row),
        email=row.email,
        status=Status(row.status),
        consent_version=row.consent_version,
        consent_at=utc(row.consent_at),
        created_at=utc(row.created_at),
        user_id=row.user_id,
        approved_at=utc(row.approved_at) if row.approved_at else None,
    )


def add_profile(
    session: Session,
    draft: ProfileDraft,
    *,
    consent_version: str,
    at: datetime,
    confirm_hash: str | None,
    withdraw_hash: str,
    user_id: int | None,
) -> Profile:
    row = ExpertProfile(
        name=draft.name,
        email=draft.email,
        fields=joined(draft.fields),
        region=draft.region,
        languages=joined(draft.languages),
        availability=draft.availability,
        summary=draft.summary,
        status=str(Status.UNCONFIRMED if confirm_hash else Status.PENDING),
        consent_version=consent_version,
        consent_at=at,
        created_at=at,
        user_id=user_id,
        confirm_hash=confirm_hash,
        withdraw_hash=withdraw_hash,
    )
    session.add(row)
    session.flush()
    return _profile(row)


def profile(session: Session, expert_id: int) -> Profile | None:
    row = session.get(ExpertProfile, expert_id)
    return _profile(row) if row is not None else None


def profile_by_hash(session: Session, column: str, token_hash: str) -> Profile | None:
    """The profile whose ``confirm_hash`` or ``withdraw_hash`` is ``token_hash``."""
    attribute = ExpertProfile.confirm_hash if column == "confirm" else ExpertProfile.withdraw_hash
    row = session.scalars(select(ExpertProfile).where(attribute == token_hash)).one_or_none()
    return _profile(row) if row is not None else None


def profiles_of_user(session: Session, user_id: int) -> list[Profile]:
    rows = session.scalars(
        select(ExpertProfile).where(ExpertProfile.user_id == user_id).order_by(ExpertProfile.id)
    )
    return [_profile(row) for row in rows]


def confirm_profile(session: Session, expert_id: int) -> None:
    session.execute(
        update(ExpertProfile)
        .where(ExpertProfile.id == expert_id)
        .values(status=str(Status.PENDING), confirm_hash=None)
    )


def approve_profile(session: Session, expert_id: int, at: datetime, by: int | None) -> bool:
    done = session.execute(
        update(ExpertProfile)
        .where(ExpertProfile.id == expert_id, ExpertProfile.status == str(Status.PENDING))
        .values(status=str(Status.APPROVED), approved_at=at, approved_by=by)
    )
    return bool(getattr(done, "rowcount", 0))


def delete_profile(session: Session, expert_id: int) -> bool:
    """Delete the profile and everything kept about it (its contact log included)."""
    session.execute(
        delete(ExpertThrottle).where(
            ExpertThrottle.kind == "contact", ExpertThrottle.subject == str(expert_id)
        )
    )
    done = session.execute(delete(ExpertProfile).where(ExpertProfile.id == expert_id))
    return bool(getattr(done, "rowcount", 0))


def _conditions(search: Search) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = [ExpertProfile.status == str(Status.APPROVED)]
    if search.text:
        pattern = _like(search.text.lower())
        found.append(
            or_(
                func.lower(ExpertProfile.name).like(pattern, escape="\\"),
                func.lower(ExpertProfile.summary).like(pattern, escape="\\"),
            )
        )
    if search.field:
        found.append(ExpertProfile.fields.like(_like(f";{search.field};"), escape="\\"))
    if search.region:
        found.append(ExpertProfile.region == search.region)
    if search.language:
        found.append(ExpertProfile.languages.like(_like(f";{search.language};"), escape="\\"))
    return found


def search_profiles(
    session: Session, search: Search, offset: int, limit: int
) -> tuple[list[PublicProfile], int]:
    """One page of approved profiles (by name) and how many match in all."""
    where = and_(*_conditions(search))
    total = session.scalar(select(func.count()).select_from(ExpertProfile).where(where)) or 0
    rows = session.scalars(
        select(ExpertProfile)
        .where(where)
        .order_by(ExpertProfile.name, ExpertProfile.id)
        .offset(offset)
        .limit(limit)
    )
    return [_public(row) for row in rows], total


def profiles_by_status(session: Session, status: Status | None = None) -> list[Profile]:
    query = select(ExpertProfile).order_by(ExpertProfile.created_at, ExpertProfile.id)
    if status is not None:
        query = query.where(ExpertProfile.status == str(status))
    return [_profile(row) for row in session.scalars(query)]


# --- throttle --------------------------------------------------------------------------------


def count_uses(
    session: Session, kind: str, since: datetime, *, client: str = "", subject: str = ""
) -> tuple[int, datetime | None]:
    """How many uses since ``since`` (by client or by subject) and the oldest of them."""
    query = select(func.count(), func.min(ExpertThrottle.at)).where(
        ExpertThrottle.kind == kind, ExpertThrottle.at >= since
    )
    if client:
        query = query.where(ExpertThrottle.client == client)
    if subject:
        query = query.where(ExpertThrottle.subject == subject)
    count, oldest = session.execute(query).one()
    return int(count), utc(oldest) if oldest is not None else None


def record_use(session: Session, kind: str, subject: str, client: str, at: datetime) -> None:
    session.add(ExpertThrottle(kind=kind, subject=subject, client=client, at=at))


def forget_uses(session: Session, before: datetime) -> None:
    session.execute(delete(ExpertThrottle).where(ExpertThrottle.at < before))


# --- job alerts ------------------------------------------------------------------------------


def forget_unconfirmed_profiles(session: Session, before: datetime) -> None:
    """Delete opt-ins whose address was never confirmed (made before ``before``)."""
    session.execute(
        delete(ExpertProfile).where(
            ExpertProfile.status == str(Status.UNCONFIRMED), ExpertProfile.created_at < before
        )
    )


def forget_unconfirmed_subscriptions(session: Session, before: datetime) -> None:
    """Delete subscriptions never confirmed (made before ``before``), with their links."""
    stale = select(AlertSubscription.id).where(
        AlertSubscription.active.is_(False), AlertSubscription.created_at < before
    )
    session.execute(delete(AlertToken).where(AlertToken.subscription_id.in_(stale)))
    session.execute(
        delete(AlertSubscription).where(
            AlertSubscription.active.is_(False), AlertSubscription.created_at < before
        )
    )


@dataclass(frozen=True, slots=True)
class Subscription:
    id: int
    email: str
    criteria: Criteria
    active: bool
    base_url: str
    created_at: datetime


def _subscription(row: AlertSubscription) -> Subscription:
    criteria = Criteria(row.region, row.programme, row.level)
    return Subscription(row.id, row.email, criteria, row.active, row.base_url, utc(row.created_at))


def subscription_for(session: Session, email: str, criteria: Criteria) -> Subscription | None:
    row = session.scalars(
        select(AlertSubscription).where(
            AlertSubscription.email == email,
            AlertSubscription.region == criteria.region,
            AlertSubscription.programme == criteria.programme,
            AlertSubscription.level == criteria.level,
        )
    ).one_or_none()
    return _subscription(row) if row is not None else None


def add_subscription(
    session: Session, email: str, criteria: Criteria, consent_version: str, at: datetime, base: str
) -> Subscription:
    row = AlertSubscription(
        email=email,
        region=criteria.region,
        programme=criteria.programme,
        level=criteria.level,
        active=False,
        consent_version=consent_version,
        consent_at=at,
        created_at=at,
        base_url=base,
    )
    session.add(row)
    session.flush()
    return _subscription(row)


def add_token(
    session: Session, subscription_id: int, token_hash: str, purpose: str, at: datetime
) -> None:
    session.add(
        AlertToken(
            token_hash=token_hash, subscription_id=subscription_id, purpose=purpose, created_at=at
        )
    )


def subscription_by_token(
    session: Session, token_hash: str, purpose: str
) -> tuple[Subscription, datetime] | None:
    """The subscription a link belongs to, and when the link was made."""
    found = session.execute(
        select(AlertSubscription, AlertToken.created_at)
        .join(AlertToken, AlertToken.subscription_id == AlertSubscription.id)
        .where(AlertToken.token_hash == token_hash, AlertToken.purpose == purpose)
    ).one_or_none()
    if found is None:
        return None
    return _subscription(found[0]), utc(found[1])


def activate(session: Session, subscription_id: int, at: datetime) -> None:
    session.execute(
        update(AlertSubscription)
        .where(AlertSubscription.id == subscription_id)
        .values(active=True, confirmed_at=at)
    )
    session.execute(
        delete(AlertToken).where(
            AlertToken.subscription_id == subscription_id, AlertToken.purpose == "confirm"
        )
    )


def delete_subscription(session: Session, subscription_id: int) -> None:
    """The subscription and everything kept about it (links, deliveries)."""
    session.execute(delete(AlertToken).where(AlertToken.subscription_id == subscription_id))
    session.execute(delete(AlertDelivery).where(AlertDelivery.subscription_id == subscription_id))
    session.execute(delete(AlertSubscription).where(AlertSubscription.id == subscription_id))


def active_subscriptions(session: Session, region: str) -> list[Subscription]:
    """Active subscriptions for ``region`` or for any region."""
    rows = session.scalars(
        select(AlertSubscription)
        .where(AlertSubscription.active.is_(True), AlertSubscription.region.in_(("", region)))
        .order_by(AlertSubscription.id)
    )
    return [_subscription(row) for row in rows]


def delivered(session: Session, vacancy_id: int) -> set[int]:
    rows = session.scalars(
        select(AlertDelivery.subscription_id).where(AlertDelivery.vacancy_id == vacancy_id)
    )
    return set(rows)


def add_delivery(session: Session, subscription_id: int, vacancy_id: int, at: datetime) -> None:
    session.add(AlertDelivery(subscription_id=subscription_id, vacancy_id=vacancy_id, sent_at=at))

"""The action plan's use cases: the plan with its follow-up, recording actions and their changes.

Reading the plan is public (it is the sector's shared plan). Recording or changing an action asks
the permission function first (``actionplan.edit``: analysts and administrators, and users of the
organisation that owns the action); a refused or invalid change writes nothing. Every change is
stored as events (the history) and as the action's new state, in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache

from krapte.accounts.core.permissions import ROLE_LABELS, Actor, Resource, Role, require
from krapte.actionplan import repository as repo
from krapte.actionplan.core.bundle import ACTOR_GROUPS, ActionPlan, Recommendation, load_bundled
from krapte.actionplan.core.followup import (
    STATUS_LABELS,
    ActionState,
    Change,
    Event,
    EventKind,
    Status,
    apply,
    check_change,
    created,
    events_for,
    recommendation_status,
    validate_fields,
)
from krapte.actionplan.core.indicators import Catalogue, Series, load_catalogue, series
from krapte.datahub import service as datahub
from krapte.datahub.core.records import Observation
from krapte.db.uow import UnitOfWork
from krapte.errors import InvalidInput, NotFound

EDIT = "actionplan.edit"
#: Events that change an action's status: what the feed publishes.
STATUS_EVENTS = (EventKind.CREATED, EventKind.STATUS, EventKind.REOPENED)


@cache
def plan() -> ActionPlan:
    """The bundled recommendations and priorities (read once per process)."""
    return load_bundled()


@cache
def catalogue() -> Catalogue:
    """The bundled indicators and their links to recommendations."""
    return load_catalogue()


def now() -> datetime:
    return datetime.now(UTC)


def recommendation(number: int) -> Recommendation:
    """Recommendation ``number``; NotFound (naming it) when the plan has no such number."""
    try:
        return plan().recommendation(number)
    except KeyError:
        raise NotFound(
            f"aanbeveling {number} bestaat niet: het actieplan telt aanbevelingen 1 tot en met "
            f"{len(plan().recommendations)}"
        ) from None


def parse_reference(text: str, field_name: str = "actie") -> tuple[int, int | None]:
    """ "36.1" → (36, 1); "36" → (36, None). InvalidInput for anything else."""
    head, dot, tail = text.strip().partition(".")
    try:
        number = int(head)
        action = int(tail) if dot else None
    except ValueError:
        raise InvalidInput.single(
            f"'{text}' is geen aanbeveling (36) of actie (36.1)", field=field_name
        ) from None
    return number, action


# --- reading -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RecommendationRow:
    recommendation: Recommendation
    status: Status
    actions: tuple[ActionState, ...]
    priorities: tuple[int, ...]
    overdue: int

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def as_dict(self) -> dict[str, object]:
        item = self.recommendation
        return {
            "number": item.number,
            "actor_group": item.actor_group,
            "actor_group_label": item.actor_group_label,
            "term": item.term,
            "section": item.section,
            "text": item.text,
            "status": self.status.value,
            "status_label": self.status_label,
            "priorities": list(self.priorities),
            "actions": [action_dict(action) for action in self.actions],
            "overdue_actions": self.overdue,
        }


def action_dict(action: ActionState) -> dict[str, object]:
    return {
        "reference": action.reference,
        "recommendation": action.recommendation,
        "number": action.number,
        "title": action.title,
        "owner": action.owner,
        "contact_role": action.contact_role,
        "start_date": action.start_date.isoformat() if action.start_date else None,
        "due_date": action.due_date.isoformat() if action.due_date else None,
        "status": action.status.value,
        "status_label": action.status_label,
        "indicators": list(action.indicators),
        "updated_at": action.updated_at.isoformat() if action.updated_at else None,
    }


@dataclass(frozen=True, slots=True)
class Filters:
    actor_group: str | None = None
    priority: int | None = None
    status: Status | None = None
    overdue: bool = False

    def check(self) -> None:
        if self.actor_group is not None and self.actor_group not in ACTOR_GROUPS:
            known = ", ".join(ACTOR_GROUPS)
            raise InvalidInput.single(
                f"onbekende actorgroep '{self.actor_group}' (kies uit: {known})", field="actor"
            )
        if self.priority is not None and not 1 <= self.priority <= len(plan().priorities):
            raise InvalidInput.single(
                f"prioriteit {self.priority} bestaat niet (1 tot en met {len(plan().priorities)})",
                field="priority",
            )


@dataclass(frozen=True, slots=True)
class Overview:
    rows: tuple[RecommendationRow, ...]
    filters: Filters
    today: date
    counts: dict[Status, int] = field(default_factory=dict)
    """Recommendations per status among the rows shown."""

    @property
    def overdue_actions(self) -> tuple[ActionState, ...]:
        return tuple(a for row in self.rows for a in row.actions if a.overdue(self.today))


def overview(
    uow: UnitOfWork, filters: Filters | None = None, today: date | None = None
) -> Overview:
    """The recommendations with their follow-up, filtered (public)."""
    filters = filters or Filters()
    filters.check()
    today = today or now().date()
    with uow:
        stored = repo.actions(uow.session)
    by_number: dict[int, list[ActionState]] = {}
    for action in stored:
        by_number.setdefault(action.recommendation, []).append(action)
    rows = []
    for item in plan().recommendations:
        row = _row(item, tuple(by_number.get(item.number, ())), today)
        if _kept(row, filters):
            rows.append(row)
    counts = {status: sum(row.status is status for row in rows) for status in Status}
    return Overview(tuple(rows), filters, today, counts)


def _row(item: Recommendation, actions: tuple[ActionState, ...], today: date) -> RecommendationRow:
    """A recommendation with its actions, its status, priorities and overdue actions."""
    priorities = tuple(link.priority for link in plan().links if link.recommendation == item.number)
    return RecommendationRow(
        item,
        recommendation_status(actions),
        actions,
        priorities,
        sum(action.overdue(today) for action in actions),
    )


def _kept(row: RecommendationRow, filters: Filters) -> bool:
    item = row.recommendation
    return (
        (filters.actor_group is None or item.actor_group == filters.actor_group)
        and (filters.priority is None or filters.priority in row.priorities)
        and (filters.status is None or row.status is filters.status)
        and (not filters.overdue or row.overdue > 0)
    )


@dataclass(frozen=True, slots=True)
class Detail:
    row: RecommendationRow
    history: tuple[Event, ...]
    """Every event of the recommendation's actions, oldest first."""
    indicators: tuple[Series, ...]
    indicator_notes: dict[str, str]
    """Why each bundled indicator is linked to the recommendation (indicator key → note)."""


def detail(uow: UnitOfWork, number: int, today: date | None = None) -> Detail:
    """One recommendation: its actions, their history and the linked indicators' series."""
    recommendation(number)
    today = today or now().date()
    with uow:
        actions = tuple(repo.actions(uow.session, recommendations=[number]))
        history = tuple(repo.events(uow.session, recommendation=number))  # oldest first
        links = catalogue().linked_to(number)
        keys = [link.indicator for link in links]
        keys += [key for action in actions for key in action.indicators]
        found = indicator_series(uow, keys)
    row = _row(recommendation(number), actions, today)
    notes = {link.indicator: link.notes for link in links}
    return Detail(row, history, found, notes)


def indicator_series(uow: UnitOfWork, keys: Iterable[str]) -> tuple[Series, ...]:
    """The series of the indicators ``keys`` (in order, without repeats) from the data hub."""
    found = []
    fetched: dict[tuple[str, str], list[Observation]] = {}
    with uow:
        for key in dict.fromkeys(keys):
            indicator = catalogue().get(key)
            if indicator is None:
                continue
            wanted = (indicator.dataset, indicator.measure)
            if wanted not in fetched:
                try:
                    fetched[wanted] = datahub.observations(
                        uow, indicator.dataset, measure=indicator.measure
                    )
                except NotFound:
                    fetched[wanted] = []
            found.append(series(indicator, fetched[wanted]))
    return tuple(found)


def history(uow: UnitOfWork, number: int) -> list[Event]:
    """Every event of recommendation ``number``'s actions, oldest first."""
    with uow:
        return repo.events(uow.session, recommendation=number)


def events(
    uow: UnitOfWork, *, kinds: Sequence[EventKind] | None = None, limit: int = 50
) -> list[Event]:
    """The newest events of the whole plan (the feed shows the status changes)."""
    with uow:
        return repo.events(uow.session, kinds=kinds, newest_first=True, limit=limit)


# --- writing -------------------------------------------------------------------------------


def acting_as(actor: Actor, owner: str) -> str:
    """What the public history shows for who acted: the owning organisation or the role."""
    if actor.has(Role.ORGANISATION) and owner in actor.organisations:
        return owner
    for role in (Role.ANALYST, Role.ADMIN, Role.ROUND_ADMIN):
        if actor.has(role):
            return ROLE_LABELS[role]
    return ""


def _resource(owner: str) -> Resource:
    return Resource("action", organisation=owner)


@dataclass(frozen=True, slots=True)
class NewAction:
    title: str
    owner: str
    contact_role: str = ""
    start_date: date | None = None
    due_date: date | None = None
    indicators: tuple[str, ...] = ()


def add_action(uow: UnitOfWork, actor: Actor, number: int, new: NewAction) -> ActionState:
    """Record a new action on recommendation ``number`` (numbered after the last one)."""
    require(actor, EDIT, _resource(new.owner.strip()))
    recommendation(number)
    indicators = catalogue().check_keys(new.indicators)
    fields = {
        "title": new.title.strip(),
        "owner": new.owner.strip(),
        "contact_role": new.contact_role.strip(),
        "start_date": new.start_date,
        "due_date": new.due_date,
    }
    validate_fields(fields)
    at = now()
    with uow:
        state = ActionState(
            recommendation=number,
            number=repo.next_number(uow.session, number),
            title=new.title.strip(),
            owner=new.owner.strip(),
            contact_role=new.contact_role.strip(),
            start_date=new.start_date,
            due_date=new.due_date,
            indicators=indicators,
            created_at=at,
            updated_at=at,
        )
        first = created(state, at, actor.name, acting_as(actor, state.owner))
        repo.save(uow.session, state)
        repo.append(uow.session, [first], actor.user_id)
        uow.commit()
    return state


def get_action(uow: UnitOfWork, number: int, action: int | None) -> ActionState:
    """Action ``number.action``; with no action number, the recommendation's only action."""
    recommendation(number)
    with uow:
        found = repo.actions(uow.session, recommendations=[number])
    if action is None:
        if len(found) == 1:
            return found[0]
        if not found:
            raise NotFound(f"aanbeveling {number} heeft nog geen acties")
        shown = ", ".join(item.reference for item in found)
        raise InvalidInput.single(
            f"aanbeveling {number} heeft {len(found)} acties ({shown}): kies er één",
            field="actie",
        )
    for item in found:
        if item.number == action:
            return item
    raise NotFound(f"actie {number}.{action} bestaat niet")


def change_action(
    uow: UnitOfWork, actor: Actor, number: int, action: int | None, change: Change
) -> tuple[ActionState, list[Event]]:
    """Apply ``change`` to an action: checked, recorded as events, the state updated."""
    target = get_action(uow, number, action)
    fields = dict(change.fields)
    if "owner" in fields:
        fields["owner"] = str(fields["owner"]).strip()
    if "indicators" in fields:
        keys = fields["indicators"]
        fields["indicators"] = catalogue().check_keys(keys if isinstance(keys, Iterable) else ())
    change = Change(
        fields=fields,
        status=change.status,
        reopen=change.reopen,
        note=change.note,
        evidence_url=change.evidence_url,
        progress_on=change.progress_on,
    )
    with uow:
        state = repo.action(uow.session, target.recommendation, target.number)
        if state is None:  # actions are never removed, but be exact
            raise NotFound(f"actie {target.reference} bestaat niet")
        require(actor, EDIT, _resource(state.owner))
        if "owner" in fields:
            require(actor, EDIT, _resource(str(fields["owner"])))
        check_change(state, change)
        recorded = events_for(state, change, now(), actor.name, acting_as(actor, state.owner))
        new_state = state
        for event in recorded:
            new_state = apply(new_state, event)
        repo.save(uow.session, new_state)
        repo.append(uow.session, recorded, actor.user_id)
        uow.commit()
    return new_state, recorded

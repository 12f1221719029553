"""What the action plan's pages, API and feed read besides :mod:`krapte.actionplan.service`:
the priorities with their recommendations' status, the timeline, the feed's entries, and who may
edit (so a page shows edit links only to those the permission function allows).

Service layer: reading is public; :func:`require_editor` and :func:`require_edit` ask the
permission function (anonymous: Unauthenticated, others: Forbidden) before a form is shown. The
service still decides on every write.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from krapte.accounts.core.permissions import Actor, Resource, allowed, require
from krapte.actionplan import repository as repo
from krapte.actionplan import service
from krapte.actionplan.core.bundle import Priority, PriorityLink
from krapte.actionplan.core.followup import ActionState, Event
from krapte.actionplan.core.indicators import Series
from krapte.db.uow import UnitOfWork
from krapte.errors import NotFound

#: Most events one page, API answer or feed shows.
MAX_EVENTS = 200


# --- who may edit ----------------------------------------------------------------------------


def _resource(owner: str = "") -> Resource:
    return Resource("action", organisation=owner)


def can_edit(actor: Actor, action: ActionState) -> bool:
    """Whether ``actor`` may change ``action`` (analysts, administrators, its organisation)."""
    return allowed(actor, service.EDIT, _resource(action.owner))


def sees_names(actor: Actor) -> bool:
    """Whether ``actor`` sees who acted by name in the history: those who may edit every action
    (analysts, administrators); others see the organisation or role only."""
    return allowed(actor, service.EDIT, _resource())


def can_add(actor: Actor) -> bool:
    """Whether ``actor`` may record a new action (for any owner, or one of its organisations)."""
    owners = ("", *sorted(actor.organisations))
    return any(allowed(actor, service.EDIT, _resource(owner)) for owner in owners)


def owners_for(actor: Actor) -> tuple[str, ...]:
    """The owners ``actor`` may choose for a new action; empty when any owner is allowed."""
    if allowed(actor, service.EDIT, _resource()):
        return ()
    return tuple(
        owner
        for owner in sorted(actor.organisations)
        if allowed(actor, service.EDIT, _resource(owner))
    )


def require_editor(actor: Actor) -> None:
    """Unauthenticated or Forbidden unless ``actor`` may record actions at all."""
    if not can_add(actor):
        require(actor, service.EDIT, _resource())


def require_edit(actor: Actor, action: ActionState) -> None:
    require(actor, service.EDIT, _resource(action.owner))


# --- priorities ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LinkedRecommendation:
    link: PriorityLink
    row: service.RecommendationRow


@dataclass(frozen=True, slots=True)
class PriorityView:
    priority: Priority
    recommendations: tuple[LinkedRecommendation, ...]


def priorities(uow: UnitOfWork, today: date | None = None) -> tuple[PriorityView, ...]:
    """The 10 priorities, each with its linked recommendations and their follow-up."""
    rows = {row.recommendation.number: row for row in service.overview(uow, today=today).rows}
    plan = service.plan()
    return tuple(
        PriorityView(
            item,
            tuple(
                LinkedRecommendation(link, rows[link.recommendation])
                for link in plan.links
                if link.priority == item.number
            ),
        )
        for item in plan.priorities
    )


def priority(uow: UnitOfWork, number: int, today: date | None = None) -> PriorityView:
    for found in priorities(uow, today):
        if found.priority.number == number:
            return found
    count = len(service.plan().priorities)
    raise NotFound(f"prioriteit {number} bestaat niet: er zijn prioriteiten 1 tot en met {count}")


# --- timeline and feed -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EventView:
    """An event with the title of its action (for the feed and the latest changes)."""

    event: Event
    title: str

    @property
    def reference(self) -> str:
        return f"{self.event.recommendation}.{self.event.action}"


def titled(uow: UnitOfWork, events: list[Event]) -> list[EventView]:
    """``events`` with the current titles of their actions."""
    numbers = sorted({event.recommendation for event in events})
    with uow:
        found = repo.actions(uow.session, recommendations=numbers) if numbers else []
    titles = {(action.recommendation, action.number): action.title for action in found}
    return [
        EventView(event, titles.get((event.recommendation, event.action), "")) for event in events
    ]


def latest_events(
    uow: UnitOfWork, limit: int = 20, *, status_only: bool = False
) -> list[EventView]:
    """The newest events of the plan (only status changes for the feed), with their titles."""
    kinds = service.STATUS_EVENTS if status_only else None
    with uow:
        events = service.events(uow, kinds=kinds, limit=min(limit, MAX_EVENTS))
        return titled(uow, events)


@dataclass(frozen=True, slots=True)
class Timeline:
    actions: tuple[ActionState, ...]
    """Every action, by start date (those without dates last)."""
    today: date

    def page(self, number: int, size: int) -> tuple[ActionState, ...]:
        """Page ``number`` (from 1) of the actions, ``size`` per page."""
        return self.actions[(number - 1) * size : number * size]


def timeline(uow: UnitOfWork, today: date | None = None) -> Timeline:
    found = service.overview(uow, today=today)
    actions = [action for row in found.rows for action in row.actions]
    actions.sort(key=lambda a: (a.start_date or a.due_date or date.max, a.recommendation, a.number))
    return Timeline(tuple(actions), found.today)


# --- indicators ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndicatorView:
    series: Series
    recommendations: tuple[int, ...]
    """The recommendations the catalogue links it to."""


def indicators(uow: UnitOfWork) -> tuple[IndicatorView, ...]:
    """Every indicator of the catalogue with its figures and the recommendations it follows."""
    catalogue = service.catalogue()
    found = service.indicator_series(uow, [item.key for item in catalogue.indicators])
    return tuple(
        IndicatorView(
            series,
            tuple(
                link.recommendation
                for link in catalogue.links
                if link.indicator == series.indicator.key
            ),
        )
        for series in found
    )

"""Tiny builders for the action plan's tests: actors and actions."""

from __future__ import annotations

from datetime import date

from krapte.accounts.core.permissions import Actor, Role
from krapte.actionplan import service
from krapte.actionplan.core.followup import ActionState, Change, Status
from krapte.bootstrap import Container

ANALYST = Actor(user_id=11, name="Ann Analist", roles=frozenset({Role.ANALYST}))
OWNER = "Hogeschool Gent"
OWNER_USER = Actor(
    user_id=12, name="Olga", roles=frozenset({Role.ORGANISATION}), organisations=frozenset({OWNER})
)
STRANGER = Actor(
    user_id=13,
    name="Stijn",
    roles=frozenset({Role.ORGANISATION}),
    organisations=frozenset({"Andere Organisatie"}),
)
STUDENT = Actor(user_id=14, name="Sam", roles=frozenset({Role.STUDENT}))


def new_action(
    title: str = "Centraal stageplatform",
    owner: str = OWNER,
    *,
    start: date | None = date(2026, 1, 1),
    due: date | None = date(2026, 6, 30),
    indicators: tuple[str, ...] = (),
) -> service.NewAction:
    return service.NewAction(title, owner, "stagecoördinator", start, due, indicators)


def add(
    container: Container, number: int = 36, new: service.NewAction | None = None
) -> ActionState:
    """Record an action as the analyst."""
    return service.add_action(
        container.unit_of_work(write=True), ANALYST, number, new or new_action()
    )


def change(
    container: Container,
    state: ActionState,
    status: Status | None = None,
    *,
    actor: Actor = ANALYST,
    **kwargs: object,
) -> ActionState:
    """Apply a change to ``state``'s action and return the new state."""
    updated, _ = service.change_action(
        container.unit_of_work(write=True),
        actor,
        state.recommendation,
        state.number,
        Change(status=status, **kwargs),  # type: ignore[arg-type]
    )
    return updated

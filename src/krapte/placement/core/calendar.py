"""The calendar of a placement round: its phases, their order and what each phase allows.

A round goes draft → offers open → rankings open → closed → allocated → published → follow-up.
*Who* may act is the permission function's question (:mod:`krapte.accounts.core.permissions`);
*when* is this module's: :func:`require_phase` refuses an action outside its phases with a
Dutch message that names the phase it needs and the phase the round is in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from krapte.errors import WrongPhase


class Phase(StrEnum):
    DRAFT = "draft"
    OFFERS_OPEN = "offers_open"
    RANKINGS_OPEN = "rankings_open"
    CLOSED = "closed"
    ALLOCATED = "allocated"
    PUBLISHED = "published"
    FOLLOW_UP = "follow_up"


ORDER: tuple[Phase, ...] = tuple(Phase)

PHASE_LABELS: dict[Phase, str] = {
    Phase.DRAFT: "in voorbereiding",
    Phase.OFFERS_OPEN: "aanbod open",
    Phase.RANKINGS_OPEN: "voorkeuren open",
    Phase.CLOSED: "afgesloten",
    Phase.ALLOCATED: "toegewezen",
    Phase.PUBLISHED: "gepubliceerd",
    Phase.FOLLOW_UP: "opvolgronde",
}

PHASE_PURPOSE: dict[Phase, str] = {
    Phase.DRAFT: "De rondebeheerder zet de ronde klaar.",
    Phase.OFFERS_OPEN: "Organisaties publiceren hun stageplaatsen; scholen voegen studenten toe.",
    Phase.RANKINGS_OPEN: "Studenten rangschikken de stageplaatsen tot de deadline.",
    Phase.CLOSED: "De lijsten liggen vast; de rondebeheerder wijst de plaatsen toe.",
    Phase.ALLOCATED: "De toewijzing is berekend en wordt nagekeken; nog niemand ziet ze.",
    Phase.PUBLISHED: "Iedereen ziet zijn resultaat; organisaties bevestigen hun stagiairs.",
    Phase.FOLLOW_UP: "Studenten zonder plaats kiezen uit de vrije plaatsen.",
}

ACTION_PHASES: dict[str, frozenset[Phase]] = {
    "offer.write": frozenset({Phase.DRAFT, Phase.OFFERS_OPEN}),
    "student.write": frozenset({Phase.DRAFT, Phase.OFFERS_OPEN, Phase.RANKINGS_OPEN}),
    "student.remind": frozenset({Phase.RANKINGS_OPEN}),
    "ranking.write": frozenset({Phase.RANKINGS_OPEN}),
    "round.allocate": frozenset({Phase.CLOSED, Phase.ALLOCATED}),
    "round.publish": frozenset({Phase.ALLOCATED}),
    "result.read": frozenset({Phase.PUBLISHED, Phase.FOLLOW_UP}),
    "placement.confirm": frozenset({Phase.PUBLISHED, Phase.FOLLOW_UP}),
    "evaluation.write": frozenset({Phase.PUBLISHED, Phase.FOLLOW_UP}),
    "followup.ranking.write": frozenset({Phase.FOLLOW_UP}),
    "round.followup": frozenset({Phase.FOLLOW_UP}),
}
"""The phases in which an action tied to the calendar may happen (others: any phase)."""

DEADLINE_ACTIONS = frozenset({"ranking.write", "followup.ranking.write"})
"""Actions that also stop at the round's ranking deadline, even before the phase is closed."""


@dataclass(frozen=True)
class Calendar:
    """A round's phase and its planned dates (``None``: not planned)."""

    phase: Phase
    offers_open_at: datetime | None = None
    rankings_open_at: datetime | None = None
    rankings_close_at: datetime | None = None
    publish_at: datetime | None = None


def phase_label(phase: Phase) -> str:
    return PHASE_LABELS[phase]


def next_phase(phase: Phase) -> Phase | None:
    """The phase after ``phase``; ``None`` after the last one."""
    index = ORDER.index(phase)
    return ORDER[index + 1] if index + 1 < len(ORDER) else None


def check_transition(current: Phase, target: Phase) -> None:
    """A round moves one phase forward at a time; raise :class:`WrongPhase` otherwise."""
    if next_phase(current) is target:
        return
    if current is target:
        raise WrongPhase(f"de ronde is al in de fase '{phase_label(current)}'")
    expected = next_phase(current)
    if expected is None:
        raise WrongPhase(f"de fase '{phase_label(current)}' is de laatste fase van de ronde")
    raise WrongPhase(
        f"de ronde kan van '{phase_label(current)}' alleen naar '{phase_label(expected)}', "
        f"niet naar '{phase_label(target)}'"
    )


def allows(calendar: Calendar, action: str, now: datetime) -> bool:
    """Whether the round's phase (and deadline) allows ``action`` at ``now``."""
    phases = ACTION_PHASES.get(action)
    if phases is not None and calendar.phase not in phases:
        return False
    deadline = calendar.rankings_close_at
    return not (action in DEADLINE_ACTIONS and deadline is not None and now >= deadline)


def require_phase(calendar: Calendar, action: str, now: datetime) -> None:
    """Raise :class:`WrongPhase` with a Dutch reason unless ``action`` is allowed now."""
    if allows(calendar, action, now):
        return
    phases = ACTION_PHASES.get(action, frozenset())
    if calendar.phase in phases:
        raise WrongPhase("de deadline om je lijst te wijzigen is voorbij")
    needed = " of ".join(f"'{phase_label(p)}'" for p in ORDER if p in phases)
    raise WrongPhase(
        f"dit kan alleen in de fase {needed}; de ronde is nu in de fase "
        f"'{phase_label(calendar.phase)}'"
    )

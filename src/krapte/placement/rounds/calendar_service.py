"""Rounds and their calendar: list, create, edit dates, move to the next phase; the round home.

Who may act is the permission function's question, when is the calendar's (``authorise``). Every
write locks the round's row (``stored_round(..., for_update=True)``) so two administrators cannot
both move a round or overwrite each other's dates. Dates are days: the offers open, the lists open
and the results are published at the start of their day, the lists close at the end of theirs
(Belgian time); they are stored in UTC.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import select

from krapte.accounts.core.permissions import Actor, Role, allowed, require
from krapte.errors import InvalidInput, Problem, WrongPhase
from krapte.placement.core.calendar import (
    ORDER,
    PHASE_LABELS,
    PHASE_PURPOSE,
    Calendar,
    Phase,
    allows,
    check_transition,
)
from krapte.placement.core.model import MAX_ROUND_NAME_LENGTH
from krapte.placement.rounds.state import (
    RoundInfo,
    authorise,
    list_round_infos,
    now,
    round_info,
    stored_round,
)
from krapte.placement.tables import PlacementRound

if TYPE_CHECKING:
    from krapte.db.uow import UnitOfWork

BELGIUM = ZoneInfo("Europe/Brussels")
MAX_CHOICES_LIMIT = 50
MAX_DESCRIPTION_LENGTH = 2_000
DATE_FIELDS = ("offers_open_at", "rankings_open_at", "rankings_close_at", "publish_at")
FIELD_LABELS: dict[str, str] = {
    "name": "naam",
    "description": "beschrijving",
    "max_choices": "maximum aantal keuzes",
    "min_choices": "minimum aantal keuzes",
    "offers_open_at": "aanbod open op",
    "rankings_open_at": "voorkeuren open op",
    "rankings_close_at": "voorkeuren sluiten op",
    "publish_at": "resultaten bekend op",
}
"""Form field -> its Dutch name (the ``field`` of a :class:`Problem`)."""


@dataclass(frozen=True)
class RoundValues:
    """A round's editable settings, checked."""

    name: str
    description: str
    max_choices: int
    min_choices: int
    dates: dict[str, datetime | None]


def _day(moment: datetime | None, field: str) -> date | None:
    if moment is None:
        return None
    local = moment.astimezone(BELGIUM)
    if field == "rankings_close_at":
        local -= timedelta(seconds=1)
    return local.date()


def form_of(info: RoundInfo) -> dict[str, str]:
    """The settings of a round as the form shows them (dates as ``YYYY-MM-DD``)."""
    days = {field: _day(getattr(info.calendar, field), field) for field in DATE_FIELDS}
    return {
        "name": info.name,
        "description": info.description,
        "max_choices": str(info.max_choices),
        "min_choices": str(info.min_choices),
        **{field: day.isoformat() if day else "" for field, day in days.items()},
    }


def round_days(info: RoundInfo) -> dict[str, date | None]:
    """The planned day of each date (Belgian time; the deadline's own day)."""
    return {field: _day(getattr(info.calendar, field), field) for field in DATE_FIELDS}


def _moment(day: date, field: str) -> datetime:
    if field == "rankings_close_at":
        day += timedelta(days=1)
    return datetime.combine(day, time(0, 0), tzinfo=BELGIUM).astimezone(ZoneInfo("UTC"))


def _whole(text: str, field: str, low: int, high: int, problems: list[Problem]) -> int:
    label = FIELD_LABELS[field]
    try:
        value = int(text.strip())
    except ValueError:
        problems.append(Problem(f"geef een geheel getal, niet '{text.strip()}'", field=label))
        return low
    if not low <= value <= high:
        problems.append(Problem(f"moet tussen {low} en {high} liggen, niet {value}", field=label))
    return value


def check_form(fields: Mapping[str, str]) -> RoundValues:
    """The settings typed in a form (every problem at once, Dutch, per field)."""
    problems: list[Problem] = []
    name = fields.get("name", "").strip()
    if not name:
        problems.append(Problem("geef de ronde een naam", field=FIELD_LABELS["name"]))
    elif len(name) > MAX_ROUND_NAME_LENGTH:
        problems.append(
            Problem(f"hoogstens {MAX_ROUND_NAME_LENGTH} tekens", field=FIELD_LABELS["name"])
        )
    description = fields.get("description", "").strip()
    if len(description) > MAX_DESCRIPTION_LENGTH:
        problems.append(
            Problem(f"hoogstens {MAX_DESCRIPTION_LENGTH} tekens", field=FIELD_LABELS["description"])
        )
    maximum = _whole(fields.get("max_choices", "10"), "max_choices", 1, MAX_CHOICES_LIMIT, problems)
    minimum = _whole(fields.get("min_choices", "3"), "min_choices", 0, MAX_CHOICES_LIMIT, problems)
    if minimum > maximum and not problems:
        problems.append(
            Problem(
                f"mag niet groter zijn dan het maximum aantal keuzes ({maximum})",
                field=FIELD_LABELS["min_choices"],
            )
        )
    days: dict[str, date | None] = {}
    for field in DATE_FIELDS:
        text = fields.get(field, "").strip()
        days[field] = None
        if text:
            try:
                days[field] = date.fromisoformat(text)
            except ValueError:
                problems.append(
                    Problem(f"geen geldige datum: '{text}' (jjjj-mm-dd)", field=FIELD_LABELS[field])
                )
    problems.extend(_order_problems(days))
    if problems:
        raise InvalidInput(problems)
    dates = {field: _moment(day, field) if day else None for field, day in days.items()}
    return RoundValues(name, description, maximum, minimum, dates)


_ORDER_RULES = (
    ("offers_open_at", "rankings_open_at", False, "mag niet vóór de opening van het aanbod liggen"),
    ("rankings_open_at", "rankings_close_at", True, "moet na de opening van de voorkeuren liggen"),
    (
        "rankings_close_at",
        "publish_at",
        False,
        "mag niet vóór het sluiten van de voorkeuren liggen",
    ),
)


def _order_problems(days: Mapping[str, date | None]) -> list[Problem]:
    """Offers open ≤ lists open < lists close ≤ results published (dates left empty skip)."""
    problems = []
    for earlier, later, strict, message in _ORDER_RULES:
        first, second = days.get(earlier), days.get(later)
        if first is None or second is None:
            continue
        if second < first or (strict and second == first):
            problems.append(Problem(message, field=FIELD_LABELS[later]))
    return problems


def list_rounds(uow: UnitOfWork, actor: Actor) -> list[RoundInfo]:
    """Every round, newest first, for anyone signed in."""
    require(actor, "round.read")
    with uow:
        return list_round_infos(uow.session)


def get_round(uow: UnitOfWork, actor: Actor, round_id: int) -> RoundInfo:
    require(actor, "round.read")
    with uow:
        return round_info(stored_round(uow.session, round_id))


def _name_taken(uow: UnitOfWork, name: str, round_id: int | None) -> None:
    query = select(PlacementRound.id).where(PlacementRound.name == name)
    found = uow.session.scalar(query)
    if found is not None and found != round_id:
        raise InvalidInput.single(
            f"er is al een ronde met de naam '{name}'", field=FIELD_LABELS["name"]
        )


def create_round(uow: UnitOfWork, actor: Actor, fields: Mapping[str, str]) -> RoundInfo:
    """A new round in the phase 'in voorbereiding'."""
    require(actor, "round.manage")
    values = check_form(fields)
    with uow:
        _name_taken(uow, values.name, None)
        stored = PlacementRound(
            name=values.name,
            description=values.description,
            max_choices=values.max_choices,
            min_choices=values.min_choices,
            created_at=now(),
            phase=Phase.DRAFT.value,
            **values.dates,
        )
        uow.session.add(stored)
        uow.flush()
        info = round_info(stored)
        uow.commit()
        return info


def update_round(
    uow: UnitOfWork, actor: Actor, round_id: int, fields: Mapping[str, str]
) -> RoundInfo:
    """Change a round's name, description, list lengths and dates (list lengths only before
    the lists open: students build their lists against them)."""
    require(actor, "round.manage")
    values = check_form(fields)
    with uow:
        stored = stored_round(uow.session, round_id, for_update=True)
        phase = Phase(stored.phase)
        changes_lengths = (values.max_choices, values.min_choices) != (
            stored.max_choices,
            stored.min_choices,
        )
        if changes_lengths and ORDER.index(phase) > ORDER.index(Phase.RANKINGS_OPEN):
            raise WrongPhase(
                "het aantal keuzes ligt vast zodra de voorkeuren gesloten zijn; "
                f"de ronde is nu in de fase '{PHASE_LABELS[phase]}'"
            )
        _name_taken(uow, values.name, round_id)
        stored.name = values.name
        stored.description = values.description
        stored.max_choices = values.max_choices
        stored.min_choices = values.min_choices
        for field, moment in values.dates.items():
            setattr(stored, field, moment)
        uow.flush()
        info = round_info(stored)
        uow.commit()
        return info


def advance_phase(uow: UnitOfWork, actor: Actor, round_id: int, target: Phase) -> RoundInfo:
    """Move the round one phase forward to ``target`` ('toegewezen' comes with the first
    allocation and 'gepubliceerd' with publishing a run, not by hand)."""
    require(actor, "round.manage")
    with uow:
        stored = stored_round(uow.session, round_id, for_update=True)
        current = Phase(stored.phase)
        check_transition(current, target)
        if target is Phase.ALLOCATED:
            raise WrongPhase("de ronde wordt 'toegewezen' door de toewijzing uit te voeren")
        if target is Phase.PUBLISHED:
            raise WrongPhase("de ronde wordt 'gepubliceerd' door een toewijzing te publiceren")
        stored.phase = target.value
        uow.flush()
        info = round_info(stored)
        uow.commit()
        return info


MANUAL = frozenset({Phase.OFFERS_OPEN, Phase.RANKINGS_OPEN, Phase.CLOSED, Phase.FOLLOW_UP})
"""The phases a round is moved to by hand (the others come with allocating and publishing)."""


@dataclass(frozen=True)
class PhaseStep:
    phase: Phase
    label: str
    purpose: str
    current: bool
    done: bool


@dataclass(frozen=True)
class Task:
    """Something the actor can do now (``available``) or later, with the page to do it on."""

    label: str
    path: str
    available: bool
    note: str = ""


@dataclass(frozen=True)
class RoundHome:
    info: RoundInfo
    steps: tuple[PhaseStep, ...]
    days: dict[str, date | None]
    tasks: tuple[Task, ...]

    @property
    def purpose(self) -> str:
        return PHASE_PURPOSE[self.info.phase]


def _steps(calendar: Calendar) -> tuple[PhaseStep, ...]:
    index = ORDER.index(calendar.phase)
    return tuple(
        PhaseStep(p, PHASE_LABELS[p], PHASE_PURPOSE[p], p is calendar.phase, i < index)
        for i, p in enumerate(ORDER)
    )


def _tasks(actor: Actor, info: RoundInfo) -> tuple[Task, ...]:
    base = f"/stages/{info.id}"
    moment = now()

    def task(label: str, path: str, action: str, note: str = "") -> Task:
        return Task(label, base + path, allows(info.calendar, action, moment), note)

    tasks: list[Task] = []
    if actor.has(Role.ADMIN) or actor.has(Role.ROUND_ADMIN):
        tasks.append(Task("Ronde beheren: fasen, toewijzing, publicatie", base + "/beheer", True))
    elif actor.has(Role.ANALYST):
        tasks.append(Task("Cijfers en runs van de ronde bekijken", base + "/beheer", True))
    if actor.has(Role.ORGANISATION):
        tasks.append(task("Je stageplaatsen beheren", "/aanbod", "offer.write"))
        tasks.append(task("Je stagiairs bekijken", "/stagiairs", "placement.confirm"))
    if actor.has(Role.SCHOOL):
        tasks.append(task("Je studenten beheren", "/studenten", "student.write"))
    if actor.has(Role.STUDENT):
        tasks.append(task("Stageplaatsen zoeken", "/zoeken", "ranking.write"))
        tasks.append(task("Je lijst opstellen", "/mijn-lijst", "ranking.write"))
        tasks.append(task("Je resultaat bekijken", "/resultaat", "result.read"))
    if allowed(actor, "round.lottery") and allows(info.calendar, "round.lottery", moment):
        tasks.append(Task("De loting downloaden (CSV)", base + "/beheer/loting.csv", True))
    return tuple(tasks)


def round_home(uow: UnitOfWork, actor: Actor, round_id: int) -> RoundHome:
    """The round's calendar, its phase and what ``actor`` can do now."""
    info = get_round(uow, actor, round_id)
    authorise(actor, "round.read", info)
    return RoundHome(info, _steps(info.calendar), round_days(info), _tasks(actor, info))

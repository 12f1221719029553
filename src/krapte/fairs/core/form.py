"""A new fair from the organiser's form: text fields in Belgian time, programme and organisations
one per line. Every problem names its field (and its line); nothing half-read is returned.

The programme is written one item per line as ``10:00; pitch; Werken in het OCMW; OCMW Gent``
(time; kind: pitch, workshop or lezing; title; organisation, optional).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Final
from zoneinfo import ZoneInfo

from krapte.errors import Problem
from krapte.fairs.core.records import (
    FORM,
    KIND_LABELS,
    MAX_CAPACITY,
    ItemKind,
    NewFair,
    ProgrammeItem,
    check_new_fair,
)

BRUSSELS: Final = ZoneInfo("Europe/Brussels")
KINDS: Final = {label: kind for kind, label in KIND_LABELS.items()} | {k.value: k for k in ItemKind}
FIELDS: Final = (
    "title", "organiser", "municipality", "venue", "date", "starts", "ends", "capacity",
    "description", "participants", "programme", "round_id",
)  # fmt: skip


def _day(text: str, problems: list[Problem]) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        problems.append(Problem("geef een datum als 2027-03-04", FORM, None, "date"))
        return None


def _clock(text: str, field: str, problems: list[Problem], row: int | None = None) -> time | None:
    try:
        hours, _, minutes = text.strip().partition(":")
        return time(int(hours), int(minutes or "0"))
    except ValueError:
        where = f"regel {row}: " if row else ""
        problems.append(Problem(f"{where}geef een uur als 14:30", FORM, row, field))
        return None


def _moment(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=BRUSSELS)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _programme(text: str, day: date | None, problems: list[Problem]) -> tuple[ProgrammeItem, ...]:
    items = []
    for row, line in enumerate(_lines(text), start=1):
        parts = [part.strip() for part in line.split(";")]
        if len(parts) < 3:
            problems.append(Problem(f"regel {row}: schrijf 'uur; soort; titel; organisatie'",
                                    FORM, row, "programme"))  # fmt: skip
            continue
        clock = _clock(parts[0], "programme", problems, row)
        kind = KINDS.get(parts[1].casefold())
        if kind is None:
            problems.append(Problem(f"regel {row}: de soort is pitch, workshop of lezing",
                                    FORM, row, "programme"))  # fmt: skip
        if clock is None or kind is None or day is None:
            continue
        organisation = parts[3] if len(parts) > 3 else ""
        items.append(ProgrammeItem(_moment(day, clock), parts[2], kind, organisation))
    return tuple(items)


def _number(text: str, field: str, label: str, problems: list[Problem]) -> int | None:
    try:
        return int(text.strip())
    except ValueError:
        problems.append(Problem(f"{label} moet een geheel getal zijn", FORM, None, field))
        return None


def parse_form(form: Mapping[str, str]) -> tuple[NewFair | None, list[Problem]]:
    """The fair the form describes and every problem of it (by field); ``None`` for the fair
    when its dates, times or numbers cannot be read. The municipality is the service's check."""
    problems: list[Problem] = []
    day = _day(form.get("date", ""), problems)
    starts = _clock(form.get("starts", ""), "starts", problems)
    ends = _clock(form.get("ends", ""), "ends", problems)
    capacity = _number(form.get("capacity", ""), "capacity", "het aantal plaatsen", problems)
    round_text = form.get("round_id", "").strip()
    round_id = _number(round_text, "round_id", "de stageronde", problems) if round_text else None
    programme = _programme(form.get("programme", ""), day, problems)
    if day is None or starts is None or ends is None or capacity is None:
        return None, problems
    new = NewFair(
        title=form.get("title", ""),
        organiser=form.get("organiser", ""),
        municipality=form.get("municipality", ""),
        venue=form.get("venue", ""),
        starts_at=_moment(day, starts),
        ends_at=_moment(day, ends),
        capacity=min(capacity, MAX_CAPACITY + 1),
        description=form.get("description", ""),
        participants=tuple(_lines(form.get("participants", ""))),
        programme=programme,
        round_id=round_id,
    )
    return new, problems + check_new_fair(new)

"""What a job fair is: its record, its programme and the checks on a new fair.

A fair belongs to an organiser (an organisation's name, or a sector federation's): organisation
users manage the fairs of their own organisations, administrators and analysts every fair.
Times are aware datetimes (stored in UTC, shown in Belgian time).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Final

from krapte.errors import Problem

MAX_TITLE: Final = 200
MAX_TEXT: Final = 4000
MAX_NAME: Final = 200
MAX_VENUE: Final = 300
MAX_CAPACITY: Final = 100_000
MAX_ITEMS: Final = 50
MAX_PARTICIPANTS: Final = 200
FORM: Final = "formulier"


class ItemKind(StrEnum):
    PITCH = "pitch"
    WORKSHOP = "workshop"
    TALK = "talk"


KIND_LABELS: Final = {
    ItemKind.PITCH: "pitch",
    ItemKind.WORKSHOP: "workshop",
    ItemKind.TALK: "lezing",
}


class Status(StrEnum):
    """A registration: a place at the fair, or a place on its waiting list."""

    REGISTERED = "registered"
    WAITING = "waiting"


@dataclass(frozen=True, slots=True)
class ProgrammeItem:
    starts_at: datetime
    title: str
    kind: ItemKind
    organisation: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "starts_at": self.starts_at.isoformat(timespec="minutes"),
            "title": self.title,
            "kind": self.kind.value,
            "organisation": self.organisation,
        }


@dataclass(frozen=True, slots=True)
class NewFair:
    """A fair as its organiser writes it (checked by :func:`check_new_fair`)."""

    title: str
    organiser: str
    municipality: str
    venue: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    description: str = ""
    participants: tuple[str, ...] = ()
    programme: tuple[ProgrammeItem, ...] = ()
    round_id: int | None = None
    """A placement round whose internship offers the participants show (optional)."""


@dataclass(frozen=True, slots=True)
class Fair:
    """A stored fair with its registration counts (no personal data)."""

    id: int
    title: str
    organiser: str
    municipality: str
    province: str
    venue: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    description: str
    participants: tuple[str, ...]
    programme: tuple[ProgrammeItem, ...]
    round_id: int | None
    registered: int = 0
    waiting: int = 0
    attended: int = 0
    walk_ins: int = 0
    applications: dict[str, int] = field(default_factory=dict)
    """Applications that came from the fair, per organisation (recorded after the event)."""

    @property
    def places_left(self) -> int:
        return max(0, self.capacity - self.registered)

    @property
    def full(self) -> bool:
        return self.registered >= self.capacity

    @property
    def visitors(self) -> int:
        """Visitors counted after the event: registrants marked present and walk-ins."""
        return self.attended + self.walk_ins

    def over(self, now: datetime) -> bool:
        return self.ends_at <= now

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "organiser": self.organiser,
            "municipality": self.municipality,
            "province": self.province,
            "venue": self.venue,
            "starts_at": self.starts_at.isoformat(timespec="minutes"),
            "ends_at": self.ends_at.isoformat(timespec="minutes"),
            "capacity": self.capacity,
            "registered": self.registered,
            "places_left": self.places_left,
            "waiting": self.waiting,
            "description": self.description,
            "participants": list(self.participants),
            "programme": [item.as_dict() for item in self.programme],
            "round_id": self.round_id,
            "visitors": self.visitors,
            "applications": sum(self.applications.values()),
        }


def _text(problems: list[Problem], value: str, field: str, label: str, limit: int) -> None:
    if not value.strip():
        problems.append(Problem(f"vul {label} in", file=FORM, field=field))
    elif len(value) > limit:
        problems.append(
            Problem(f"{label} is te lang (hoogstens {limit} tekens)", FORM, None, field)
        )


def check_new_fair(new: NewFair) -> list[Problem]:
    """Every problem of ``new`` (the municipality is checked by the service, against the list)."""
    problems: list[Problem] = []
    _text(problems, new.title, "title", "de titel", MAX_TITLE)
    _text(problems, new.organiser, "organiser", "de organisator", MAX_NAME)
    _text(problems, new.venue, "venue", "de plaats (adres of gebouw)", MAX_VENUE)
    if len(new.description) > MAX_TEXT:
        problems.append(
            Problem(f"de beschrijving is te lang (hoogstens {MAX_TEXT} tekens)", FORM, None,
                    "description")
        )  # fmt: skip
    if new.ends_at <= new.starts_at:
        problems.append(Problem("het einde moet na het begin liggen", FORM, None, "ends_at"))
    if not 1 <= new.capacity <= MAX_CAPACITY:
        problems.append(
            Problem(f"het aantal plaatsen moet tussen 1 en {MAX_CAPACITY} liggen", FORM, None,
                    "capacity")
        )  # fmt: skip
    _check_participants(problems, new.participants)
    _check_programme(problems, new)
    return problems


def _check_participants(problems: list[Problem], participants: tuple[str, ...]) -> None:
    if len(participants) > MAX_PARTICIPANTS:
        problems.append(
            Problem(f"hoogstens {MAX_PARTICIPANTS} organisaties", FORM, None, "participants")
        )
    seen: set[str] = set()
    for name in participants:
        if not name.strip() or len(name) > MAX_NAME:
            problems.append(Problem("een organisatie zonder (geldige) naam", FORM, None,
                                    "participants"))  # fmt: skip
        elif name.casefold() in seen:
            problems.append(Problem(f"'{name}' staat twee keer in de lijst", FORM, None,
                                    "participants"))  # fmt: skip
        seen.add(name.casefold())


def _check_programme(problems: list[Problem], new: NewFair) -> None:
    if len(new.programme) > MAX_ITEMS:
        problems.append(Problem(f"hoogstens {MAX_ITEMS} programmapunten", FORM, None, "programme"))
    for number, item in enumerate(new.programme, start=1):
        if not item.title.strip() or len(item.title) > MAX_TITLE:
            problems.append(Problem(f"programmapunt {number} heeft geen (geldige) titel", FORM,
                                    number, "programme"))  # fmt: skip
        if not new.starts_at <= item.starts_at < new.ends_at:
            problems.append(Problem(f"programmapunt {number} valt buiten de uren van de beurs",
                                    FORM, number, "programme"))  # fmt: skip


@dataclass(frozen=True, slots=True)
class Registration:
    """One visitor's registration (personal data: only the fair's organisers see it)."""

    id: int
    fair_id: int
    name: str
    email: str
    status: Status
    consented_at: datetime
    attended: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "email": self.email,
            "status": self.status.value,
            "consented_at": self.consented_at.isoformat(timespec="seconds"),
            "attended": self.attended,
        }

"""An application for a vacancy: the short form's checks, and the days to a first answer.

The report asks organisations to keep applying simple and to answer quickly (rec 43). krapte
measures the days from an application to the organisation's first answer: per organisation
(shown only to that organisation) and per sector, where a cell is shown only when it holds at
least :data:`MIN_ORGANISATIONS` organisations and :data:`MIN_APPLICATIONS` answered applications
(small-cell suppression; the workforce monitor's disclosure rule replaces this one where the two
differ).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime

import numpy as np

from krapte.errors import InvalidInput, Problem

MAX_NAME = 200
MAX_EMAIL = 254
MAX_PHONE = 40
MAX_MESSAGE = 4000
MIN_ORGANISATIONS = 3
MIN_APPLICATIONS = 10
CONSENT_TEXT = (
    "Ik geef toestemming om mijn gegevens door te geven aan deze organisatie, alleen voor deze "
    "sollicitatie. krapte wist ze een jaar na de sluitingsdatum van de vacature."
)
CONSENT_VERSION = "2026-11"
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ALL_SECTORS = "alle sectoren"
FORM = "formulier"


@dataclass(frozen=True, slots=True)
class ApplicationForm:
    name: str = ""
    email: str = ""
    phone: str = ""
    message: str = ""
    consent: bool = False


def check_application(form: ApplicationForm) -> ApplicationForm:
    """The form with its texts trimmed, or :class:`InvalidInput` naming each bad field."""
    name, email, phone, message = (
        form.name.strip(),
        form.email.strip(),
        form.phone.strip(),
        form.message.strip(),
    )
    found: list[Problem] = []

    if not name or len(name) > MAX_NAME:
        found.append(
            Problem(f"vul je naam in (hoogstens {MAX_NAME} tekens)", field="name", file=FORM)
        )
    if not EMAIL.match(email) or len(email) > MAX_EMAIL:
        found.append(Problem("vul een geldig e-mailadres in", field="email", file=FORM))
    if len(phone) > MAX_PHONE:
        found.append(
            Problem(
                f"het telefoonnummer is langer dan {MAX_PHONE} tekens", field="phone", file=FORM
            )
        )
    if len(message) > MAX_MESSAGE:
        found.append(
            Problem(f"je bericht is langer dan {MAX_MESSAGE} tekens", field="message", file=FORM)
        )
    if not form.consent:
        found.append(
            Problem("geef toestemming om je gegevens door te geven", field="consent", file=FORM)
        )
    if found:
        raise InvalidInput(found, "je sollicitatie is niet verstuurd")
    return ApplicationForm(name, email, phone, message, True)


@dataclass(frozen=True, slots=True)
class Application:
    """A stored application (personal data: only the vacancy's organisation sees it)."""

    id: int
    vacancy_id: int
    vacancy_title: str
    organisation: str
    name: str
    email: str
    phone: str
    message: str
    applied_at: datetime
    consent_at: datetime
    consent_version: str
    answered_at: datetime | None = None
    answer: str = ""
    source_fair_id: int | None = None

    @property
    def days_to_answer(self) -> float | None:
        if self.answered_at is None:
            return None
        return (self.answered_at - self.applied_at).total_seconds() / 86400

    def as_dict(self) -> dict[str, object]:
        found = asdict(self)
        for key in ("applied_at", "consent_at", "answered_at"):
            moment = getattr(self, key)
            found[key] = moment.isoformat() if moment else None
        found["days_to_answer"] = self.days_to_answer
        return found


@dataclass(frozen=True, slots=True)
class Answered:
    """One application as the statistics see it: no personal data."""

    organisation: str
    sector: str
    days: float | None
    """Days to the first answer; ``None`` while unanswered."""


@dataclass(frozen=True, slots=True)
class AnswerTimes:
    """Days to a first answer for one organisation or one sector cell."""

    group: str
    applications: int
    answered: int
    organisations: int
    median_days: float | None
    mean_days: float | None
    suppressed: bool = False

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _times(group: str, rows: list[Answered], *, suppress: bool) -> AnswerTimes:
    days = np.array([row.days for row in rows if row.days is not None], dtype=np.float64)
    organisations = len({row.organisation for row in rows})
    hidden = suppress and (organisations < MIN_ORGANISATIONS or len(days) < MIN_APPLICATIONS)
    shown = len(days) > 0 and not hidden
    return AnswerTimes(
        group=group,
        applications=len(rows),
        answered=len(days),
        organisations=organisations,
        median_days=round(float(np.median(days)), 1) if shown else None,
        mean_days=round(float(days.mean()), 1) if shown else None,
        suppressed=hidden,
    )


def by_organisation(rows: Iterable[Answered]) -> list[AnswerTimes]:
    """Days to a first answer per organisation (only ever shown to that organisation)."""
    groups: dict[str, list[Answered]] = defaultdict(list)
    for row in rows:
        groups[row.organisation].append(row)
    return [_times(name, found, suppress=False) for name, found in sorted(groups.items())]


def by_sector(rows: Iterable[Answered]) -> list[AnswerTimes]:
    """Days to a first answer per sector and for all sectors, small cells suppressed."""
    every = list(rows)
    groups: dict[str, list[Answered]] = defaultdict(list)
    for row in every:
        groups[row.sector].append(row)
    cells = [_times(name, found, suppress=True) for name, found in sorted(groups.items())]
    if every:
        cells.append(_times(ALL_SECTORS, every, suppress=True))
    return cells

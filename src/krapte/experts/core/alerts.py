"""Job alerts, the pure part: what a subscriber asks for and whether a vacancy matches it.

A subscription asks for a region (a province or Brussels), a diploma (a programme of the
classification) and a level; each may be left empty for "any". A published vacancy is described
by the vacancies capability's ``VacancyNotice``; :class:`Notice` is a Protocol with the same
fields, so this package never imports vacancies (the lead wires the hook at merge).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from krapte.errors import InvalidInput
from krapte.experts.core.choices import REGIONS, diplomas, unknown

CONSENT_VERSION = "jobmeldingen-2026-11"
CONSENT_TEXT = (
    "Ik wil per mail nieuwe vacatures ontvangen die bij mijn keuze passen. krapte bewaart mijn "
    "e-mailadres en mijn keuze alleen daarvoor. Elke mail heeft een link om me meteen uit te "
    "schrijven; dan worden mijn gegevens gewist."
)
INVALID = "de jobmelding is niet in orde"
ANY = ""


class Notice(Protocol):
    """A published vacancy (the fields of ``krapte.vacancies.core.notice.VacancyNotice``)."""

    @property
    def id(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def organisation(self) -> str: ...
    @property
    def municipality(self) -> str: ...
    @property
    def province(self) -> str: ...
    @property
    def programmes(self) -> Sequence[str]: ...
    @property
    def levels(self) -> Sequence[str]: ...
    @property
    def url(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Criteria:
    """What a subscriber asks for; an empty value means any."""

    region: str = ANY
    programme: str = ANY
    level: str = ANY

    def describe(self) -> str:
        """The criteria in a Dutch sentence part, for mails and pages."""
        parts = [
            f"in {self.region}" if self.region else "in heel Vlaanderen en Brussel",
            f"voor het diploma {self.programme}" if self.programme else "voor elk diploma",
            f"op {self.level}niveau" if self.level else "op elk niveau",
        ]
        return ", ".join(parts)


def checked_criteria(region: str, programme: str, level: str) -> Criteria:
    """The criteria, or every problem in Dutch (the fields are named as on the form)."""
    found = diplomas()
    problems = [
        problem
        for problem in (
            unknown(region, (ANY, *REGIONS), "regio", "regio") if region else None,
            unknown(programme, found.programmes, "diploma", "opleiding") if programme else None,
            unknown(level, found.levels, "niveau", "niveau") if level else None,
        )
        if problem is not None
    ]
    if problems:
        raise InvalidInput(problems, INVALID)
    return Criteria(region, programme, level)


def matches(criteria: Criteria, notice: Notice) -> bool:
    """Whether the vacancy answers what the subscriber asked for."""
    if criteria.region and criteria.region != notice.province:
        return False
    if criteria.programme and criteria.programme not in notice.programmes:
        return False
    return not criteria.level or criteria.level in notice.levels


def alert_body(notice: Notice, criteria: Criteria, unsubscribe: str) -> str:
    """The text of an alert mail (plain text; the unsubscribe link is always in it)."""
    place = notice.municipality or notice.province
    return (
        "Er is een nieuwe vacature die past bij je jobmelding "
        f"({criteria.describe()}):\n\n"
        f"{notice.title}\n{notice.organisation}, {place}\n{notice.url}\n\n"
        "Wil je geen jobmeldingen meer? Schrijf je met één klik uit:\n"
        f"{unsubscribe}\n"
    )

"""What other capabilities hear when a vacancy is published (job alerts, say).

:data:`krapte.vacancies.service.PUBLISHED_HOOKS` calls every hook with a :class:`VacancyNotice`
after a vacancy is published; the hook's module defines a Protocol with the same fields, so that
it need not import vacancies.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class VacancyNotice:
    """A published vacancy as a job alert needs it (no personal data)."""

    id: int
    title: str
    organisation: str
    municipality: str
    province: str
    programmes: tuple[str, ...]
    """The programmes (diplomas) the vacancy accepts, the classified one first."""
    levels: tuple[str, ...]
    url: str
    """The public page's path (``/vacatures/12``); the hook adds the site's address."""

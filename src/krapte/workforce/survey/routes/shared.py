"""What the survey's pages and API share: the path parameter and the documented refusals."""

from __future__ import annotations

from typing import Annotated, Any, Final

from fastapi import Path

from krapte.errors import InvalidInput
from krapte.web.i18n import N_, _
from krapte.web.openapi import ErrorModel

SurveyId = Annotated[int, Path(ge=1, le=2**31 - 1, description="Het nummer van de bevraging.")]
Token = Annotated[
    str, Path(min_length=1, max_length=100, description="De eenmalige code van de link.")
]

API_ERRORS: Final[dict[int | str, dict[str, Any]]] = {
    401: {"description": "Niet aangemeld of ongeldige API-sleutel.", "model": ErrorModel},
    403: {
        "description": "Geen toegang (niet jouw organisatie), of een formulier zonder geldig "
        "CSRF-token.",
        "model": ErrorModel,
    },
    404: {"description": "Deze bevraging bestaat niet.", "model": ErrorModel},
    409: {"description": "De bevraging is al afgesloten.", "model": ErrorModel},
}

DONE: Final = {
    "geopend": N_("De bevraging is geopend. Maak nu links aan voor je medewerkers."),
    "gesloten": N_("De bevraging is afgesloten. Er kunnen geen antwoorden meer bij."),
}


def done_message(key: str) -> str:
    text = DONE.get(key)
    return _(text) if text else ""


def by_field(refused: InvalidInput) -> dict[str, list[str]]:
    """The problems of a refused form, by field (shown beside each field)."""
    found: dict[str, list[str]] = {}
    for problem in refused.problems:
        found.setdefault(problem.field, []).append(problem.message)
    return found

"""What every page and API route of the round shares: the path parameters, the documented
refusals of the API, the Dutch confirmations after a form (``?gedaan=<key>``), personal answers
and form problems by field."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Final
from zoneinfo import ZoneInfo

from fastapi import Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from krapte.errors import InvalidInput
from krapte.placement.core.model import MAX_INTEGER
from krapte.web.i18n import N_, _
from krapte.web.openapi import ErrorModel
from krapte.web.templating import render

RoundId = Annotated[int, Path(ge=1, le=MAX_INTEGER, description="Het nummer van de stageronde.")]
RunId = Annotated[int, Path(ge=1, le=MAX_INTEGER, description="Het nummer van de run.")]
OfferId = Annotated[str, Path(min_length=1, max_length=120, description="Id van het aanbod.")]
StudentId = Annotated[str, Path(min_length=1, max_length=120, description="Id van de student.")]
Done = Annotated[str, Query(max_length=40, description="Wat net gelukt is (een vaste sleutel).")]

API_ERRORS: Final[dict[int | str, dict[str, Any]]] = {
    401: {"description": "Niet aangemeld of ongeldige API-sleutel.", "model": ErrorModel},
    403: {
        "description": "Geen toegang (niet jouw gegevens), of een formulier zonder geldig "
        "CSRF-token.",
        "model": ErrorModel,
    },
    404: {
        "description": "Deze ronde (of wat erin gevraagd wordt) bestaat niet.",
        "model": ErrorModel,
    },
    409: {"description": "Niet in deze fase van de ronde, of na de deadline.", "model": ErrorModel},
}
"""The refusals every operation of the round's API may answer (besides 422 for bad input)."""

DONE: Final = {
    # the round administrator
    "ronde": N_("De ronde is aangemaakt."),
    "instellingen": N_("De instellingen en data zijn bewaard."),
    "fase": N_("De ronde is naar de volgende fase gegaan."),
    "toegewezen": N_("De toewijzing is berekend en bewaard."),
    "gepubliceerd": N_("De toewijzing is gepubliceerd."),
    "opvolgronde": N_("De opvolgronde is toegewezen en gepubliceerd."),
    # organisations
    "aangemaakt": N_("Je aanbod is bewaard."),
    "aanbod-bewaard": N_("Je wijzigingen zijn bewaard."),
    "aanbod-verwijderd": N_("Het aanbod is verwijderd."),
    "geimporteerd": N_("Je bestand is ingelezen; het aanbod staat hieronder."),
    "bevestigd": N_("De stage is bevestigd en de mentor is bewaard."),
    "geevalueerd": N_("Je evaluatie is bewaard."),
    "job": N_("Je antwoord over een jobaanbod is bewaard."),
    # schools and students
    "toegevoegd": N_("De student is toegevoegd."),
    "ingelezen": N_("De studenten uit het bestand zijn toegevoegd."),
    "herinnerd": N_("De herinneringen zijn verstuurd."),
    "niet-herinnerd": N_("Er is geen herinnering verstuurd: wie al een herinnering kreeg in het "
                         "laatste uur of een volledige lijst heeft, krijgt er geen."),
    "keuze-toegevoegd": N_("De stageplaats staat op je lijst."),
    "verplaatst": N_("Je lijst is aangepast."),
    "verwijderd": N_("De stageplaats is van je lijst verwijderd."),
    "bewaard": N_("Je lijst is bewaard."),
    "beoordeeld": N_("Bedankt: je beoordeling is bewaard."),
}  # fmt: skip


def done_message(key: str) -> str:
    """The Dutch confirmation for ``key`` (empty for an unknown key)."""
    text = DONE.get(key)
    return _(text) if text else ""


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def page(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """A personal page: rendered with the layout, never stored by a browser or proxy."""
    response = render(request, name, context, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    return response


def by_field(error: InvalidInput) -> dict[str, list[str]]:
    """A form's problems keyed by field (shown beside their fields; "" for the whole form)."""
    found: dict[str, list[str]] = {}
    for problem in error.problems:
        where = f"rij {problem.row}: " if problem.row and problem.file != "formulier" else ""
        found.setdefault(problem.field, []).append(where + problem.message)
    return found


BRUSSELS: Final = ZoneInfo("Europe/Brussels")


def moment_text(value: datetime | None) -> str:
    """``29 november 2026 om 17:00`` in Belgian time; empty for none."""
    if value is None:
        return ""
    from babel.dates import format_datetime

    return str(format_datetime(value.astimezone(BRUSSELS), "d MMMM y 'om' HH:mm", locale="nl_BE"))

"""What the school's and the students' round pages share: the round id parameter, the Dutch
confirmations after a form (``?gedaan=<key>``), personal answers and form problems by field."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Final
from zoneinfo import ZoneInfo

from fastapi import Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from krapte.errors import InvalidInput
from krapte.placement.core.model import MAX_INTEGER
from krapte.web.i18n import N_, _
from krapte.web.templating import render

RoundId = Annotated[int, Path(ge=1, le=MAX_INTEGER, description="Het nummer van de stageronde.")]
Done = Annotated[str, Query(max_length=40, description="Wat net gelukt is (een vaste sleutel).")]

DONE: Final = {
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

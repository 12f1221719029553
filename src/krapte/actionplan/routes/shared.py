"""What the action plan's pages, forms, API and feed share: path parameters, the documented
refusals, fresh answers, the labels templates show, and form problems by field."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Final

from fastapi import Path, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from krapte.actionplan.core.bundle import ACTOR_GROUPS, BASES, TERMS
from krapte.actionplan.core.followup import EDITABLE, EVENT_LABELS, STATUS_LABELS, Status
from krapte.errors import InvalidInput, KrapteError, Problem
from krapte.formatting import long_date
from krapte.web.i18n import N_, _
from krapte.web.openapi import ErrorModel
from krapte.web.site import data_version
from krapte.web.templating import render

Number = Annotated[
    int, Path(ge=1, le=10_000, description="Het nummer van de aanbeveling (1 tot en met 60).")
]
ActionNumber = Annotated[
    int, Path(ge=1, le=1_000_000, description="Het nummer van de actie binnen de aanbeveling.")
]
PriorityNumber = Annotated[
    int, Path(ge=1, le=10_000, description="Het nummer van de prioriteit (1 tot en met 10).")
]

API_ERRORS: Final[dict[int | str, dict[str, Any]]] = {
    401: {"description": "Niet aangemeld of ongeldige API-sleutel.", "model": ErrorModel},
    403: {
        "description": "Geen toegang: alleen analisten, beheerders en de organisatie die de "
        "actie trekt, mogen ze wijzigen (of een formulier zonder geldig CSRF-token).",
        "model": ErrorModel,
    },
    404: {"description": "Deze aanbeveling of actie bestaat niet.", "model": ErrorModel},
    409: {
        "description": "Deze statuswijziging kan niet, bijvoorbeeld van stopgezet naar afgerond "
        "zonder de actie eerst te heropenen.",
        "model": ErrorModel,
    },
    422: {"description": "Ongeldige invoer; elk probleem noemt zijn veld.", "model": ErrorModel},
}

DONE: Final = {
    "nieuw": N_("De actie is vastgelegd."),
    "gewijzigd": N_("Je wijziging is bewaard in de geschiedenis."),
}

#: The Atom feed's address (linked from every page of the action plan).
FEED = "/actieplan/feed.xml"


def ready(request: Request) -> None:
    """Refuse early (503) when the store is not built, before the path is even checked: a
    site without a database says so on every page, whatever the address."""
    data_version(request.app.state.container)


def done_message(key: str | None) -> str:
    text = DONE.get(key or "")
    return _(text) if text else ""


def fresh(response: Response) -> Response:
    """An answer that must show the plan as it is now: never kept by a cache.

    The site's answer cache keeps public pages per *data hub* version, which an edit of the
    action plan does not change; ``no-store`` keeps the plan's pages out of it.
    """
    response.headers["Cache-Control"] = "no-store"
    return response


def labels() -> dict[str, Any]:
    """The Dutch names templates show for keys of the plan."""
    return {
        "actor_groups": ACTOR_GROUPS,
        "terms": TERMS,
        "bases": BASES,
        "status_labels": {status.value: label for status, label in STATUS_LABELS.items()},
        "event_labels": {kind.value: label for kind, label in EVENT_LABELS.items()},
        "statuses": list(Status),
        "field_labels": EDITABLE,
        "shown": shown,
        "feed": FEED,
    }


def shown(value: object) -> str:
    """A field's value in a history line: dates in full, lists joined, "–" for nothing."""
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, tuple | list):
        return ", ".join(str(item) for item in value) or "–"
    return str(value) if value not in (None, "") else "–"


def page(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> Response:
    """A page of the action plan, rendered fresh with the plan's labels."""
    return fresh(render(request, name, {**labels(), **context}, status_code=status_code))


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def by_field(error: KrapteError) -> dict[str, list[str]]:
    """A refusal's problems keyed by field ("" for the whole form)."""
    if isinstance(error, InvalidInput):
        problems = error.problems
    else:
        problems = [Problem(error.message, field="status")]
    found: dict[str, list[str]] = {}
    for problem in problems:
        found.setdefault(problem.field, []).append(problem.message)
    return found


def form_date(text: str, field: str, problems: list[Problem]) -> date | None:
    """A date typed in a form (``2027-06-30``); None when empty; a problem when malformed."""
    cleaned = text.strip()
    if not cleaned:
        return None
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        problems.append(
            Problem(f"'{cleaned}' is geen datum: schrijf ze als 2027-06-30", field=field)
        )
        return None

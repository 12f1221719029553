"""What the expert and alert pages share: a no-store page, the client, field errors."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from krapte.errors import InvalidInput
from krapte.web.templating import render

ExpertId = Annotated[int, Path(ge=1, le=2**31 - 1, description="Nummer van de expert.")]
Token = Annotated[str, Path(min_length=10, max_length=200)]
NO_STORE = "no-store"


def page(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """A page of this capability: never kept by the answer cache, a browser or a proxy."""
    response = render(request, name, context or {}, status_code=status_code)
    response.headers["Cache-Control"] = NO_STORE
    return response


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def client(request: Request) -> str:
    return request.client.host if request.client else "onbekend"


def base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def by_field(exc: InvalidInput) -> dict[str, str]:
    """The first problem of each form field (for messages beside the fields)."""
    found: dict[str, str] = {}
    for problem in exc.problems:
        found.setdefault(problem.field, problem.message)
    return found

"""The web's one error handler: Dutch HTML pages for people, JSON for `.json` paths and API calls.

Every :class:`krapte.errors.KrapteError` becomes its HTTP status (400, 404, 409, 422, 503) with
its Dutch message; Starlette's and FastAPI's own errors get Dutch sentences; anything else is a
500 page that shows no stack and no server path.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from krapte.errors import (
    InvalidInput,
    KrapteError,
    NotInitialised,
    StillComputing,
    Unauthenticated,
)
from krapte.web.i18n import N_, _
from krapte.web.templating import render

logger = logging.getLogger("krapte.web")

DUTCH_STATUS = {
    400: N_("Ongeldige vraag."),
    401: N_("Meld je aan om verder te gaan."),
    403: N_("Je hebt geen toegang tot deze pagina."),
    404: N_("Pagina niet gevonden."),
    405: N_("Deze methode is hier niet toegestaan."),
    409: N_("Dit botst met wat er al is."),
    422: N_("Ongeldige invoer."),
    429: N_("Te veel vragen na elkaar. Probeer het straks opnieuw."),
    500: N_("Er ging iets mis op de server. Probeer het later opnieuw."),
    503: N_("De dienst is tijdelijk niet beschikbaar."),
}
#: What a visitor reads when the store is not built: the next step is the administrator's.
NOT_INITIALISED = N_(
    "De databank van krapte is nog niet ingericht of heeft een oudere structuur. "
    "Vraag de beheerder van deze site om ze in te richten."
)


def _wants_json(request: Request) -> bool:
    path = request.url.path
    if path.endswith(".json") or path.startswith("/api/v1/"):
        return True
    return "application/json" in request.headers.get("accept", "")


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def error_response(
    request: Request, status: int, message: str, extra: dict[str, object] | None = None
) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": message, **(extra or {})}, status_code=status)
    problems = (extra or {}).get("problems", [])
    return render(
        request, "fout.html", {"status": status, "message": message, "problems": problems}, status
    )


SIGN_IN = "/aanmelden"


def local_path(value: str | None, default: str = "/") -> str:
    """``value`` if it is a path on this site (no scheme, no host), else ``default``.

    Guards every redirect that a request can steer (``?volgende=``) against sending a user to
    another site: ``//host``, ``/\\host``, ``https://host`` and control characters are refused.
    """
    if not value or len(value) > 2000 or not value.startswith("/"):
        return default
    if value.startswith(("//", "/\\")) or any(ord(c) < 32 or c == "\\" for c in value):
        return default
    return value


def _sign_in_first(request: Request, exc: Unauthenticated) -> Response:
    """People go to the sign-in page (and back here after it); API clients get a 401."""
    if _wants_json(request):
        response = error_response(request, 401, _sentence(exc.message), {"error": exc.code})
        response.headers["www-authenticate"] = "Bearer"
        return response
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    from urllib.parse import urlencode

    target = f"{SIGN_IN}?{urlencode({'volgende': local_path(here)})}"
    return RedirectResponse(target, status_code=303, headers={"cache-control": "no-store"})


async def _krapte_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, KrapteError)
    if isinstance(exc, Unauthenticated):
        return _sign_in_first(request, exc)
    message = _(NOT_INITIALISED) if isinstance(exc, NotInitialised) else _sentence(exc.message)
    extra: dict[str, object] = {"error": exc.code}
    if isinstance(exc, InvalidInput):
        extra["problems"] = [problem.as_dict() for problem in exc.problems]
    response = error_response(request, exc.http_status, message, extra)
    retry_after = getattr(exc, "retry_after_s", None)  # StillComputing, too many sign-ins
    if isinstance(exc, StillComputing) or isinstance(retry_after, int):
        response.headers["retry-after"] = str(retry_after)
    return response


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else ""
    # Starlette's own details ("Not Found", ...) are English: use the Dutch sentence instead.
    if not detail or detail == _english_phrase(exc.status_code):
        known = DUTCH_STATUS.get(exc.status_code)
        detail = _(known) if known else f"Fout {exc.status_code}."
    return error_response(request, exc.status_code, detail)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    # The parameter's name: the last text in the location (a repeated one ends in its index).
    names = sorted(
        {
            next((str(part) for part in reversed(error["loc"]) if isinstance(part, str)), "")
            for error in exc.errors()
            if error.get("loc")
        }
        - {""}
    )
    message = (
        _("Ongeldige waarde voor: {names}.").format(names=", ".join(names))
        if names
        else _(DUTCH_STATUS[422])
    )
    return error_response(request, 422, message)


async def _unexpected(request: Request, exc: Exception) -> Response:
    from krapte.web.observe import route_template

    # The route template, not the path: paths hold ids and tokens (krapte.web.observe).
    logger.exception(
        "unexpected error",
        exc_info=exc,
        extra={
            "route": route_template(request.scope),
            "request_id": request.scope.get("state", {}).get("request_id", ""),
        },
    )
    return error_response(request, 500, _(DUTCH_STATUS[500]))


def _english_phrase(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def install(app: FastAPI) -> None:
    app.add_exception_handler(KrapteError, _krapte_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected)

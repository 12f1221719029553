"""Dutch error responses: an HTML page for people, JSON with a Dutch `detail` for `.json` paths."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from krapte.web.templating import templates

DUTCH_STATUS = {
    404: "Pagina niet gevonden.",
    405: "Deze methode is hier niet toegestaan.",
    422: "Ongeldige invoer.",
    500: "Er ging iets mis op de server.",
    503: "De dienst is tijdelijk niet beschikbaar.",
}


def _wants_json(request: Request) -> bool:
    return request.url.path.endswith(".json") or "application/json" in request.headers.get(
        "accept", ""
    )


def error_response(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=status)
    return templates.TemplateResponse(
        request, "fout.html", {"status": status, "message": message}, status_code=status
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else ""
    # Starlette's own details ("Not Found", ...) are English: use the Dutch sentence instead.
    if not detail or detail == _english_phrase(exc.status_code):
        detail = DUTCH_STATUS.get(exc.status_code, f"Fout {exc.status_code}.")
    return error_response(request, exc.status_code, detail)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    names = sorted({str(error["loc"][-1]) for error in exc.errors() if error.get("loc")})
    message = "Ongeldige waarde voor: " + ", ".join(names) + "." if names else DUTCH_STATUS[422]
    return error_response(request, 422, message)


def _english_phrase(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def install(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)

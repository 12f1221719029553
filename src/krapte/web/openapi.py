"""The OpenAPI document of ``/api/v1``, with the site's real error answers described.

FastAPI documents a 422 with its own validation model; the site answers every error with the
same small Dutch JSON object (:mod:`krapte.web.errors`), and its guard adds 400, 414 and 429
(:mod:`krapte.web.security`). This module documents exactly that on every operation, so that
clients and schemathesis see what the API really sends.
"""

from __future__ import annotations

from typing import Any, Final

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, Field


class ProblemModel(BaseModel):
    """One problem of bad input: where it is and what is wrong."""

    file: str = Field(description="Bestand, of leeg.")
    row: int | None = Field(description="Rijnummer, of leeg.")
    field: str = Field(description="Veld of kolom, of leeg.")
    message: str = Field(description="Wat er fout is, in het Nederlands.")


class ErrorModel(BaseModel):
    """Every error of the API: a Dutch sentence that says what went wrong and what to do."""

    detail: str = Field(description="Wat er misging en wat je kunt doen, in het Nederlands.")
    error: str | None = Field(default=None, description="Soort fout, bv. not_found.")
    problems: list[ProblemModel] | None = Field(
        default=None, description="Bij ongeldige invoer: elk probleem apart."
    )


#: The errors any operation may answer, with their Dutch description.
ERRORS: Final = {
    "400": "Ongeldige vraag, bijvoorbeeld te veel parameters.",
    "404": "Niet gevonden.",
    "414": "Het webadres is te lang.",
    "422": "Ongeldige waarde voor een parameter.",
    "429": "Te veel vragen na elkaar; wacht zoveel seconden als Retry-After zegt.",
    "503": "De databank is nog niet ingericht.",
}


def document(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document of ``app`` with the shared error answer on every operation."""
    if app.openapi_schema:
        return app.openapi_schema
    found = get_openapi(
        title=app.title,
        version=app.version,
        summary=app.summary,
        description=app.description,
        routes=app.routes,
    )
    schemas = found.setdefault("components", {}).setdefault("schemas", {})
    error_schema = ErrorModel.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(error_schema.pop("$defs", {}))
    schemas["ErrorModel"] = error_schema
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorModel"}}}
    for item in found.get("paths", {}).values():
        for operation in item.values():
            responses = operation.setdefault("responses", {})
            for status, description in ERRORS.items():
                responses[status] = {"description": description, "content": error}
    app.openapi_schema = found
    return found


def install(app: FastAPI) -> None:
    app.openapi = lambda: document(app)  # type: ignore[method-assign]

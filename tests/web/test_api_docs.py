"""The API describes itself completely: a Dutch summary, a response model and bounded parameters
for every /api/v1 call, and a page (/api) that shows it all without a script."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import APIRouter, FastAPI, Query
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field

from krapte.bootstrap import bootstrap, initialise
from krapte.settings import Settings
from krapte.web.app import create_app
from web.sitebuilder import routes


class Figure(BaseModel):
    dataset: str = Field(description="Naam van de dataset.")
    value: float = Field(description="Het cijfer zoals gedrukt.")


def undocumented(app: FastAPI) -> list[str]:
    """Every /api/v1 call without a summary or response model, or with an unbounded parameter."""
    problems: list[str] = []
    for route in routes(app):
        path = route.path or ""
        if not path.startswith("/api/v1/") or not route.include_in_schema:
            continue
        if not route.summary:
            problems.append(f"{path}: geen samenvatting (summary)")
        if route.response_model is None:
            problems.append(f"{path}: geen antwoordmodel (response_model)")
    document = app.openapi()
    for path, item in document["paths"].items():
        if not path.startswith("/api/v1/"):
            continue
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                options = [schema, *schema.get("anyOf", [])]
                kinds = {option.get("type") for option in options} - {"null"}
                bounded = any(
                    key in option
                    for option in options
                    for key in ("maxLength", "maximum", "enum", "const")
                ) or any(  # a repeated parameter: a bounded list of bounded values
                    "maxItems" in option
                    and any(key in option.get("items", {}) for key in ("maxLength", "enum"))
                    for option in options
                )
                if kinds - {"boolean"} and not bounded:
                    problems.append(f"{path}: parameter {parameter['name']} zonder grens")
    return problems


@pytest.fixture
def probe_app(tmp_path: Path) -> FastAPI:
    container = bootstrap(Settings(home=tmp_path))
    initialise(container)
    app = create_app(container)
    router = APIRouter()

    @router.get(
        "/api/v1/proef",
        summary="Cijfers van een dataset",
        description="Een proef voor de API-pagina.",
    )
    def proef(
        dataset: str = Query(max_length=50, examples=["inschrijvingen"]),
        page_size: int = Query(50, ge=1, le=500, description="Rijen per pagina."),
    ) -> list[Figure]:
        return [Figure(dataset=dataset, value=float(page_size))]

    @router.get("/api/v1/slordig")
    def slordig(naam: str) -> dict[str, str]:
        return {"naam": naam}

    app.include_router(router)
    return app


def test_every_api_call_has_a_dutch_summary_a_model_and_bounded_parameters() -> None:
    assert undocumented(create_app(bootstrap())) == []


def test_an_undocumented_call_is_found(probe_app: FastAPI) -> None:
    assert sorted(undocumented(probe_app)) == [
        "/api/v1/slordig: geen samenvatting (summary)",
        "/api/v1/slordig: parameter naam zonder grens",
    ]


def test_the_api_page_lists_every_call_with_its_bounds_fields_and_an_example(
    probe_app: FastAPI,
) -> None:
    with TestClient(probe_app) as client:
        page = client.get("/api")
    assert page.status_code == 200
    text = page.text
    assert "<script" not in text
    assert "/api/v1/proef" in text
    assert "Cijfers van een dataset" in text
    assert "minstens 1; hoogstens 500; standaard 50" in text
    assert "hoogstens 50 tekens" in text
    assert "Het cijfer zoals gedrukt." in text
    assert 'href="/api/v1/proef?dataset=inschrijvingen"' in text
    assert 'href="/api/v1/openapi.json"' in text


def test_the_openapi_document_describes_the_dutch_error_answer(probe_app: FastAPI) -> None:
    with TestClient(probe_app) as client:
        document = client.get("/api/v1/openapi.json").json()
        refused = client.get("/api/v1/proef?page_size=9999&dataset=x")
    responses = document["paths"]["/api/v1/proef"]["get"]["responses"]
    assert {"200", "404", "422", "429"} <= set(responses)
    assert responses["422"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorModel"
    }
    assert refused.status_code == 422
    assert refused.json()["detail"] == "Ongeldige waarde voor: page_size."

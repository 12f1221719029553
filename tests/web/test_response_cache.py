"""Public answers are kept per data version: repeats skip routing, queries and templates."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import APIRouter, FastAPI, Response
from fastapi.testclient import TestClient

from krapte.bootstrap import Container, bootstrap, initialise
from krapte.datahub.core.importer import ImportOptions
from krapte.datahub.import_service import import_file
from krapte.settings import Settings
from krapte.web.app import create_app
from krapte.web.response_cache import Answer, Answers
from krapte.web.site import forget_versions


@pytest.fixture
def container(tmp_path: Path) -> Container:
    built = bootstrap(Settings(home=tmp_path / "home"))
    initialise(built)
    return built


def _probed(container: Container) -> tuple[FastAPI, list[str]]:
    """The site plus probe routes that count how often they really run."""
    calls: list[str] = []
    probe = APIRouter()

    @probe.get("/probe", include_in_schema=False)
    def counted() -> Response:
        calls.append("probe")
        return Response("antwoord " + str(len(calls)), headers={"etag": '"v1"'})

    @probe.get("/probe/persoonlijk", include_in_schema=False)
    def personal() -> Response:
        calls.append("persoonlijk")
        return Response("van jou", headers={"cache-control": "no-store"})

    @probe.get("/probe/ontbreekt", include_in_schema=False)
    def missing() -> Response:
        calls.append("ontbreekt")
        return Response("weg", status_code=404)

    app = create_app(container)
    app.include_router(probe)
    return app, calls


def test_a_repeated_public_get_is_answered_from_memory(container: Container) -> None:
    app, calls = _probed(container)
    with TestClient(app) as client:
        first, second = client.get("/probe"), client.get("/probe")
    assert calls == ["probe"]
    assert first.text == second.text == "antwoord 1"
    assert second.headers["x-content-type-options"] == "nosniff"  # the guard still adds headers


def test_a_cached_answer_still_gives_304_to_a_browser_that_has_it(container: Container) -> None:
    app, calls = _probed(container)
    with TestClient(app) as client:
        client.get("/probe")
        again = client.get("/probe", headers={"if-none-match": '"v1"'})
    assert again.status_code == 304
    assert calls == ["probe"]


@pytest.mark.parametrize(
    ("url", "headers"),
    [
        ("/probe", {"cookie": "sessie=abc"}),
        ("/probe", {"authorization": "Bearer x"}),
        ("/probe/persoonlijk", {}),
        ("/probe/ontbreekt", {}),
    ],
)
def test_personal_and_failed_answers_are_never_kept(
    container: Container, url: str, headers: dict[str, str]
) -> None:
    app, calls = _probed(container)
    with TestClient(app) as client:
        client.get(url, headers=headers)
        client.get(url, headers=headers)
    assert len(calls) == 2


def test_a_new_import_shows_on_the_next_request(container: Container, tmp_path: Path) -> None:
    app = create_app(container)
    with TestClient(app) as client:
        before = client.get("/datasets.json").json()
        csv = tmp_path / "export.csv"
        csv.write_text("instelling;opleiding;2024\nHOGENT;sociaal werk;12\n", "utf-8")
        import_file(container.unit_of_work(write=True), csv, ImportOptions(dataset="nieuw"))
        forget_versions()  # the data version is read at most once a second
        after = client.get("/datasets.json").json()
    assert "nieuw" not in {d["name"] for d in before}
    assert "nieuw" in {d["name"] for d in after}


def test_the_store_of_answers_forgets_the_least_recently_used_first() -> None:
    answers = Answers(capacity=250)
    for name in ("a", "b", "c"):
        answers.put((name,), Answer(200, [], b"x" * 100, ""))
        if name == "b":
            answers.get(("a",))  # a is used again, so b is the oldest
    assert answers.get(("b",)) is None
    assert answers.get(("a",)) is not None
    assert answers.get(("c",)) is not None
    assert answers.used <= 250

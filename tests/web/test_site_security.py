"""A public site: security headers, HEAD, bounds, rate limits and no server path, on every route.

The routes are read from the app, so every page or API call another capability adds is covered
without changing these tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient

from krapte.bootstrap import bootstrap
from krapte.settings import Settings
from krapte.web.app import create_app
from krapte.web.security import CONTENT_SECURITY_POLICY
from web.sitebuilder import IMPORTED, SECRET_FOLDER, get_urls, imported_site

HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
}


@pytest.fixture(scope="module")
def site_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    imported_site(root, api_rate_limit="10000/minute").store.dispose()
    return root


def _app(root: Path, **settings: object) -> FastAPI:
    values: dict[str, object] = {"api_rate_limit": "10000/minute", **settings}
    return create_app(bootstrap(Settings(home=root / "home", **values)))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def app(site_root: Path) -> FastAPI:
    return _app(site_root)


@pytest.fixture(scope="module")
def broken(site_root: Path) -> Iterator[TestClient]:
    """The site with one route that fails: the 500 page must carry the headers too."""
    built = _app(site_root)
    router = APIRouter()

    @router.get("/kapot", include_in_schema=False)
    def kapot() -> None:
        raise RuntimeError("boom")

    built.include_router(router)
    with TestClient(built, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_the_site_has_pages_json_and_static_files_to_check(app: FastAPI) -> None:
    urls = get_urls(app)
    assert {"/?dataset=geimporteerd", "/api?dataset=geimporteerd", "/static/krapte.css"} <= set(
        urls
    )
    assert any(url.startswith("/api/v1/openapi.json") for url in urls)


def test_every_route_sends_the_security_headers(
    app: FastAPI, client: TestClient, broken: TestClient
) -> None:
    answers = [client.get(url) for url in [*get_urls(app), "/bestaat-niet", "/api/v1/niets"]]
    answers.append(broken.get("/kapot"))
    assert {a.status_code for a in answers} >= {200, 404, 500}
    for response in answers:
        for name, value in HEADERS.items():
            assert response.headers.get(name) == value, (response.url, name)
        assert "strict-transport-security" not in response.headers


def test_hsts_is_sent_only_over_https(app: FastAPI) -> None:
    with TestClient(app, base_url="https://testserver") as secure:
        response = secure.get("/api")
    assert response.headers["strict-transport-security"].startswith("max-age=31536000")


def test_head_is_answered_like_get_without_a_body_on_every_route(
    app: FastAPI, client: TestClient
) -> None:
    for url in get_urls(app):
        got = client.get(url)
        head = client.head(url)
        assert head.status_code == got.status_code == 200, url
        assert head.content == b"", url
        assert head.headers["content-type"] == got.headers["content-type"], url


def test_a_hostile_host_header_never_reaches_a_page(app: FastAPI, client: TestClient) -> None:
    for url in [*get_urls(app), "/bestaat-niet"]:
        response = client.get(url, headers={"host": "aanvaller.example"})
        assert "aanvaller.example" not in response.text, url
    page = client.get("/api", headers={"host": "aanvaller.example"}).text
    assert 'href="/static/krapte.css?v=' in page


def test_no_page_or_json_shows_a_server_path(
    app: FastAPI, client: TestClient, site_root: Path
) -> None:
    leaks = [
        url
        for url in get_urls(app)
        if str(site_root) in (text := client.get(url).text) or SECRET_FOLDER in text
    ]
    assert leaks == []


def test_static_files_with_their_version_are_cached_for_a_year(client: TestClient) -> None:
    page = client.get("/api").text
    start = page.index("/static/krapte.css?v=")
    versioned = page[start : page.index('"', start)]
    assert "immutable" in client.get(versioned).headers["cache-control"]
    assert client.get("/static/krapte.css").headers["cache-control"] == "public, max-age=3600"


def test_a_too_long_query_is_refused_in_dutch(client: TestClient) -> None:
    page = client.get("/?q=" + "x" * 3000)
    assert page.status_code == 414
    assert "Het webadres is te lang" in page.text
    api = client.get("/api/v1/openapi.json?q=" + "x" * 3000)
    assert api.status_code == 414
    assert api.json()["detail"].startswith("Het webadres is te lang")


def test_too_many_query_parameters_are_refused_in_dutch(client: TestClient) -> None:
    response = client.get("/api/v1/openapi.json?" + "&".join(f"p{i}=1" for i in range(41)))
    assert response.status_code == 400
    assert "te veel parameters" in response.json()["detail"]
    assert client.get("/?" + "&".join(f"p{i}=1" for i in range(40))).status_code == 200


def test_a_response_larger_than_the_bound_is_not_sent(site_root: Path) -> None:
    with TestClient(_app(site_root, max_response_bytes=2048)) as small:
        response = small.get("/api/v1/openapi.json", headers={"accept-encoding": "identity"})
        assert response.status_code == 500
        assert "te groot" in response.json()["detail"]
        assert response.headers["x-content-type-options"] == "nosniff"
        assert small.get("/static/favicon.svg").status_code == 200


def test_the_api_is_rate_limited_per_client_with_a_dutch_429(site_root: Path) -> None:
    with TestClient(_app(site_root, api_rate_limit="3/minute")) as limited:
        answers = [limited.get("/api/v1/openapi.json") for _ in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        refused = answers[-1]
        assert "Wacht" in refused.json()["detail"]
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        assert refused.headers["x-frame-options"] == "DENY"
        assert all(limited.get("/api").status_code == 200 for _ in range(5))  # pages: no limit


def test_a_site_without_a_database_answers_503_and_creates_nothing(tmp_path: Path) -> None:
    home = tmp_path / "nieuw"
    home.mkdir()
    fresh = create_app(bootstrap(Settings(home=home)))
    with TestClient(fresh) as client:
        for url in get_urls(fresh):
            response = client.get(url)
            assert response.status_code in {200, 503}, url
        page = client.get("/")
        api = client.get(f"/datasets/{IMPORTED}.json")
    assert page.status_code == 503
    assert "nog niet ingericht" in page.text
    assert api.status_code == 503
    assert "nog niet ingericht" in api.json()["detail"]
    # No store is made; only the API's rate-limit counts, which every worker shares, have a file.
    assert [p.name for p in home.iterdir() if not p.name.startswith("ratelimits.db")] == []

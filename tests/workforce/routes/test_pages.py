"""The workforce pages and API: import through the browser, indicators with charts, sector view."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from accounts.builders import csrf_token, make_user, signed_in_client
from krapte.accounts.core.permissions import Role
from krapte.bootstrap import Container, bootstrap
from krapte.settings import Settings
from krapte.web.app import create_app
from workforce.builders import organisation, staff, staff_file


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Container]:
    container = bootstrap(Settings(home=tmp_path / "home"))
    container.store.initialise()
    make_user(container, "org@voorbeeld.be", Role.ORGANISATION, organisations=["CAW Oost"])
    organisation(container, "CAW Oost")
    yield container
    container.store.dispose()


def _upload(client: TestClient, path: Path) -> object:
    return client.post(
        "/werkkracht/CAW%20Oost/importeren",
        data={"csrf_token": _token(client)},
        files={"bestand": (path.name, path.read_bytes(), "text/csv")},
    )


def _token(client: TestClient) -> str:
    return csrf_token(client, "/werkkracht/CAW%20Oost/importeren")


def test_an_organisation_uploads_its_records_and_sees_its_indicators_with_charts(
    site: Container, tmp_path: Path
) -> None:
    client = signed_in_client(create_app(site), "org@voorbeeld.be")
    rows = [
        staff(pseudonym="A1", level="master", start_date="2019-01-01"),
        staff(
            pseudonym="A2", start_date="2020-01-01", end_date="2023-06-30", exit_reason="werkdruk"
        ),
    ]
    answer = _upload(client, staff_file(tmp_path, rows))
    assert answer.status_code == 303  # type: ignore[attr-defined]
    page = client.get("/werkkracht/CAW%20Oost?gedaan=ingelezen")
    assert page.status_code == 200
    assert "De personeelsgegevens zijn ingelezen." in page.text
    assert 'src="/werkkracht/CAW%20Oost/verloop.svg"' in page.text
    assert 'src="/werkkracht/CAW%20Oost/teammix.svg"' in page.text
    assert "werkdruk" in page.text
    assert "A1" not in page.text
    chart = client.get("/werkkracht/CAW%20Oost/verloop.svg")
    assert chart.headers["content-type"].startswith("image/svg+xml")
    assert "no-store" in chart.headers["cache-control"]
    assert "<svg" in client.get("/werkkracht/CAW%20Oost/teammix.svg").text


def test_a_refused_upload_lists_file_row_and_column_and_keeps_the_old_records(
    site: Container, tmp_path: Path
) -> None:
    client = signed_in_client(create_app(site), "org@voorbeeld.be")
    _upload(client, staff_file(tmp_path, [staff(pseudonym="A1")]))
    bad = staff_file(tmp_path, [staff(pseudonym="A9")], name="namen.csv", extra={"Naam": ["Jan"]})
    answer = _upload(client, bad)
    assert answer.status_code == 422  # type: ignore[attr-defined]
    assert "namen.csv, rij 1, kolom 'Naam'" in answer.text  # type: ignore[attr-defined]
    api = client.get("/api/v1/werkkracht/organisaties").json()
    assert api[0]["records"] == 1


def test_an_upload_without_csrf_token_is_refused(site: Container, tmp_path: Path) -> None:
    client = signed_in_client(create_app(site), "org@voorbeeld.be")
    path = staff_file(tmp_path, [staff()])
    answer = client.post(
        "/werkkracht/CAW%20Oost/importeren",
        files={"bestand": (path.name, path.read_bytes(), "text/csv")},
    )
    assert answer.status_code == 403
    assert client.get("/api/v1/werkkracht/organisaties").json()[0]["records"] == 0


def test_the_public_sector_page_offers_only_one_dimension_breakdowns(site: Container) -> None:
    client = TestClient(create_app(site))
    page = client.get("/werkkracht/sector?indeling=province&maat=inflow")
    assert page.status_code == 200
    assert 'value="subsector,province"' not in page.text
    assert "Er zijn nog geen volledige jaren met personeelsgegevens." in page.text
    refused = client.get("/api/v1/werkkracht/sector?indeling=gemeente")
    assert refused.status_code == 422
    assert "indeling" in refused.text


def test_the_public_sector_view_follows_every_import(site: Container, tmp_path: Path) -> None:
    """The site's answer cache keys on the data hub's version, which an import of staff records
    does not change: the sector's answers must never come from it."""
    from workforce.builders import import_file

    client = TestClient(create_app(site))
    before = client.get("/api/v1/werkkracht/sector")
    assert before.json()["rows"] == []
    assert "private" in before.headers["cache-control"]
    rows = [staff(pseudonym=f"A{i}", start_date="2019-01-01") for i in range(30)]
    import_file(site, "CAW Oost", staff_file(tmp_path, rows))
    after = client.get("/api/v1/werkkracht/sector")
    assert after.json()["rows"] != []
    for path in ("/werkkracht/sector", "/werkkracht/sector/grafiek.svg"):
        assert "private" in client.get(path).headers["cache-control"], path

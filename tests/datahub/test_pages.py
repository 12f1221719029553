"""The Controles, Beweringen and Over de data pages and their JSON API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from builders import obs, series, store_release, write_package
from krapte.bootstrap import Container, bootstrap
from krapte.datahub.core.bundle import load_package
from krapte.datahub.core.claims import STATUSES
from krapte.datahub.service import load_bundle, read_claims_text
from krapte.formatting import number
from krapte.settings import Settings
from krapte.web.app import create_app
from krapte.web.site import forget_versions

PARTS = {"maatschappelijk werk": 1200.0, "sociaal-cultureel werk": 900.0}
PRINTED_TOTAL = 2000.0  # the parts add up to 2.100: a finding
ROWS = [
    *(obs(period="2020", level="graduaat", programme=p, value=v) for p, v in PARTS.items()),
    obs(period="2020", level="graduaat", programme="", value=PRINTED_TOTAL),
    *series([2020, 2021], [5665, 5851], level="bachelor", programme="sociaal werk", table="t2"),
]


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[TestClient, Container]]:
    container = bootstrap(Settings(database_url=f"sqlite:///{tmp_path / 'web.db'}"))
    container.store.initialise()
    load_bundle(
        container.unit_of_work(write=True),
        load_package(write_package(tmp_path / "pkg", {"inschrijvingen": ROWS})),
    )
    forget_versions()
    with TestClient(create_app(container)) as client:
        yield client, container
    container.store.dispose()


def test_checks_page_counts_findings_per_dataset_and_severity(
    site: tuple[TestClient, Container],
) -> None:
    page = site[0].get("/controles")
    assert page.status_code == 200
    assert "Bevindingen per dataset" in page.text
    assert number(sum(PARTS.values())) in page.text  # 2.100 in the Dutch message
    api = site[0].get("/api/v1/checks").json()
    (row,) = (c for c in api["counts"] if c["dataset"] == "inschrijvingen")
    errors = [f for f in api["findings"] if f["severity"] == "error"]
    assert row["error"] == len(errors) >= 1
    assert api["checked"] == len(ROWS)


def test_checks_filter_by_severity_and_dataset(site: tuple[TestClient, Container]) -> None:
    client = site[0]
    api = client.get("/api/v1/checks?severity=error&dataset=inschrijvingen").json()
    assert api["findings"]
    assert {f["severity"] for f in api["findings"]} == {"error"}
    assert api["total"] == len(api["findings"])
    assert client.get("/api/v1/checks?dataset=bestaat-niet").json()["findings"] == []
    page = client.get("/controles?severity=error").text
    assert '<option value="error" selected>' in page
    assert "waarschuwing</td>" not in page
    assert client.get("/api/v1/checks?severity=ernstig").status_code == 422


def test_claims_page_lists_every_claim_with_its_verdict(
    site: tuple[TestClient, Container],
) -> None:
    claims = site[0].get("/api/v1/claims").json()
    _, text = read_claims_text(None)
    assert len(claims["claims"]) == text.count("[[claim]]")
    assert sum(claims["counts"].values()) == len(claims["claims"])
    assert set(claims["counts"]) == set(STATUSES)
    page = site[0].get("/beweringen").text
    first = claims["claims"][0]
    assert first["statement"].split("(")[0][:40] in page.replace("&#39;", "'")
    assert "Wat het rapport schrijft" in page


def test_claims_filter_by_verdict(site: tuple[TestClient, Container]) -> None:
    client = site[0]
    every = client.get("/api/v1/claims").json()
    verdict = every["claims"][0]["verdict"]
    chosen = client.get("/api/v1/claims", params={"verdict": verdict}).json()["claims"]
    assert len(chosen) == every["counts"][verdict]
    assert {c["verdict"] for c in chosen} == {verdict}
    page = client.get("/beweringen", params={"verdict": verdict}).text
    assert f'<option value="{verdict}" selected>' in page
    assert client.get("/api/v1/claims?verdict=misschien").status_code == 422


def test_about_page_lists_datasets_and_links_the_api(site: tuple[TestClient, Container]) -> None:
    page = site[0].get("/over")
    assert page.status_code == 200
    assert 'href="/datasets/inschrijvingen"' in page.text
    assert "4.1.1" in page.text
    assert "Dataloep 2025" in page.text
    assert 'href="/api"' in page.text
    assert "krapte data" not in page.text  # no shell command shown to visitors


def test_checks_and_claims_follow_a_new_version(site: tuple[TestClient, Container]) -> None:
    client, container = site
    before = client.get("/api/v1/checks?severity=error").json()["total"]
    assert before >= 1
    fixed = [o for o in ROWS if o.programme or o.level != "graduaat"]
    fixed.append(obs(period="2020", level="graduaat", programme="", value=sum(PARTS.values())))
    with container.unit_of_work(write=True) as uow:
        store_release(uow.session, fixed, label="gecorrigeerd")
        uow.commit()
    forget_versions()
    after = client.get("/api/v1/checks?severity=error").json()
    assert after["total"] == before - 1
    assert "gecorrigeerd" in client.get("/over").text

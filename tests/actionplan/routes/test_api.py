"""The action plan's JSON API: the same figures as the pages, writes for editors with an API
token, and the documented refusals (401, 403, 404, 409, 422) that change nothing."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from actionplan.routes.plan_builders import (
    ANALYST,
    OTHER_USER,
    OWNER,
    Site,
    build_site,
    plan_tables,
)
from krapte.accounts import service as accounts
from krapte.accounts.core.permissions import SYSTEM
from krapte.bootstrap import Container


@pytest.fixture
def site(container: Container) -> Site:
    return build_site(container)


def token_client(site: Site, email: str) -> TestClient:
    user = accounts.find_user(site.container.unit_of_work(), SYSTEM, email)
    made = accounts.create_api_token(site.container.unit_of_work(write=True), user.actor(), "t")
    return TestClient(site.app, headers={"authorization": f"Bearer {made.secret}"})


def _numbers_on_page(html: str) -> set[int]:
    return {int(n) for n in re.findall(r'href="/actieplan/aanbevelingen/(\d+)"', html)}


def test_the_api_lists_what_the_page_shows_for_the_same_filters(site: Site) -> None:
    client = site.client()
    for query in ("", "?actorgroep=higher_education", "?prioriteit=7", "?status=not_started"):
        answer = client.get(f"/api/v1/actieplan{query}")
        assert answer.status_code == 200
        listed = {item["number"] for item in answer.json()["recommendations"]}
        assert listed == _numbers_on_page(client.get(f"/actieplan{query}").text)
    whole = client.get("/api/v1/actieplan").json()
    assert sum(whole["counts"].values()) == 60
    (item,) = [r for r in whole["recommendations"] if r["number"] == 36]
    assert item["actions"][0]["owner"] == OWNER
    assert item["actions"][0]["due_date"] == "2027-06-30"


def test_detail_history_shows_acting_as_never_a_name(site: Site) -> None:
    detail = site.client().get("/api/v1/actieplan/aanbevelingen/36").json()
    assert detail["recommendation"]["section"] == "5.5. HOGER ONDERWIJS"
    assert [event["kind"] for event in detail["history"]] == ["created"]
    assert detail["history"][0]["acting_as"] == "beheerder"
    assert "actor_name" not in str(detail)
    assert "opdrachtregel" not in str(detail)
    keys = {series["key"] for series in detail["indicators"]}
    assert "stage_vulgraad" in keys


def test_priorities_and_events(site: Site) -> None:
    client = site.client()
    priorities = client.get("/api/v1/actieplan/prioriteiten").json()
    assert [p["number"] for p in priorities] == list(range(1, 11))
    seven = priorities[6]["recommendations"]
    assert {2, 35, 36, 47, 59} <= {link["recommendation"] for link in seven}
    assert {link["basis"] for link in priorities[0]["recommendations"]} == {"interpretation"}
    events = client.get("/api/v1/actieplan/gebeurtenissen?limit=5").json()
    assert [(e["action"], e["kind"]) for e in events] == [("36.1", "created")]
    assert client.get("/api/v1/actieplan/gebeurtenissen?limit=100000").status_code == 422


def test_an_analyst_records_and_updates_an_action_with_a_token(site: Site) -> None:
    client = token_client(site, ANALYST)
    created = client.post(
        "/api/v1/actieplan/aanbevelingen/24/acties",
        json={"title": "Monitor instroom", "owner": "Sterk Sociaal Werk", "due_date": "2027-03-31"},
    )
    assert created.status_code == 201
    assert created.json()["reference"] == "24.1"
    changed = client.patch(
        "/api/v1/actieplan/acties/24.1",
        json={"status": "under_way", "note": "Gestart.", "evidence_url": "https://example.org/a"},
    )
    assert changed.status_code == 200
    assert changed.json()["action"]["status"] == "under_way"
    assert [e["kind"] for e in changed.json()["events"]] == ["status"]
    history = site.client().get("/api/v1/actieplan/aanbevelingen/24").json()["history"]
    assert [e["kind"] for e in history] == ["created", "status"]
    assert history[1]["evidence_url"] == "https://example.org/a"


def test_api_refusals_are_documented_answers_that_change_nothing(site: Site) -> None:
    before = plan_tables(site.container)
    wrong_token = site.client().patch(
        "/api/v1/actieplan/acties/36.1",
        json={"status": "done"},
        headers={"authorization": "Bearer geen-echte-sleutel"},
    )
    assert wrong_token.status_code == 401
    no_token = site.client().patch("/api/v1/actieplan/acties/36.1", json={"status": "done"})
    assert no_token.status_code == 403  # a browser without a token: the CSRF check refuses
    other = token_client(site, OTHER_USER)
    assert other.patch("/api/v1/actieplan/acties/36.1", json={"status": "done"}).status_code == 403
    analyst = token_client(site, ANALYST)
    missing = analyst.patch("/api/v1/actieplan/acties/36.9", json={"status": "done"})
    assert missing.status_code == 404
    assert "36.9" in missing.json()["detail"]
    backwards = analyst.post(
        "/api/v1/actieplan/aanbevelingen/36/acties",
        json={
            "title": "Omgekeerd",
            "owner": OWNER,
            "start_date": "2027-05-01",
            "due_date": "2027-01-01",
        },
    )
    assert backwards.status_code == 422
    assert backwards.json()["problems"][0]["field"] == "due_date"
    assert plan_tables(site.container) == before
    analyst.patch("/api/v1/actieplan/acties/36.1", json={"status": "dropped"})
    dropped = plan_tables(site.container)
    refused = analyst.patch("/api/v1/actieplan/acties/36.1", json={"status": "done"})
    assert refused.status_code == 409
    assert "heropen" in refused.json()["detail"]
    assert plan_tables(site.container) == dropped


def test_the_openapi_document_describes_the_action_plan(site: Site) -> None:
    document = site.client().get("/api/v1/openapi.json").json()
    paths = document["paths"]
    assert "/api/v1/actieplan/acties/{reference}" in paths
    refusals = paths["/api/v1/actieplan/acties/{reference}"]["patch"]["responses"]
    assert {"401", "403", "404", "409", "422"} <= set(refusals)
    assert "actor_name" not in str(document["components"]["schemas"]["EventOut"])

"""The round administrator's API with API tokens: phases, allocation, publication, free places."""

from __future__ import annotations

from fastapi.testclient import TestClient

from accounts.builders import make_user
from krapte.accounts import service
from krapte.accounts.core.permissions import Role
from krapte.bootstrap import Container
from krapte.placement.core.calendar import Phase
from krapte.web.app import create_app
from placement.rounds.admin_builders import phase_of, stored_round


def token_client(
    container: Container, email: str, role: Role, organisations: tuple[str, ...] = ()
) -> TestClient:
    user = make_user(container, email, role, organisations=organisations)
    made = service.create_api_token(container.unit_of_work(write=True), user.actor(), "test")
    return TestClient(create_app(container), headers={"authorization": f"Bearer {made.secret}"})


def test_a_round_administrator_runs_the_round_through_the_api(container: Container) -> None:
    round_id = stored_round(container, Phase.RANKINGS_OPEN)
    client = token_client(container, "rb@voorbeeld.be", Role.ROUND_ADMIN)
    too_early = client.post(f"/api/v1/stages/{round_id}/toewijzen", json={"seed": 3})
    assert too_early.status_code == 409
    assert "afgesloten" in too_early.json()["detail"]
    moved = client.post(f"/api/v1/stages/{round_id}/fase", json={"phase": "closed"})
    assert moved.json()["phase"] == "closed"
    run = client.post(f"/api/v1/stages/{round_id}/toewijzen", json={"seed": 3}).json()
    assert (run["seed"], run["kind"], len(run["input_sha256"])) == (3, "main", 64)
    detail = client.get(f"/api/v1/stages/{round_id}/runs/{run['id']}").json()
    assert detail["stable"] is True
    assert detail["statistics"]["matched"] == run["matched"]
    published = client.post(f"/api/v1/stages/{round_id}/publiceren", json={}).json()
    assert published["published_run_id"] == run["id"]
    places = client.get(f"/api/v1/stages/{round_id}/vrije-plaatsen").json()
    assert sum(p["free"] for p in places) == detail["statistics"]["unfilled_places"]
    home = client.get(f"/api/v1/stages/{round_id}").json()
    assert [p["phase"] for p in home["calendar"] if p["current"]] == ["published"]


def test_an_organisation_token_cannot_allocate(container: Container) -> None:
    round_id = stored_round(container, Phase.CLOSED)
    client = token_client(container, "org@voorbeeld.be", Role.ORGANISATION, ("Vzw Eén",))
    refused = client.post(f"/api/v1/stages/{round_id}/toewijzen", json={})
    assert refused.status_code == 403
    assert phase_of(container, round_id) == "closed"
    assert client.get(f"/api/v1/stages/{round_id}/runs").status_code == 403


def test_the_followup_round_through_the_api_publishes_its_run(container: Container) -> None:
    round_id = stored_round(container, Phase.CLOSED)
    client = token_client(container, "rb@voorbeeld.be", Role.ROUND_ADMIN)
    first = client.post(f"/api/v1/stages/{round_id}/toewijzen", json={"seed": 1}).json()
    client.post(f"/api/v1/stages/{round_id}/publiceren", json={"run_id": first["id"]})
    client.post(f"/api/v1/stages/{round_id}/fase", json={"phase": "follow_up"})
    followup = client.post(f"/api/v1/stages/{round_id}/opvolgronde", json={"seed": 2}).json()
    assert (followup["kind"], followup["published"]) == ("followup", True)
    assert followup["matched"] == first["matched"]  # nobody ranked a free place: nobody moves
    runs = client.get(f"/api/v1/stages/{round_id}/runs").json()
    assert [(r["kind"], r["published"]) for r in runs] == [("followup", True), ("main", False)]

"""The organisation's API with a personal API token: offers (list, create, read, overwrite) and
interns (list, confirm, evaluate, job offer), with the same refusals as the pages."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from accounts.builders import make_user
from krapte.accounts import service
from krapte.accounts.core.permissions import SYSTEM, Role
from krapte.bootstrap import Container
from krapte.placement.core.calendar import Phase
from krapte.placement.tables import PlacementOffer, PlacementOutcome
from krapte.web.app import create_app
from placement.rounds.organisation_round import MINE, OTHER, build_round

OFFER = {
    "organisation": MINE,
    "capacity": 3,
    "municipality": "oostende",
    "sector": "ouderenzorg",
    "programmes": ["sociaal werk"],
    "study_years": [3],
    "languages": ["nl", "fr"],
    "period": "voorjaar",
    "description": "Woonzorgcentrum aan zee",
}


def api_client(container: Container, role: Role = Role.ORGANISATION) -> TestClient:
    user = make_user(
        container,
        "api@voorbeeld.be",
        role,
        organisations=[MINE] if role is Role.ORGANISATION else [],
    )
    token = service.create_api_token(
        container.unit_of_work(write=True), SYSTEM, "test", user_id=user.id
    )
    client = TestClient(create_app(container), follow_redirects=False)
    client.headers["Authorization"] = f"Bearer {token.secret}"
    return client


def offers(container: Container) -> dict[str, tuple[str, int]]:
    with container.unit_of_work() as uow:
        return {
            r.offer_id: (r.organisation, r.capacity)
            for r in uow.session.scalars(select(PlacementOffer))
        }


def test_an_api_token_creates_reads_and_overwrites_its_offers(container: Container) -> None:
    built = build_round(container)
    client = api_client(container)
    base = f"/api/v1/stages/{built.round_id}/aanbod"
    created = client.post(base, json=OFFER)
    assert created.status_code == 201
    body = created.json()
    assert body["offer_id"] == "CAW-MIJNSTAD-01"
    assert (body["municipality"], body["province"]) == ("Oostende", "West-Vlaanderen")
    listed = client.get(base).json()
    assert listed["mine"] is True
    assert [o["offer_id"] for o in listed["offers"]] == [*built.offer_ids[MINE], "CAW-MIJNSTAD-01"]
    changed = client.put(f"{base}/CAW-MIJNSTAD-01", json=OFFER | {"capacity": 1})
    assert changed.status_code == 200
    assert client.get(f"{base}/CAW-MIJNSTAD-01").json()["capacity"] == 1
    assert offers(container)["CAW-MIJNSTAD-01"] == (MINE, 1)


def test_the_api_refuses_another_organisation_an_unknown_municipality_and_the_wrong_phase(
    container: Container,
) -> None:
    built = build_round(container, Phase.DRAFT)
    client = api_client(container)
    base = f"/api/v1/stages/{built.round_id}/aanbod"
    before = offers(container)
    theirs = built.offer_ids[OTHER][0]
    assert client.post(base, json=OFFER | {"organisation": OTHER}).status_code == 403
    assert client.put(f"{base}/{theirs}", json=OFFER | {"organisation": OTHER}).status_code == 403
    unknown = client.post(base, json=OFFER | {"municipality": "Oostend"})
    assert unknown.status_code == 422
    assert unknown.json()["problems"][0]["field"] == "municipality"
    assert "Oostende" in unknown.json()["problems"][0]["message"]
    assert TestClient(create_app(container)).get(base).status_code == 401
    assert offers(container) == before


def test_the_api_lists_and_updates_interns_only_after_publication(container: Container) -> None:
    built = build_round(container, Phase.PUBLISHED, published=True)
    client = api_client(container)
    base = f"/api/v1/stages/{built.round_id}/stagiairs"
    listed = client.get(base).json()
    mine = {s for s, o in built.placed.items() if o in built.offer_ids[MINE]}
    assert listed["published"] is True
    assert {i["student_id"] for i in listed["interns"]} == mine
    student = sorted(mine)[0]
    answer = client.post(
        f"{base}/{student}", json={"mentor": "Jan", "score": 5, "job_offered": False}
    )
    assert answer.status_code == 200
    assert (answer.json()["confirmed"], answer.json()["score"], answer.json()["job_offered"]) == (
        True,
        5,
        False,
    )
    theirs = next(s for s, o in built.placed.items() if o in built.offer_ids[OTHER])
    assert client.post(f"{base}/{theirs}", json={"mentor": "Jan"}).status_code == 403
    second = client.post(
        f"{base}/{sorted(mine)[1]}",
        json={"mentor": "Jan", "comment": "x" * 2000, "score": 5, "job_offered": True},
    )
    assert second.status_code == 200
    with container.unit_of_work() as uow:
        rows = {
            r.student_id: (r.mentor, r.organisation_score, r.job_offered)
            for r in uow.session.scalars(select(PlacementOutcome))
        }
    assert rows == {student: ("Jan", 5, False), sorted(mine)[1]: ("Jan", 5, True)}

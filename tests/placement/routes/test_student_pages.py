"""The student's pages and API: search, the ranked list with its buttons, the result."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from accounts.builders import post_form
from krapte.bootstrap import Container
from krapte.web.app import create_app
from placement.rounds.student_builders import build_round, publish
from placement.routes.web_builders import student_client


def order(client: TestClient, rid: int) -> list[str]:
    answer = client.get(f"/stages/{rid}/mijn-lijst")
    return re.findall(r'data-offer-id="([^"]+)"', answer.text)


def test_the_search_page_lists_only_eligible_offers(container: Container) -> None:
    rid = build_round(container, accounts=False)
    client = student_client(container, 1)
    answer = client.get(f"/stages/{rid}/zoeken")
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "no-store"
    assert "Zorg Gent" in answer.text
    assert "Buurtwerk Gent" in answer.text
    assert "OCMW Brugge" not in answer.text
    assert "Huis Leuven" not in answer.text
    assert "Toevoegen aan mijn lijst" in answer.text
    filtered = client.get(f"/stages/{rid}/zoeken", params={"sector": "welzijn", "q": "buurt"})
    assert "Buurtwerk Gent" in filtered.text
    assert "CAW Antwerpen" not in filtered.text


def test_adding_and_moving_return_to_the_moved_choice(container: Container) -> None:
    rid = build_round(container, accounts=False)
    client = student_client(container, 1)
    added = post_form(client, f"/stages/{rid}/mijn-lijst/toevoegen", {"offer_id": "O5"})
    assert added.status_code == 303
    assert added.headers["location"].endswith("gedaan=keuze-toegevoegd#keuze-3")
    assert order(client, rid) == ["O1", "O2", "O5"]
    up = post_form(client, f"/stages/{rid}/mijn-lijst/omhoog", {"offer_id": "O5"})
    assert up.headers["location"].endswith("#keuze-2")
    down = post_form(client, f"/stages/{rid}/mijn-lijst/omlaag", {"offer_id": "O1"})
    assert down.headers["location"].endswith("#keuze-2")
    assert order(client, rid) == ["O5", "O1", "O2"]
    post_form(client, f"/stages/{rid}/mijn-lijst/verwijderen", {"offer_id": "O1"})
    assert order(client, rid) == ["O5", "O2"]
    whole = post_form(
        client, f"/stages/{rid}/mijn-lijst", {"offer_id": ["O2", "O5"], "moved": "O2"}
    )
    assert whole.headers["location"].endswith("gedaan=bewaard#keuze-1")
    page = client.get(f"/stages/{rid}/mijn-lijst?gedaan=bewaard")
    assert "Je lijst is bewaard." in page.text
    assert re.search(r'name="csrf_token" value="[^"]+"', page.text)  # every form has its token
    assert 'id="keuze-1"' in page.text
    assert "ranking.js" in page.text


def test_an_ineligible_offer_is_refused_in_dutch_and_the_list_stays(container: Container) -> None:
    rid = build_round(container, accounts=False)
    client = student_client(container, 1)
    answer = post_form(client, f"/stages/{rid}/mijn-lijst/toevoegen", {"offer_id": "O3"})
    assert answer.status_code == 422
    assert "stageplaats &#39;O3&#39; kun je niet kiezen" in answer.text
    assert order(client, rid) == ["O1", "O2"]


def test_after_the_deadline_the_page_says_so(container: Container) -> None:
    rid = build_round(container, accounts=False, deadline=datetime.now(UTC) - timedelta(hours=1))
    client = student_client(container, 1)
    answer = post_form(client, f"/stages/{rid}/mijn-lijst/omlaag", {"offer_id": "O1"})
    assert answer.status_code == 409
    assert "de deadline om je lijst te wijzigen is voorbij" in answer.text
    assert order(client, rid) == ["O1", "O2"]


def test_a_form_without_its_token_changes_nothing(container: Container) -> None:
    rid = build_round(container, accounts=False)
    client = student_client(container, 1)
    answer = client.post(f"/stages/{rid}/mijn-lijst/omlaag", data={"offer_id": "O1"})
    assert answer.status_code == 403
    assert order(client, rid) == ["O1", "O2"]


def test_the_api_reads_and_replaces_the_list(container: Container) -> None:
    rid = build_round(container, accounts=False)
    client = student_client(container, 2)
    token = client.get("/account").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', token)
    assert csrf
    headers = {"x-csrf-token": csrf.group(1)}
    mine = client.get(f"/api/v1/stages/{rid}/mijn-lijst").json()
    assert mine["offer_ids"] == ["O1", "O2", "O5"]
    assert mine["complete"]
    saved = client.put(
        f"/api/v1/stages/{rid}/mijn-lijst", json={"offer_ids": ["O5", "O1"]}, headers=headers
    )
    assert saved.status_code == 200
    assert saved.json()["offer_ids"] == ["O5", "O1"]
    refused = client.put(
        f"/api/v1/stages/{rid}/mijn-lijst", json={"offer_ids": ["O4"]}, headers=headers
    )
    assert refused.status_code == 422
    assert client.get(f"/api/v1/stages/{rid}/mijn-lijst").json()["offer_ids"] == ["O5", "O1"]
    found = client.get(f"/api/v1/stages/{rid}/zoeken", params={"provincie": "Antwerpen"}).json()
    assert [o["offer_id"] for o in found["offers"]] == ["O2"]


def test_strangers_get_no_list(container: Container) -> None:
    rid = build_round(container, accounts=False)
    anonymous = TestClient(create_app(container), follow_redirects=False)
    assert anonymous.get(f"/api/v1/stages/{rid}/mijn-lijst").status_code == 401
    page = anonymous.get(f"/stages/{rid}/mijn-lijst")
    assert page.status_code in (303, 307)
    assert "/aanmelden" in page.headers["location"]


def test_the_result_page_explains_and_takes_an_evaluation(
    container: Container, tmp_path: Path
) -> None:
    rid = build_round(container, accounts=False)
    publish(container, rid, tmp_path / "run")
    client = student_client(container, 3)
    page = client.get(f"/stages/{rid}/resultaat")
    assert page.status_code == 200
    assert "OCMW Brugge" in page.text
    assert "Je lotnummer is" in page.text
    bad = post_form(client, f"/stages/{rid}/resultaat/beoordeling", {"student_score": "9"})
    assert bad.status_code == 422
    assert "kies een score van 1 tot 5" in bad.text
    good = post_form(
        client,
        f"/stages/{rid}/resultaat/beoordeling",
        {"student_score": "5", "student_comment": "Top"},
    )
    assert good.status_code == 303
    again = client.get(f"/api/v1/stages/{rid}/resultaat").json()
    assert (again["student_score"], again["student_comment"]) == (5, "Top")


def test_a_new_account_with_the_schools_address_finds_its_list(container: Container) -> None:
    rid = build_round(container, accounts=False)
    client = student_client(container, 2, link=False)
    answer = client.get(f"/api/v1/stages/{rid}/mijn-lijst")
    assert answer.status_code == 200
    assert answer.json()["student_id"] == "S2"
    stranger = student_client(container, 7, link=False)  # no record with that address
    assert stranger.get(f"/api/v1/stages/{rid}/mijn-lijst").status_code == 403

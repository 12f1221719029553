"""The organisation's pages and API: forms, redirects with a confirmation, problems beside their
fields (422, nothing stored), and the interns page before and after publication."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from accounts.builders import make_user, post_form, signed_in_client
from krapte.accounts.core.permissions import Role
from krapte.bootstrap import Container
from krapte.placement.core.calendar import Phase
from krapte.placement.tables import PlacementOffer, PlacementOutcome
from krapte.web.app import create_app
from placement.rounds.organisation_round import MINE, OTHER, build_round

FORM = {
    "organisation": MINE,
    "capacity": "2",
    "municipality": "Leuven",
    "sector": "jeugdhulp",
    "programmes": ["sociaal werk", "orthopedagogie"],
    "study_years": ["2"],
    "languages": ["nl"],
    "period": "najaar",
    "description": "Stage in de jeugdhulp",
}


def organisation_client(container: Container, *organisations: str) -> TestClient:
    make_user(
        container, "org@voorbeeld.be", Role.ORGANISATION, organisations=organisations or [MINE]
    )
    return signed_in_client(create_app(container), "org@voorbeeld.be")


def offer_rows(container: Container) -> dict[str, tuple[str, int, str]]:
    with container.unit_of_work() as uow:
        rows = uow.session.scalars(select(PlacementOffer))
        return {r.offer_id: (r.organisation, r.capacity, r.province) for r in rows}


def test_a_new_offer_is_stored_and_shown_with_a_confirmation(container: Container) -> None:
    built = build_round(container)
    client = organisation_client(container)
    page = client.get(f"/stages/{built.round_id}/aanbod")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert built.offer_ids[MINE][0] in page.text
    assert built.offer_ids[OTHER][0] not in page.text
    answer = post_form(client, f"/stages/{built.round_id}/aanbod/nieuw", FORM)
    assert answer.status_code == 303
    assert (
        answer.headers["location"]
        == f"/stages/{built.round_id}/aanbod/CAW-MIJNSTAD-01?gedaan=aangemaakt"
    )
    shown = client.get(answer.headers["location"])
    assert "Je aanbod is bewaard." in shown.text
    assert "Vlaams-Brabant" in shown.text
    assert offer_rows(container)["CAW-MIJNSTAD-01"] == (MINE, 2, "Vlaams-Brabant")


def test_a_form_with_problems_is_shown_again_with_them_beside_the_fields(
    container: Container,
) -> None:
    built = build_round(container)
    client = organisation_client(container)
    before = offer_rows(container)
    answer = post_form(
        client,
        f"/stages/{built.round_id}/aanbod/nieuw",
        FORM | {"municipality": "Leuvn", "capacity": "-3"},
    )
    assert answer.status_code == 422
    assert 'id="fout-municipality"' in answer.text
    assert "&#39;Leuven&#39;" in answer.text
    assert 'id="fout-capacity"' in answer.text
    assert 'value="Leuvn"' in answer.text  # what was typed stays
    assert offer_rows(container) == before


def test_another_organisations_offer_cannot_be_edited(container: Container) -> None:
    built = build_round(container)
    client = organisation_client(container)
    theirs = built.offer_ids[OTHER][0]
    before = offer_rows(container)
    assert client.get(f"/stages/{built.round_id}/aanbod/{theirs}/bewerken").status_code == 403
    answer = post_form(
        client, f"/stages/{built.round_id}/aanbod/{theirs}/bewerken", FORM | {"organisation": OTHER}
    )
    assert answer.status_code == 403
    assert (
        post_form(client, f"/stages/{built.round_id}/aanbod/{theirs}/verwijderen").status_code
        == 403
    )
    assert offer_rows(container) == before
    assert client.get(f"/stages/{built.round_id}/aanbod/{theirs}").status_code == 200  # readable


def test_offer_forms_outside_their_phase_answer_with_the_phase(container: Container) -> None:
    built = build_round(container, Phase.RANKINGS_OPEN)
    client = organisation_client(container)
    answer = post_form(client, f"/stages/{built.round_id}/aanbod/nieuw", FORM)
    assert answer.status_code == 409
    assert "aanbod open" in answer.text
    assert "CAW-MIJNSTAD-01" not in offer_rows(container)


def test_an_import_with_a_bad_row_lists_file_row_and_column(
    container: Container, tmp_path: Path
) -> None:
    built = build_round(container)
    client = organisation_client(container)
    before = offer_rows(container)
    content = (
        "organisation;municipality;sector;capacity\n"
        f"{MINE};Gent;jeugdhulp;2\n"
        f"{MINE};Gentbrugge;jeugdhulp;2\n"
    ).encode()
    url = f"/stages/{built.round_id}/aanbod/importeren"
    token = client.get(url).text.split('name="csrf_token" value="')[1].split('"')[0]
    answer = client.post(
        url, data={"csrf_token": token}, files={"bestand": ("aanbod.csv", content, "text/csv")}
    )
    assert answer.status_code == 422
    assert "aanbod.csv, rij 3, kolom 'municipality'" in answer.text
    assert offer_rows(container) == before
    good = f"organisation;municipality;sector;capacity\n{MINE};Gent;jeugdhulp;2\n".encode()
    answer = client.post(
        url, data={"csrf_token": token}, files={"bestand": ("aanbod.csv", good, "text/csv")}
    )
    assert answer.status_code == 303
    assert "gedaan=geimporteerd" in answer.headers["location"]
    assert offer_rows(container)["CAW-MIJNSTAD-01"] == (MINE, 2, "Oost-Vlaanderen")


def test_interns_are_hidden_before_publication(container: Container) -> None:
    built = build_round(container, Phase.ALLOCATED, published=True)
    client = organisation_client(container)
    page = client.get(f"/stages/{built.round_id}/stagiairs")
    assert page.status_code == 200
    assert "Student " not in page.text
    assert "anoniem" in page.text
    api = client.get(f"/api/v1/stages/{built.round_id}/stagiairs").json()
    assert api["published"] is False
    assert api["interns"] == []
    assert api["offers"] == 3


def test_after_publication_the_organisation_confirms_its_intern(container: Container) -> None:
    built = build_round(container, Phase.PUBLISHED, published=True)
    client = organisation_client(container)
    mine = {s for s, o in built.placed.items() if o in built.offer_ids[MINE]}
    page = client.get(f"/stages/{built.round_id}/stagiairs")
    api = client.get(f"/api/v1/stages/{built.round_id}/stagiairs").json()
    assert {i["student_id"] for i in api["interns"]} == mine
    assert page.text.count('<section class="intern"') == len(mine)
    student = sorted(mine)[0]
    answer = post_form(
        client, f"/stages/{built.round_id}/stagiairs/{student}/bevestigen", {"mentor": "An Peeters"}
    )
    assert answer.status_code == 303
    assert answer.headers["location"].endswith("gedaan=bevestigd")
    assert "De stage is bevestigd" in client.get(answer.headers["location"]).text
    theirs = next(s for s, o in built.placed.items() if o in built.offer_ids[OTHER])
    refused = post_form(
        client, f"/stages/{built.round_id}/stagiairs/{theirs}/bevestigen", {"mentor": "X"}
    )
    assert refused.status_code == 403
    with container.unit_of_work() as uow:
        rows = [(r.student_id, r.mentor) for r in uow.session.scalars(select(PlacementOutcome))]
    assert rows == [(student, "An Peeters")]


def test_an_upload_over_the_limit_is_refused_without_reading_it(container: Container) -> None:
    built = build_round(container)
    client = organisation_client(container)
    url = f"/stages/{built.round_id}/aanbod/importeren"
    token = client.get(url).text.split('name="csrf_token" value="')[1].split('"')[0]
    big = b"organisation;municipality;sector;capacity\n" + b"x" * (5 * 1024 * 1024)
    answer = client.post(
        url, data={"csrf_token": token}, files={"bestand": ("groot.csv", big, "text/csv")}
    )
    assert answer.status_code == 422
    assert "groter dan 5 MB" in answer.text

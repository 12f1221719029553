"""The round administrator's pages: create a round, allocate, publish, download the lottery."""

from __future__ import annotations

from sqlalchemy import func, select

from accounts.builders import make_user, post_form, signed_in_client
from krapte.accounts.core.permissions import Role
from krapte.bootstrap import Container
from krapte.placement.core.calendar import Phase
from krapte.placement.tables import PlacementRun
from krapte.web.app import create_app
from placement.rounds.admin_builders import phase_of, stored_round


def runs_in(container: Container) -> int:
    with container.unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(PlacementRun)) or 0


def test_a_round_administrator_creates_a_round_and_sees_errors_beside_fields(
    container: Container,
) -> None:
    make_user(container, "rb@voorbeeld.be", Role.ROUND_ADMIN)
    client = signed_in_client(create_app(container), "rb@voorbeeld.be")
    wrong = post_form(client, "/stages", {"name": "", "max_choices": "10", "min_choices": "3",
                                          "rankings_open_at": "2027-02-01",
                                          "rankings_close_at": "2027-01-01"})  # fmt: skip
    assert wrong.status_code == 422
    assert "geef de ronde een naam" in wrong.text
    assert "na de opening van de voorkeuren" in wrong.text
    fields = {"name": "Voorjaar", "max_choices": "8", "min_choices": "2"}
    made = post_form(client, "/stages", {**fields, "rankings_close_at": "2027-02-01"})
    assert made.status_code == 303
    page = client.get(made.headers["location"])
    assert page.status_code == 200
    assert "De ronde is aangemaakt." in page.text
    assert "no-store" in page.headers["cache-control"]
    listed = client.get("/api/v1/stages").json()
    assert [(r["name"], r["phase"]) for r in listed] == [("Voorjaar", "draft")]


def test_allocating_and_publishing_from_the_browser(container: Container) -> None:
    round_id = stored_round(container, Phase.CLOSED)
    make_user(container, "rb@voorbeeld.be", Role.ROUND_ADMIN)
    client = signed_in_client(create_app(container), "rb@voorbeeld.be")
    done = post_form(client, f"/stages/{round_id}/beheer/toewijzen", {"seed": "12"})
    assert done.status_code == 303
    assert phase_of(container, round_id) == "allocated"
    page = client.get(f"/stages/{round_id}/beheer?gedaan=toegewezen")
    assert "De toewijzing is berekend en bewaard." in page.text
    assert "Laatste toewijzing publiceren" in page.text
    assert post_form(client, f"/stages/{round_id}/beheer/publiceren").status_code == 303
    assert phase_of(container, round_id) == "published"
    lottery = client.get(f"/stages/{round_id}/beheer/loting.csv")
    assert lottery.status_code == 200
    lines = lottery.text.lstrip("\ufeff").splitlines()
    assert lines[0] == "student_id,lottery_number"
    assert len(lines) == 61
    runs = client.get(f"/api/v1/stages/{round_id}/runs").json()
    assert [(r["seed"], r["published"]) for r in runs] == [(12, True)]
    run_page = client.get(f"/stages/{round_id}/beheer/runs/{runs[0]['id']}")
    assert run_page.status_code == 200
    assert "Studenten per verkregen keuze" in run_page.text
    free = client.get(f"/stages/{round_id}/beheer/vrije-plaatsen.csv")
    header, *rows = free.text.lstrip("\ufeff").splitlines()
    assert header == "offer_id,organisation,municipality,province,sector,capacity,placed,free"
    detail = client.get(f"/api/v1/stages/{round_id}/runs/{runs[0]['id']}").json()
    unfilled = detail["statistics"]["unfilled_places"]
    assert sum(int(row.rsplit(",", 1)[1]) for row in rows) == unfilled > 0
    compared = client.get(f"/stages/{round_id}/beheer?vergelijk=1")
    assert "Geplaatst zonder centrale toewijzing" in compared.text
    again = post_form(client, f"/stages/{round_id}/beheer/runs/{runs[0]['id']}")
    assert again.status_code == 303
    assert "identiek" in client.get(again.headers["location"]).text


def test_a_student_sees_the_home_but_cannot_allocate(container: Container) -> None:
    round_id = stored_round(container, Phase.CLOSED)
    make_user(container, "st@voorbeeld.be", Role.STUDENT)
    client = signed_in_client(create_app(container), "st@voorbeeld.be")
    home = client.get(f"/stages/{round_id}")
    assert home.status_code == 200
    assert "huidige fase" in home.text
    refused = post_form(client, f"/stages/{round_id}/beheer/toewijzen", {"seed": "1"})
    assert refused.status_code == 403
    assert runs_in(container) == 0
    assert client.get(f"/stages/{round_id}/beheer").status_code == 403


def test_nobody_signed_in_is_sent_to_sign_in(container: Container) -> None:
    client = signed_in_client.__globals__["TestClient"](
        create_app(container), follow_redirects=False
    )
    answer = client.get("/stages")
    assert answer.status_code in (302, 303)
    assert answer.headers["location"].startswith("/aanmelden")
    assert client.get("/api/v1/stages").status_code == 401

"""The school coordinator's pages and API: own students only, add, import, remind, results."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from accounts.builders import post_form
from krapte.bootstrap import Container
from krapte.placement.tables import PlacementStudent
from placement.rounds.student_builders import HOWEST, build_round, publish
from placement.routes.web_builders import coordinator_client

HEADER = "student_id;name;email;school;programme;level;study_year;municipality\n"


def outbox(container: Container) -> list[Path]:
    folder = container.settings.outbox_folder
    return sorted(folder.glob("*")) if folder.exists() else []


def ids(container: Container) -> set[str]:
    with container.unit_of_work() as uow:
        return set(uow.session.scalars(select(PlacementStudent.student_id)))


def test_the_list_shows_only_the_coordinators_students(container: Container) -> None:
    rid = build_round(container, min_choices=3)
    client = coordinator_client(container)
    page = client.get(f"/stages/{rid}/studenten")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert "Student 1" in page.text
    assert "Student 2" in page.text
    assert "Student 3" not in page.text
    assert "Student 4" not in page.text
    assert re.search(r'name="csrf_token" value="[^"]+"', page.text)
    assert "onvolledig" in page.text
    assert "Herinnering sturen" in page.text
    listed = client.get(f"/api/v1/stages/{rid}/studenten").json()
    assert [s["student_id"] for s in listed["students"]] == ["S1", "S2"]


def test_a_reminder_goes_to_the_outbox_once_within_the_hour(container: Container) -> None:
    rid = build_round(container, min_choices=3)
    client = coordinator_client(container)
    first = post_form(client, f"/stages/{rid}/studenten/herinneren", {"student_id": "S1"})
    assert first.status_code == 303
    assert first.headers["location"].endswith("gedaan=herinnerd")
    assert len(outbox(container)) == 1
    assert "s1@school.test" in outbox(container)[0].read_text(encoding="utf-8")
    second = post_form(client, f"/stages/{rid}/studenten/herinneren", {"student_id": "S1"})
    assert second.headers["location"].endswith("gedaan=niet-herinnerd")
    assert len(outbox(container)) == 1


def test_another_schools_student_cannot_be_reminded(container: Container) -> None:
    rid = build_round(container, min_choices=3)
    client = coordinator_client(container, HOWEST)
    answer = post_form(client, f"/stages/{rid}/studenten/herinneren", {"student_id": "S1"})
    assert answer.status_code == 403
    assert outbox(container) == []


def test_the_form_shows_problems_beside_the_fields(container: Container) -> None:
    rid = build_round(container)
    client = coordinator_client(container)
    form = {"student_id": "S9", "name": "An", "email": "an@school.test", "school": HOWEST,
            "programme": "sociaal werk", "level": "bachelor", "study_year": "twee",
            "municipality": "Gent"}  # fmt: skip
    empty = client.get(f"/stages/{rid}/studenten/nieuw")
    assert '<option value="Odisee"' in empty.text
    assert "Howest" not in empty.text  # only the coordinator's own school to choose
    bad = post_form(client, f"/stages/{rid}/studenten/nieuw", form)
    assert bad.status_code == 422
    assert 'id="fout-school"' in bad.text
    assert 'id="fout-study_year"' in bad.text
    assert "S9" not in ids(container)
    good = post_form(
        client, f"/stages/{rid}/studenten/nieuw", {**form, "school": "Odisee", "study_year": "2"}
    )
    assert good.status_code == 303
    assert "S9" in ids(container)


def test_a_file_is_read_all_or_nothing(container: Container) -> None:
    rid = build_round(container)
    client = coordinator_client(container)
    token = client.get(f"/stages/{rid}/studenten/importeren").text
    assert "Inlezen" in token
    bad = (
        HEADER + "S10;Jan;;Odisee;sociaal werk;bachelor;2;Gent\nS11;Mia;;Howest;x;bachelor;2;Gent\n"
    )
    answer = post_form(
        client,
        f"/stages/{rid}/studenten/importeren",
        files={"bestand": ("studenten.csv", bad.encode(), "text/csv")},
        token_from=f"/stages/{rid}/studenten/importeren",
    )
    assert answer.status_code == 422
    assert "studenten.csv, rij 3, kolom school" in answer.text
    assert "S10" not in ids(container)
    good = bad.replace("Howest", "Odisee")
    done = post_form(
        client,
        f"/stages/{rid}/studenten/importeren",
        files={"bestand": ("studenten.csv", good.encode(), "text/csv")},
        token_from=f"/stages/{rid}/studenten/importeren",
    )
    assert done.status_code == 303
    assert {"S10", "S11"} <= ids(container)


def test_after_publication_the_list_shows_results(container: Container, tmp_path: Path) -> None:
    rid = build_round(container)
    publish(container, rid, tmp_path / "run")
    client = coordinator_client(container, HOWEST)
    page = client.get(f"/stages/{rid}/studenten")
    assert "Resultaten" in page.text
    assert "OCMW Brugge" in page.text
    results = client.get(f"/api/v1/stages/{rid}/studenten").json()["results"]
    assert {r["student_id"] for r in results} == {"S3", "S4"}

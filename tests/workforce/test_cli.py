"""`krapte workforce ...`: register, import, indicators and the sector, with Dutch errors."""

from __future__ import annotations

import json
from pathlib import Path

from builders import run_cli
from workforce.builders import staff, staff_file


def test_an_organisation_is_registered_imported_and_shown(initialised: str, tmp_path: Path) -> None:
    added = run_cli(
        "workforce", "organisation", "add", "CAW Oost",
        "--subsector", "algemeen welzijnswerk", "--size-class", "10-49", "--province", "Antwerpen",
    )  # fmt: skip
    assert "Organisatie geregistreerd: CAW Oost" in added.output
    rows = [
        staff(pseudonym="P1", start_date="2020-01-01"),
        staff(
            pseudonym="P2", start_date="2021-01-01", end_date="2023-03-31", exit_reason="werkdruk"
        ),
    ]
    path = staff_file(tmp_path, rows)
    done = run_cli("workforce", "import", "--org", "CAW Oost", "--as-of", "2025-06-30", str(path))
    assert "2 personeelsrecords en 0 afwezigheden ingelezen voor CAW Oost" in done.output
    shown = run_cli("workforce", "indicators", "--org", "CAW Oost", "--format", "json")
    years = {row["year"]: row for row in json.loads(shown.output)}
    assert years[2022]["headcount"] == 2
    assert years[2023]["outflow"] == 1
    exits = run_cli(
        "workforce", "indicators", "--org", "CAW Oost", "--view", "exits", "--format", "csv"
    )
    assert "2023,werkdruk,1" in exits.output
    listed = run_cli("workforce", "organisation", "list", "--format", "json")
    assert json.loads(listed.output)[0]["records"] == 2


def test_a_bad_file_is_refused_with_file_row_and_column(initialised: str, tmp_path: Path) -> None:
    run_cli(
        "workforce", "organisation", "add", "CAW Oost",
        "--subsector", "jeugdhulp", "--size-class", "1-9", "--province", "Limburg",
    )  # fmt: skip
    path = staff_file(tmp_path, [staff(), staff(pseudonym="P2", fte="twee")])
    refused = run_cli("workforce", "import", "--org", "CAW Oost", str(path), code=2)
    assert "personeel.csv, rij 3, kolom 'fte'" in refused.output
    unknown = run_cli("workforce", "indicators", "--org", "Niemand", code=2)
    assert "er is geen organisatie 'Niemand'" in unknown.output


def test_the_sector_asks_for_a_published_breakdown(initialised: str) -> None:
    refused = run_cli("workforce", "sector", "--by", "gemeente", code=2)
    assert "kies een indeling uit" in refused.output
    empty = run_cli("workforce", "sector", "--by", "province,subsector")
    assert "Er zijn nog geen volledige jaren met personeelsgegevens." in empty.output


def test_the_sector_is_published_into_the_data_hub_once(initialised: str, tmp_path: Path) -> None:
    for name in ("A", "B", "C"):
        run_cli(
            "workforce", "organisation", "add", name,
            "--subsector", "jeugdhulp", "--size-class", "10-49", "--province", "Limburg",
        )  # fmt: skip
        rows = [staff(pseudonym=f"P{i}", start_date="2020-01-01") for i in range(12)]
        path = staff_file(tmp_path, rows, name=f"{name}.csv")
        run_cli("workforce", "import", "--org", name, "--as-of", "2025-06-30", str(path))
    done = run_cli("workforce", "sector", "--publish")
    assert "beschermde cijfers bewaard in de datahub: dataset werkkracht, versie 1" in done.output
    again = run_cli("workforce", "sector", "--publish")
    assert "De datahub had deze cijfers al (dataset werkkracht, versie 1)." in again.output

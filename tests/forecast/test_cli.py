"""End to end through the command line: `krapte forecast run|compare|params`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from krapte.cli import app

pytestmark = pytest.mark.e2e
runner = CliRunner()


def invoke(*args: str) -> str:
    result = runner.invoke(app, ["forecast", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_run_prints_a_dutch_table_and_says_where_the_starters_come_from() -> None:
    output = invoke("run", "--draws", "100")
    assert "Basisscenario" in output
    assert "tekort" in output
    assert "2035" in output
    assert "databank is nog niet ingericht" in output


def test_run_as_csv_has_english_keys_a_row_per_year_and_a_band_per_output() -> None:
    output = invoke("run", "--draws", "50", "--format", "csv", "--province", "Limburg")
    rows = list(csv.DictReader(io.StringIO(output)))
    assert [row["year"] for row in rows] == [str(year) for year in range(2024, 2036)]
    assert {row["region"] for row in rows} == {"Limburg"}
    last = rows[-1]
    assert float(last["gap_p10"]) <= float(last["gap_median"]) <= float(last["gap_p90"])
    assert all(key.isascii() and key == key.lower() for key in rows[0])


def test_run_as_json_with_two_scenarios_and_a_shorter_horizon() -> None:
    output = invoke(
        "run", "-s", "basis", "-s", "onboarding_retentie", "--draws", "50",
        "--horizon", "2030", "--format", "json",
    )  # fmt: skip
    rows = json.loads(output)
    assert {row["scenario"] for row in rows} == {"basis", "onboarding_retentie"}
    assert max(row["year"] for row in rows) == 2030
    assert rows[0]["hiring_need_median"] is None  # no step leads into the base year


def test_run_with_chart_writes_png_and_svg(tmp_path: Path) -> None:
    invoke("run", "--draws", "50", "--chart", str(tmp_path / "grafieken"))
    written = sorted(path.name for path in (tmp_path / "grafieken").iterdir())
    assert written == [
        "aanwervingsbehoefte_basis.png",
        "aanwervingsbehoefte_basis.svg",
        "tekort.png",
        "tekort.svg",
    ]
    assert (tmp_path / "grafieken" / "tekort.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in (tmp_path / "grafieken" / "tekort.svg").read_text("utf-8")


def test_run_with_chart_onto_an_existing_file_gives_a_dutch_error(tmp_path: Path) -> None:
    existing = tmp_path / "grafiek.png"
    existing.write_bytes(b"keep me")
    result = runner.invoke(app, ["forecast", "run", "--draws", "20", "--chart", str(existing)])
    assert result.exit_code == 2
    assert "is een bestand" in result.output
    assert "Traceback" not in result.output
    assert existing.read_bytes() == b"keep me"


def test_run_with_chart_under_a_file_gives_a_dutch_error(tmp_path: Path) -> None:
    existing = tmp_path / "bestand"
    existing.write_text("x")
    result = runner.invoke(
        app, ["forecast", "run", "--draws", "20", "--chart", str(existing / "map")]
    )
    assert result.exit_code == 2
    assert "grafiekenmap" in result.output
    assert "Traceback" not in result.output


def test_compare_names_the_scenario_that_closes_most_of_the_gap() -> None:
    output = invoke("compare", "--draws", "200")
    assert "Het meeste van het tekort dicht:" in output
    assert "zorgmedewerkers" in output
    assert "onboarding_retentie" in output


def test_compare_as_json_always_includes_the_baseline() -> None:
    rows = json.loads(
        invoke("compare", "-s", "doorstroom_master", "--draws", "100", "--format", "json")
    )
    assert [row["scenario"] for row in rows] == ["basis", "doorstroom_master"]
    assert rows[1]["gap_closed_median"] > 0
    assert rows[1]["care_workers_avoided_median"] > 0


def test_params_lists_values_ranges_units_and_provenance() -> None:
    output = invoke("params")
    assert "werkenden_basisjaar" in output
    assert "aanname" in output


def test_params_with_two_scenarios_shows_both() -> None:
    rows = json.loads(
        invoke("params", "-s", "basis", "-s", "onboarding_retentie", "--format", "json")
    )
    assert {row["scenario"] for row in rows} == {"basis", "onboarding_retentie"}
    changed = [row["name"] for row in rows if row["changed"]]
    assert changed == ["uitstroomgraad_sector"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--base-year", "1900"], "basisjaar: de datahub heeft geen studiestarters voor 1900"),
        (["--horizon", "2200"], "horizon: 2200 ligt voorbij"),
        (["--draws", "0"], "0 ligt niet in het bereik"),
    ],
)
def test_options_that_make_no_sense_are_refused_in_dutch(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["forecast", "run", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_broken_scenario_file_fails_with_a_dutch_message(tmp_path: Path) -> None:
    path = tmp_path / "kapot.toml"
    path.write_text("[meta]\nname = 'x'\nextends = 'basis'\n[parameters.onbekend]\nvalue = 1\n")
    result = runner.invoke(app, ["forecast", "run", "-s", str(path)])
    assert result.exit_code == 2
    assert "Fout:" in result.output
    assert "kapot.toml" in result.output

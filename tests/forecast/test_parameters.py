"""Scenario files: parsing, merging and clear Dutch errors naming the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from krapte.errors import NotFound
from krapte.forecast.core import scenarios
from krapte.forecast.core.parameters import ScenarioError, parse_scenario_text

META = '[meta]\nname = "proef"\n'


def parameter(body: str, name: str = "uitstroomgraad_sector") -> str:
    return f"{META}\n[parameters.{name}]\n{body}\n"


A = 'provenance = "aanname"\nreasoning = "x"'
VALID = (
    'value = 0.03\nlow = 0.02\nhigh = 0.04\nunit = "per jaar"\nprovenance = "aanname"\n'
    'reasoning = "test"'
)


def test_a_valid_parameter_is_read_with_its_range_and_provenance() -> None:
    parsed = parse_scenario_text(parameter(VALID), "proef.toml")
    read = parsed.parameters["uitstroomgraad_sector"]
    assert (read.value, read.low, read.high, read.unit) == (0.03, 0.02, 0.04, "per jaar")
    assert read.provenance.kind == "aanname"
    assert read.provenance.text == "aanname: test"


@pytest.mark.parametrize(
    ("details", "shown"),
    [
        ('provenance = "rapport"\nsection = "2.2"\nlines = "206"', "rapport 2.2, r. 206"),
        (
            'provenance = "externe bron"\npublisher = "VDAB"\ntitle = "T"\nyear = "2022"\n'
            'url = "https://example.org/x"',
            "externe bron: VDAB, 'T' (2022), https://example.org/x",
        ),
        ('provenance = "kalibratie"\ntarget = "groei 2014-2023"', "kalibratie: groei 2014-2023"),
    ],
)
def test_each_kind_of_provenance_is_shown_with_its_details(details: str, shown: str) -> None:
    body = 'value = 0.03\nlow = 0.02\nhigh = 0.04\nunit = "per jaar"\n' + details
    read = parse_scenario_text(parameter(body), "proef.toml").parameters["uitstroomgraad_sector"]
    assert read.provenance.text == shown


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('value = 0.03\nlow = 0.02\nhigh = 0.04\nunit = "per jaar"', "'provenance' moet"),
        (VALID + '\nsection = "2.2"', "kent geen velden section"),
        (
            'value = 0.03\nlow = 0.02\nhigh = 0.04\nunit = "per jaar"\nprovenance = "externe bron"'
            '\npublisher = "VDAB"',
            "vraagt ook: title, year, url",
        ),
        (
            'value = 0.05\nlow = 0.02\nhigh = 0.04\nunit = "per jaar"\n' + A + "",
            "niet tussen",
        ),
        (
            'value = 0.03\nlow = 0.02\nhigh = 1.5\nunit = "per jaar"\n' + A + "",
            "tussen 0 en 1",
        ),
        ('value = 0.03\nlow = 0.02\nhigh = 0.04\nunit = "stuks"\n' + A + "", "unit"),
        ('value = "veel"\nlow = 0.02\nhigh = 0.04\nunit = "per jaar"\n' + A + "", "getal"),
        ('low = 0.02\nhigh = 0.04\nunit = "per jaar"\n' + A + "", "value' ontbreekt"),
        (VALID + "\nkleur = 3", "onbekende velden"),
    ],
)
def test_invalid_parameter_is_refused_naming_file_and_key(body: str, message: str) -> None:
    with pytest.raises(ScenarioError, match=message) as caught:
        parse_scenario_text(parameter(body), "proef.toml")
    assert "proef.toml" in str(caught.value)
    assert "parameters.uitstroomgraad_sector" in str(caught.value)


def test_broken_toml_is_refused_naming_the_file() -> None:
    with pytest.raises(ScenarioError, match=r"kapot\.toml: geen geldige TOML"):
        parse_scenario_text("[meta\nname=", "kapot.toml")


def test_a_file_without_meta_is_refused() -> None:
    with pytest.raises(ScenarioError, match=r"\[meta\]"):
        parse_scenario_text("[parameters]\n", "leeg.toml")


def test_policy_file_extends_the_baseline_and_overrides_only_its_parameters(tmp_path: Path) -> None:
    path = tmp_path / "mijn_beleid.toml"
    path.write_text(META + 'extends = "basis"\n' + parameter(VALID).removeprefix(META), "utf-8")
    loaded = scenarios.load(str(path))
    assert loaded.overrides == ("uitstroomgraad_sector",)
    assert loaded.value("uitstroomgraad_sector") == 0.03
    assert loaded.value("werkenden_basisjaar") == scenarios.baseline().value("werkenden_basisjaar")


def test_override_of_an_unknown_parameter_names_file_and_parameter(tmp_path: Path) -> None:
    path = tmp_path / "fout.toml"
    body = parameter(VALID, name="onbestaande_knop").removeprefix(META)
    path.write_text(META + 'extends = "basis"\n' + body, "utf-8")
    with pytest.raises(ScenarioError, match="onbestaande_knop") as caught:
        scenarios.load(str(path))
    assert "fout.toml" in str(caught.value)


def test_override_with_another_unit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "eenheid.toml"
    body = VALID.replace('"per jaar"', '"aandeel"').replace("0.04", "0.05")
    path.write_text(META + 'extends = "basis"\n' + parameter(body).removeprefix(META), "utf-8")
    with pytest.raises(ScenarioError, match="unit"):
        scenarios.load(str(path))


def test_a_stand_alone_file_missing_parameters_lists_them(tmp_path: Path) -> None:
    path = tmp_path / "half.toml"
    path.write_text(parameter(VALID), "utf-8")
    with pytest.raises(ScenarioError, match=r"ontbrekende parameter.*werkenden_basisjaar"):
        scenarios.load(str(path))


def test_unknown_builtin_name_lists_the_known_ones() -> None:
    with pytest.raises(NotFound, match=r"onbekend scenario.*basis"):
        scenarios.load("bestaat_niet")


def test_missing_file_is_reported_in_dutch(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="kan het scenariobestand niet lezen"):
        scenarios.load(str(tmp_path / "weg.toml"))


def test_extends_cycle_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "kring.toml"
    path.write_text('[meta]\nname = "kring"\nextends = "kring"\n', "utf-8")
    with pytest.raises(ScenarioError, match="kring"):
        scenarios.load(str(path))


def test_horizon_before_base_year_is_refused() -> None:
    with pytest.raises(ScenarioError, match="horizon"):
        scenarios.baseline().with_years(2024, 2020)


def test_policy_file_with_horizon_before_base_year_is_refused_with_its_name(
    tmp_path: Path,
) -> None:
    path = tmp_path / "kort.toml"
    path.write_text('[meta]\nname = "kort"\nextends = "basis"\nhorizon = 2020\n', "utf-8")
    with pytest.raises(ScenarioError, match=r"kort\.toml: horizon \(2020\) moet na het basisjaar"):
        scenarios.load(str(path))

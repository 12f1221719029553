"""Registry of the built-in scenarios (TOML files shipped in ``krapte/forecast/scenarios/``).

A scenario is named by its built-in name (``basis``, ``onboarding_retentie``, ...) or by the path
of a TOML file. A file with ``extends`` is merged on top of the scenario it names.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from krapte.forecast.core.parameters import (
    Scenario,
    ScenarioError,
    ScenarioFile,
    UnknownScenario,
    complete,
    merge,
    parse_scenario_text,
    read_scenario_file,
)
from krapte.forecast.core.specification import REQUIRED_PARAMETERS

BASELINE = "basis"
_PACKAGE = "krapte.forecast"
_FOLDER = "scenarios"


def builtin_names() -> list[str]:
    """Built-in scenario names: the baseline first, then the policies alphabetically."""
    names = sorted(
        entry.name.removesuffix(".toml")
        for entry in resources.files(_PACKAGE).joinpath(_FOLDER).iterdir()
        if entry.name.endswith(".toml")
    )
    return [BASELINE, *(name for name in names if name != BASELINE)]


def policy_names() -> list[str]:
    return [name for name in builtin_names() if name != BASELINE]


def _builtin_file(name: str) -> ScenarioFile:
    resource = resources.files(_PACKAGE).joinpath(_FOLDER, f"{name}.toml")
    if not resource.is_file():
        known = ", ".join(builtin_names())
        raise UnknownScenario(
            f"onbekend scenario: {name!r} "
            f"(ingebouwd: {known}; of geef het pad van een .toml-bestand)"
        )
    return parse_scenario_text(resource.read_text(encoding="utf-8"), f"scenarios/{name}.toml")


def _scenario_file(reference: str) -> ScenarioFile:
    if reference.endswith(".toml") or "/" in reference or Path(reference).is_file():
        return read_scenario_file(Path(reference))
    return _builtin_file(reference)


def load(reference: str, _seen: tuple[str, ...] = ()) -> Scenario:
    """Load a built-in scenario or a TOML file, merged with what it extends."""
    scenario_file = _scenario_file(reference)
    if not scenario_file.extends:
        return complete(scenario_file, REQUIRED_PARAMETERS)
    if scenario_file.extends in (*_seen, scenario_file.name):
        raise ScenarioError(f"{scenario_file.origin}: 'meta.extends' vormt een kring")
    base = load(scenario_file.extends, (*_seen, scenario_file.name))
    return merge(base, scenario_file)


def baseline() -> Scenario:
    return load(BASELINE)

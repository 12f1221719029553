"""Model parameters as data: scenario files (TOML) with value, range, unit and provenance.

A scenario file holds a ``[meta]`` table and a ``[parameters.NAME]`` table per parameter. The
baseline file defines every parameter; a policy file names ``extends = "basis"`` in its meta and
overrides only the parameters it changes, optionally from a ``start_year`` and with a linear
ramp-up over ``ramp_years``. Every parameter states ``value``, ``low``, ``high``, ``unit`` and its
provenance (:mod:`krapte.forecast.core.provenance`). Errors are raised in Dutch and name the file
and the key.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from krapte.errors import InvalidInput, NotFound, Problem, os_error, toml_error
from krapte.forecast.core.provenance import (
    CALIBRATION,
    FIELDS,
    Provenance,
    parse_provenance,
)

#: Units a parameter may have. ``aandeel`` (a share) and ``per jaar`` (a yearly rate) lie in [0, 1].
UNITS: frozenset[str] = frozenset(
    {
        "personen",
        "personen per jaar",
        "aandeel",
        "per jaar",
        "groei per jaar",
        "jaar",
        "verhouding",
        "procent",
    }
)
SHARE_UNITS: frozenset[str] = frozenset({"aandeel", "per jaar"})
_FIELDS = frozenset(
    {"value", "low", "high", "unit", "provenance", "description", "start_year", "ramp_years"}
    | FIELDS
)
_META_FIELDS = frozenset(
    {
        "name",
        "title",
        "description",
        "extends",
        "recommendations",
        "citation",
        "base_year",
        "horizon",
        "placement_effect",
    }
)


class ScenarioError(InvalidInput):
    """A scenario file or parameter is invalid; the message is Dutch and names file and key."""

    def __init__(self, message: str, *, file: str = "", field: str = "") -> None:
        super().__init__([Problem(message, file=file, field=field)], message)


class UnknownScenario(NotFound):
    """A scenario name that is neither built in nor a file."""


@dataclass(frozen=True, slots=True)
class Parameter:
    """One model input with its plausible range and where it comes from."""

    name: str
    value: float
    low: float
    high: float
    unit: str
    provenance: Provenance
    description: str = ""
    start_year: int | None = None  # a policy's effect starts in this year (default: base + 1)
    ramp_years: int = 1  # ... and reaches full strength after this many years

    @property
    def is_fixed(self) -> bool:
        return self.low == self.high

    @property
    def is_calibrated(self) -> bool:
        return self.provenance.kind == CALIBRATION


@dataclass(frozen=True, slots=True)
class Scenario:
    """A complete, merged parameter set, ready to be sampled."""

    name: str
    title: str
    description: str
    parameters: Mapping[str, Parameter]
    base_year: int = 2024
    horizon: int = 2035
    recommendations: tuple[str, ...] = ()
    citation: str = ""
    overrides: tuple[str, ...] = ()
    origin: str = ""
    baseline: Mapping[str, Parameter] | None = None  # the parameters before the overrides
    placement_effect: bool = False  # the effect of central placement comes from a simulation

    def value(self, name: str) -> float:
        return self.parameters[name].value

    def base_parameter(self, name: str) -> Parameter:
        """The parameter as the baseline has it (the same for a non-overridden one)."""
        source = self.baseline if self.baseline is not None else self.parameters
        return source[name]

    def with_years(self, base_year: int, horizon: int) -> Scenario:
        if horizon <= base_year:
            raise ScenarioError(f"horizon ({horizon}) moet na het basisjaar ({base_year}) liggen")
        return replace(self, base_year=base_year, horizon=horizon)


@dataclass(frozen=True, slots=True)
class ScenarioFile:
    """A parsed but not yet merged scenario file."""

    name: str
    title: str
    description: str
    extends: str
    parameters: dict[str, Parameter]
    recommendations: tuple[str, ...] = ()
    citation: str = ""
    base_year: int | None = None
    horizon: int | None = None
    origin: str = ""
    placement_effect: bool = False


def _number(raw: Any, where: str, key: str) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise ScenarioError(f"{where}: '{key}' moet een getal zijn, niet {raw!r}")
    return float(raw)


def parse_parameter(name: str, raw: Any, where: str) -> Parameter:
    """Validate one ``[parameters.NAME]`` table; ``where`` is the file name for messages."""
    key = f"parameters.{name}"
    if not isinstance(raw, dict):
        raise ScenarioError(f"{where}: '{key}' moet een tabel zijn met value, low, high en unit")
    unknown = sorted(set(raw) - _FIELDS)
    if unknown:
        raise ScenarioError(f"{where}: '{key}' heeft onbekende velden: {', '.join(unknown)}")
    for needed in ("value", "low", "high", "unit"):
        if needed not in raw:
            raise ScenarioError(f"{where}: '{key}.{needed}' ontbreekt")
    value = _number(raw["value"], where, f"{key}.value")
    low = _number(raw["low"], where, f"{key}.low")
    high = _number(raw["high"], where, f"{key}.high")
    unit = raw["unit"]
    if unit not in UNITS:
        raise ScenarioError(
            f"{where}: '{key}.unit' is {unit!r}; toegelaten: {', '.join(sorted(UNITS))}"
        )
    if not low <= value <= high:
        raise ScenarioError(
            f"{where}: '{key}': de waarde {value:g} ligt niet tussen low {low:g} en high {high:g}"
        )
    if unit in SHARE_UNITS and not (low >= 0.0 and high <= 1.0):
        raise ScenarioError(
            f"{where}: '{key}': een {unit} moet tussen 0 en 1 liggen (low {low:g}, high {high:g})"
        )
    if unit == "groei per jaar" and not (low > -1.0 and high < 1.0):
        raise ScenarioError(f"{where}: '{key}': een groei moet tussen -1 en 1 liggen")
    if unit != "groei per jaar" and low < 0:
        raise ScenarioError(f"{where}: '{key}.low' mag niet negatief zijn ({low:g})")
    provenance, reason = parse_provenance(raw)
    if provenance is None:
        raise ScenarioError(f"{where}: '{key}': {reason}", file=where, field=key)
    description = raw.get("description", "")
    if not isinstance(description, str):
        raise ScenarioError(f"{where}: '{key}.description' moet tekst zijn")
    start_year = _year_field(raw.get("start_year"), where, f"{key}.start_year")
    ramp = raw.get("ramp_years", 1)
    if isinstance(ramp, bool) or not isinstance(ramp, int) or ramp < 1:
        raise ScenarioError(f"{where}: '{key}.ramp_years' moet een geheel getal ≥ 1 zijn")
    return Parameter(
        name=name,
        value=value,
        low=low,
        high=high,
        unit=unit,
        provenance=provenance,
        description=description.strip(),
        start_year=start_year,
        ramp_years=ramp,
    )


def _year_field(raw: Any, where: str, key: str) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1900 <= raw <= 2100:
        raise ScenarioError(f"{where}: '{key}' moet een jaartal zijn, niet {raw!r}")
    return raw


def _year(raw: Any, where: str, key: str) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise ScenarioError(f"{where}: 'meta.{key}' moet een jaartal zijn, niet {raw!r}")
    return raw


def parse_scenario_text(text: str, where: str) -> ScenarioFile:
    """Parse the TOML text of a scenario file; ``where`` names it in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{where}: {toml_error(exc)}") from exc
    unknown_top = sorted(set(data) - {"meta", "parameters"})
    if unknown_top:
        raise ScenarioError(f"{where}: onbekende tabellen: {', '.join(unknown_top)}")
    meta = data.get("meta")
    if not isinstance(meta, dict):
        raise ScenarioError(f"{where}: de tabel '[meta]' ontbreekt")
    unknown_meta = sorted(set(meta) - _META_FIELDS)
    if unknown_meta:
        raise ScenarioError(f"{where}: onbekende velden in 'meta': {', '.join(unknown_meta)}")
    name = meta.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ScenarioError(f"{where}: 'meta.name' ontbreekt")
    recommendations = meta.get("recommendations", [])
    if not isinstance(recommendations, list) or not all(
        isinstance(item, str) for item in recommendations
    ):
        raise ScenarioError(f"{where}: 'meta.recommendations' moet een lijst van teksten zijn")
    raw_parameters = data.get("parameters", {})
    if not isinstance(raw_parameters, dict):
        raise ScenarioError(f"{where}: 'parameters' moet een tabel zijn")
    parameters = {key: parse_parameter(key, raw, where) for key, raw in raw_parameters.items()}
    return ScenarioFile(
        name=name.strip(),
        title=str(meta.get("title", name)),
        description=str(meta.get("description", "")),
        extends=str(meta.get("extends", "")),
        parameters=parameters,
        recommendations=tuple(recommendations),
        citation=str(meta.get("citation", "")),
        base_year=_year(meta.get("base_year"), where, "base_year"),
        horizon=_year(meta.get("horizon"), where, "horizon"),
        origin=where,
        placement_effect=meta.get("placement_effect", False) is True,
    )


def read_scenario_file(path: Path) -> ScenarioFile:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(
            f"{path}: kan het scenariobestand niet lezen ({os_error(exc)})"
        ) from exc
    return parse_scenario_text(text, str(path))


def merge(base: Scenario, override: ScenarioFile) -> Scenario:
    """Apply a policy file on top of a complete scenario; unknown parameter names are errors."""
    unknown = sorted(set(override.parameters) - set(base.parameters))
    if unknown:
        raise ScenarioError(
            f"{override.origin}: onbekende parameter(s) {', '.join(unknown)}; "
            f"'{base.name}' kent ze niet"
        )
    for key, parameter in override.parameters.items():
        if parameter.unit != base.parameters[key].unit:
            raise ScenarioError(
                f"{override.origin}: 'parameters.{key}.unit' is {parameter.unit!r}, "
                f"maar het basisscenario gebruikt {base.parameters[key].unit!r}"
            )
    merged = {**base.parameters, **override.parameters}
    scenario = Scenario(
        name=override.name,
        title=override.title,
        description=override.description,
        parameters=merged,
        base_year=override.base_year or base.base_year,
        horizon=override.horizon or base.horizon,
        recommendations=override.recommendations,
        citation=override.citation,
        overrides=tuple(sorted(override.parameters)),
        origin=override.origin,
        baseline=base.baseline if base.baseline is not None else base.parameters,
        placement_effect=override.placement_effect or base.placement_effect,
    )
    try:
        return scenario.with_years(scenario.base_year, scenario.horizon)
    except ScenarioError as exc:
        raise ScenarioError(f"{override.origin}: {exc}") from exc


def complete(scenario_file: ScenarioFile, required: frozenset[str]) -> Scenario:
    """Turn a stand-alone (baseline) file into a scenario, checking every parameter is there."""
    missing = sorted(required - set(scenario_file.parameters))
    if missing:
        raise ScenarioError(
            f"{scenario_file.origin}: ontbrekende parameter(s): {', '.join(missing)}"
        )
    unknown = sorted(set(scenario_file.parameters) - required)
    if unknown:
        raise ScenarioError(f"{scenario_file.origin}: onbekende parameter(s): {', '.join(unknown)}")
    scenario = Scenario(
        name=scenario_file.name,
        title=scenario_file.title,
        description=scenario_file.description,
        parameters=dict(scenario_file.parameters),
        recommendations=scenario_file.recommendations,
        citation=scenario_file.citation,
        origin=scenario_file.origin,
    )
    return scenario.with_years(
        scenario_file.base_year or scenario.base_year, scenario_file.horizon or scenario.horizon
    )


def replace_parameter(scenario: Scenario, parameter: Parameter) -> Scenario:
    """A copy of the scenario with one parameter replaced (e.g. a value read from the data hub).

    A parameter the scenario does not override is replaced in its baseline too.
    """
    if parameter.name not in scenario.parameters:
        raise ScenarioError(f"onbekende parameter: {parameter.name}")
    baseline = scenario.baseline
    if baseline is not None and parameter.name not in scenario.overrides:
        baseline = {**baseline, parameter.name: parameter}
    return replace(
        scenario,
        parameters={**scenario.parameters, parameter.name: parameter},
        baseline=baseline,
    )

"""Declared knowledge about year series: known structural breaks and survey waves.

Pure: declarations are parsed from TOML text (the bundled ``krapte/data/series.toml``) and
matched against observations; the series checks (:mod:`krapte.datahub.core.series_checks`) use
them to explain a jump or a gap instead of warning about it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from krapte.datahub.core.records import Observation
from krapte.datahub.core.toml_rows import header_lines
from krapte.errors import InvalidInput, Problem, os_error, toml_error

#: The dimensions a declaration may name; one left out matches any value.
SELECTOR_FIELDS: tuple[str, ...] = (
    "measure",
    "geography",
    "institution",
    "programme",
    "level",
    "category",
    "table",
)
_TEXT_FIELDS = ("section", "source", "reason")
_BUNDLED = "series.toml"


@dataclass(frozen=True)
class SeriesSelector:
    """Which series a declaration is about: a dataset and the dimensions it names."""

    dataset: str
    dimensions: tuple[tuple[str, str], ...] = ()

    def matches(self, obs: Observation) -> bool:
        return obs.dataset == self.dataset and all(
            getattr(obs, name) == value for name, value in self.dimensions
        )


@dataclass(frozen=True)
class StructuralBreak:
    """A known break: the change from ``year - 1`` to ``year`` is no ordinary change."""

    where: SeriesSelector
    year: int
    reason: str
    section: str = ""
    source: str = ""


@dataclass(frozen=True)
class SurveySeries:
    """A series measured in survey waves: only ``years`` are expected."""

    where: SeriesSelector
    years: tuple[int, ...]
    reason: str
    section: str = ""
    source: str = ""


@dataclass(frozen=True)
class SeriesDeclarations:
    breaks: tuple[StructuralBreak, ...] = ()
    surveys: tuple[SurveySeries, ...] = ()

    def break_into(self, obs: Observation) -> StructuralBreak | None:
        """The declared break between the year before ``obs`` and ``obs``'s year, if any."""
        return next((b for b in self.breaks if b.year == obs.year and b.where.matches(obs)), None)

    def survey_of(self, obs: Observation) -> SurveySeries | None:
        return next((s for s in self.surveys if s.where.matches(obs)), None)


def parse_series_declarations(text: str, source: str = _BUNDLED) -> SeriesDeclarations:
    """Every ``[[break]]`` and ``[[survey]]``; raises InvalidInput listing every problem."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput.single(toml_error(exc), file=source) from exc
    problems: list[Problem] = []
    for key in sorted(set(document) - {"break", "survey"}):
        problems.append(Problem("onbekend blok; toegestaan: break, survey", file=source, field=key))
    breaks: list[StructuralBreak] = []
    surveys: list[SurveySeries] = []
    for kind in ("break", "survey"):
        entries = document.get(kind, [])
        if not isinstance(entries, list):
            problems.append(Problem(f"schrijf elk blok als [[{kind}]]", file=source, field=kind))
            continue
        for entry, line in zip(entries, header_lines(text, kind, len(entries)), strict=True):
            found: list[tuple[str, str]] = []
            declared = _declaration(kind, entry, found)
            problems.extend(
                Problem(message, file=source, row=line, field=field) for field, message in found
            )
            if isinstance(declared, StructuralBreak):
                breaks.append(declared)
            elif isinstance(declared, SurveySeries):
                surveys.append(declared)
    if problems:
        count = len(problems)
        raise InvalidInput(problems, f"{source} bevat {count} {'fout' if count == 1 else 'fouten'}")
    return SeriesDeclarations(tuple(breaks), tuple(surveys))


def _declaration(
    kind: str, entry: object, found: list[tuple[str, str]]
) -> StructuralBreak | SurveySeries | None:
    """One declaration from its TOML table, or None after adding (field, message) to ``found``."""
    if not isinstance(entry, dict):
        found.append((kind, f"een {kind} is een tabel ([[{kind}]])"))
        return None
    number = {"break": "year", "survey": "years"}[kind]
    allowed = {"dataset", *SELECTOR_FIELDS, *_TEXT_FIELDS, number}
    found.extend((key, "onbekend veld") for key in sorted(set(entry) - allowed))
    texts = {key: entry.get(key, "") for key in ("dataset", *SELECTOR_FIELDS, *_TEXT_FIELDS)}
    found.extend(
        (key, "moet tekst zijn") for key, value in texts.items() if not isinstance(value, str)
    )
    found.extend(
        (key, "verplichte tekst ontbreekt") for key in ("dataset", "reason") if not texts[key]
    )
    value = entry.get(number)
    if kind == "break" and not _is_year(value):
        found.append((number, "moet een jaartal zijn: het eerste jaar na de breuk"))
    if kind == "survey":
        if not (isinstance(value, list) and len(value) >= 2 and all(map(_is_year, value))):
            found.append((number, "moet een lijst van minstens twee jaartallen zijn"))
        elif sorted(set(value)) != value:
            found.append((number, "de jaartallen moeten oplopen, zonder dubbels"))
    if found:
        return None
    where = SeriesSelector(
        texts["dataset"],
        tuple((name, str(entry[name])) for name in SELECTOR_FIELDS if name in entry),
    )
    reason, section, source = texts["reason"], texts["section"], texts["source"]
    if kind == "break":
        return StructuralBreak(where, int(entry[number]), reason, section, source)
    return SurveySeries(where, tuple(int(y) for y in entry[number]), reason, section, source)


def _is_year(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2200


@cache
def bundled_series_declarations() -> SeriesDeclarations:
    """The declarations shipped with krapte (``krapte/data/series.toml``)."""
    try:
        text = (files("krapte") / "data" / _BUNDLED).read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput.single(os_error(exc), file=_BUNDLED) from exc
    return parse_series_declarations(text, _BUNDLED)

"""Declared series: the breaks and survey waves file, and what a declaration matches."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from builders import obs
from krapte.datahub.core.bundle import load_package
from krapte.datahub.core.series import (
    SeriesSelector,
    bundled_series_declarations,
    parse_series_declarations,
)
from krapte.errors import InvalidInput

BREAK = """
[[break]]
dataset = "verwante_opleidingen"
level = "graduaat"
programme = ""
year = 2021
reason = "Inkanteling."
"""
SURVEY = """
[[survey]]
dataset = "werkbaarheid"
years = [2004, 2013, 2023]
reason = "Golven."
"""


def test_breaks_and_surveys_are_parsed_from_toml() -> None:
    declared = parse_series_declarations(BREAK + SURVEY)
    [transfer] = declared.breaks
    assert transfer.where == SeriesSelector(
        "verwante_opleidingen", (("programme", ""), ("level", "graduaat"))
    )
    assert (transfer.year, transfer.reason) == (2021, "Inkanteling.")
    [waves] = declared.surveys
    assert waves.years == (2004, 2013, 2023)


def test_a_dimension_left_out_matches_anything_and_an_empty_one_only_the_total() -> None:
    declared = parse_series_declarations(BREAK)
    total = obs(dataset="verwante_opleidingen", level="graduaat", programme="", period="2021")
    part = obs(dataset="verwante_opleidingen", level="graduaat", programme="x", period="2021")
    assert declared.break_into(total) is not None
    assert declared.break_into(part) is None
    assert declared.break_into(replace(total, period="2022")) is None  # another year


def problems_of(text: str) -> list[tuple[int | None, str, str]]:
    with pytest.raises(InvalidInput) as caught:
        parse_series_declarations(text, source="reeksen.toml")
    assert all(p.file == "reeksen.toml" for p in caught.value.problems)
    return [(p.row, p.field, p.message) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("text", "row", "field", "message"),
    [
        (BREAK.replace("year = 2021", 'year = "2021"'), 2, "year", "jaartal"),
        (BREAK.replace('reason = "Inkanteling."', ""), 2, "reason", "ontbreekt"),
        (BREAK + 'kleur = "rood"\n', 2, "kleur", "onbekend veld"),
        (SURVEY.replace("2004, 2013, 2023", "2013, 2004"), 2, "years", "oplopen"),
        (SURVEY.replace("[2004, 2013, 2023]", "[2004]"), 2, "years", "twee jaartallen"),
        (BREAK.replace("[[break]]", "[[breuk]]"), None, "breuk", "onbekend blok"),
        ("[[break]\n", None, "", "geen geldige TOML op regel 1"),
    ],
)
def test_a_malformed_declaration_is_refused_naming_file_row_and_field(
    text: str, row: int | None, field: str, message: str
) -> None:
    [(at, named, said)] = problems_of(text)
    assert (at, named) == (row, field)
    assert re.search(message, said)


def test_every_bundled_declaration_matches_bundled_figures_in_its_years() -> None:
    observations = [o for d in load_package().datasets for o in d.observations]
    declared = bundled_series_declarations()
    assert declared.breaks
    assert declared.surveys
    for known in declared.breaks:
        years = {o.year for o in observations if known.where.matches(o)}
        assert {known.year - 1, known.year} <= years, known.where
        assert all((known.reason, known.source, known.section)), known.where
    for survey in declared.surveys:
        years = {o.year for o in observations if survey.where.matches(o) and o.year}
        assert years, survey.where
        assert years <= set(survey.years), survey.where

"""The questionnaire: grounded in the report's workability section, answered completely."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import krapte
from krapte.errors import InvalidInput
from krapte.workforce.survey.core.questionnaire import KEYS, QUESTIONS, SOURCE, parse_answers


def _werkbaarheid_2023_sector() -> dict[str, float]:
    path = Path(krapte.__file__).parent / "data" / "werkbaarheid.csv"
    with path.open(encoding="utf-8") as handle:
        return {
            row["measure"]: float(row["value"])
            for row in csv.DictReader(handle)
            if row["period"] == "2023" and row["category"] == "sector"
        }


def test_every_question_is_compared_with_a_2023_sector_figure_of_the_report() -> None:
    figures = _werkbaarheid_2023_sector()
    assert {question.measure for question in QUESTIONS} <= figures.keys()
    assert (
        figures["werkstress"] == 39.9
    )  # the report's "39,9% van de werknemers ervaart werkstress"


def test_the_questions_cover_the_four_dimensions_and_the_three_risks_of_the_report() -> None:
    kinds = [question.kind for question in QUESTIONS]
    assert kinds.count("dimension") == 4
    assert kinds.count("risk") == 3
    assert {q.measure for q in QUESTIONS if q.kind == "risk"} == {
        "emotionele_belasting",
        "hoge_werkdruk",
        "gebrek_aan_autonomie",
    }
    assert "2.5" in SOURCE
    assert "Werkbaarheidsmonitor" in SOURCE


def test_complete_answers_become_numbers() -> None:
    given = {key: str(number % 4) for number, key in enumerate(KEYS)}
    assert parse_answers(given) == {key: number % 4 for number, key in enumerate(KEYS)}


def test_a_missing_or_unknown_answer_is_a_problem_on_its_own_question() -> None:
    given = dict.fromkeys(KEYS, "2") | {"motivation": "", "workload": "7"}
    with pytest.raises(InvalidInput) as refused:
        parse_answers(given)
    assert [problem.field for problem in refused.value.problems] == ["motivation", "workload"]
    assert "nooit, soms, vaak of altijd" in refused.value.problems[1].message

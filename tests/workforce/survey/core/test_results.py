"""Results are shown only for a closed survey with at least ten responses."""

from __future__ import annotations

from krapte.workforce.survey.core.results import (
    MIN_RESPONSES,
    STILL_OPEN,
    TOO_FEW,
    QuestionResult,
    withheld_because,
)


def test_nine_responses_are_too_few_even_when_closed() -> None:
    assert MIN_RESPONSES == 10
    assert withheld_because(closed=True, responses=9) == TOO_FEW == "nog te weinig antwoorden"


def test_ten_responses_wait_until_the_survey_is_closed() -> None:
    assert withheld_because(closed=False, responses=10) == STILL_OPEN
    assert withheld_because(closed=True, responses=10) is None


def test_the_share_is_the_percent_of_respondents_with_the_problem() -> None:
    result = QuestionResult("work_stress", "dimension", "Werkstress", "?", 4, 11, None, None)
    assert round(result.share, 2) == 36.36
    assert result.as_dict()["share"] == 36.4

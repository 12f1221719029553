"""Dutch number parsing: dots group thousands, the comma is the decimal mark, blank is missing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from krapte.formatting import number
from krapte.numbers import NumberFormatError, parse_dutch_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1938", 1938.0),
        ("1.938", 1938.0),
        ("12.534.000", 12534000.0),
        ("39,9", 39.9),
        ("1.234,5", 1234.5),
        ("0,5", 0.5),
        (" 2.574 ", 2574.0),
        ("1 938", 1938.0),
        ("39,9%", 39.9),
        ("-5", -5.0),
        ("−1.034", -1034.0),
        ("39.9", 39.9),
        ("0.500", 0.5),
    ],
)
def test_dutch_numbers_are_read_as_printed(text: str, expected: float) -> None:
    assert parse_dutch_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("blank", ["", "   ", None])
def test_blank_cell_is_missing_not_zero(blank: str | None) -> None:
    assert parse_dutch_number(blank) is None


@pytest.mark.parametrize("text", ["abc", "n.v.t.", "1,2,3", "1.2.3", "12a", "--5", "1.23,4"])
def test_text_is_rejected_in_dutch(text: str) -> None:
    with pytest.raises(NumberFormatError, match="geen getal"):
        parse_dutch_number(text)


def test_spreadsheet_numbers_pass_through() -> None:
    assert parse_dutch_number(1938) == 1938.0
    assert parse_dutch_number(39.9) == 39.9


@given(st.integers(min_value=0, max_value=10**9))
def test_flemish_rendering_reads_back(value: int) -> None:
    assert parse_dutch_number(number(value)) == value


@pytest.mark.parametrize("text", ["1" * 400, "9007199254740993", "-12.345.678.901.234.567"])
def test_numbers_a_float_cannot_hold_exactly_are_refused(text: str) -> None:
    with pytest.raises(NumberFormatError, match="te groot"):
        parse_dutch_number(text)


@pytest.mark.parametrize("value", [float("inf"), float("nan"), 1e300])
def test_spreadsheet_numbers_that_are_not_finite_or_too_large_are_refused(value: float) -> None:
    with pytest.raises(NumberFormatError, match="te groot"):
        parse_dutch_number(value)


def test_the_largest_exact_whole_number_is_accepted() -> None:
    assert parse_dutch_number("9.007.199.254.740.991") == 2.0**53 - 1

"""The safe expression language of claims: what it accepts, refuses and computes."""

from __future__ import annotations

import pytest

from builders import obs
from krapte.datahub.core import expressions
from krapte.datahub.core.expressions import CheckError, ObservationIndex, compile_check, evaluate
from krapte.datahub.core.records import Observation

STORE: list[Observation] = [
    obs(programme="sociaal werk", value=5066, table="a"),
    obs(programme="sociaal werk", value=5066, table="b"),  # printed twice, same value
    obs(programme="", value=5066, table="a"),  # the printed total
    obs(programme="orthopedagogie", value=2000, table="a"),
    obs(programme="sociaal werk", period="2020", value=5665, table="a"),
    obs(programme="", period="2020", value=5665, table="a"),
    obs(dataset="starters", measure="starters", programme="mw", value=893, table="x"),
    obs(dataset="starters", measure="starters", programme="mw", value=983, table="y"),
    obs(dataset="ctx", measure="m", period="2025", level="", programme="", value=0, unit="ratio"),
    obs(
        dataset="ctx",
        measure="m",
        period="2025",
        level="",
        programme="",
        geography="Brussel",
        value=4,
        unit="ratio",
    ),
]
INDEX = ObservationIndex(STORE)


def figure(expression: str) -> float:
    return evaluate(expression, INDEX).figure


def holds(expression: str) -> bool:
    return evaluate(expression, INDEX).holds


# --- value() and total() ---------------------------------------------------------------------


def test_value_matches_the_given_dimensions_and_empty_others() -> None:
    assert figure("value('inschrijvingen', 'inschrijvingen', '2024', level='bachelor') > 0") == 5066


def test_value_printed_twice_with_the_same_figure_is_fine() -> None:
    call = (
        "value('inschrijvingen', 'inschrijvingen', '2024', level='bachelor', "
        "programme='sociaal werk')"
    )
    assert figure(f"{call} == 5066") == 5066


def test_value_printed_differently_is_ambiguous_unless_a_table_is_given() -> None:
    with pytest.raises(CheckError, match="dubbelzinnig"):
        figure("value('starters', 'starters', '2024', level='bachelor', programme='mw') > 0")
    assert (
        figure(
            "value('starters', 'starters', '2024', level='bachelor', programme='mw', table='y') > 0"
        )
        == 983
    )


def test_value_without_a_match_is_an_error() -> None:
    with pytest.raises(CheckError, match="geen waarneming"):
        figure("value('inschrijvingen', 'inschrijvingen', '1999', level='bachelor') > 0")


def test_geography_defaults_to_flanders() -> None:
    assert figure("value('ctx', 'm', '2025') >= 0") == 0
    assert figure("value('ctx', 'm', '2025', geography='Brussel') >= 0") == 4


def test_total_with_wildcard_sums_non_empty_values_once_per_figure() -> None:
    assert (
        figure(
            "total('inschrijvingen', 'inschrijvingen', '2024', level='bachelor', programme='*') > 0"
        )
        == 7066
    )


def test_wildcard_is_refused_in_value() -> None:
    with pytest.raises(CheckError, match=r"'\*'"):
        figure(
            "value('inschrijvingen', 'inschrijvingen', '2024', level='bachelor', programme='*') > 0"
        )


def test_unknown_dimension_is_refused() -> None:
    with pytest.raises(CheckError, match="onbekende dimensie"):
        compile_check("value('a', 'b', '2024', colour='red') > 0")


# --- arithmetic, comparison and within --------------------------------------------------------


def test_arithmetic_over_values() -> None:
    growth = (
        "value('inschrijvingen', 'inschrijvingen', '2024', level='bachelor') - "
        "value('inschrijvingen', 'inschrijvingen', '2020', level='bachelor')"
    )
    assert figure(f"{growth} == -599") == -599
    assert holds(f"{growth} == -599")
    assert holds(f"abs({growth}) / 10 * 2 == 119.8")
    assert holds(f"round(-({growth}) / 7, 1) == 85.6")
    assert not holds(f"{growth} > 0")


def test_within_reports_target_and_tolerance() -> None:
    result = evaluate("within(value('ctx', 'm', '2025', geography='Brussel'), 3.5, 0.5)", INDEX)
    assert result.holds
    assert result.figure == 4
    assert result.expected == "3,5 ± 0,5"
    assert not holds("within(value('ctx', 'm', '2025', geography='Brussel'), 3, 0.5)")


def test_expected_shows_operator_and_right_hand_side() -> None:
    assert evaluate("1 + 1 >= 2 * 1000", INDEX).expected == ">= 2.000"


def test_division_by_zero_is_an_error() -> None:
    with pytest.raises(CheckError, match="deling door nul"):
        figure("1 / value('ctx', 'm', '2025') > 0")


# --- unsafe or malformed expressions are refused before evaluation -------------------------------


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("__import__('os') == 0", "onbekende functie"),
        ("__import__('os').system('true') == 0", "attribuuttoegang"),
        ("value.__class__ == 1", "attribuuttoegang"),
        ("(lambda: 1)() == 1", "niet toegestaan"),
        ("open('x') == 1", "onbekende functie"),
        ("x > 1", "naam"),
        ("[1][0] > 0", "indexering"),
        ("1 < 2 < 3", "één vergelijking"),
        ("1 > 0 and 2 > 0", "één vergelijking"),
        ("2 ** 10 > 0", "bewerking niet toegestaan"),
        ("'a' > 'b'", "alleen getallen"),
        ("value(*['a', 'b', 'c']) > 0", "niet toegestaan"),
        ("value('a', 'b') > 0", "dataset, meting en periode"),
        ("value('a', 'b', 2024) > 0", "tekst"),
        ("within(within(1, 1, 1), 1, 1)", "within"),
        ("1 + 1", "één vergelijking"),
        ("import os", "ongeldige uitdrukking bij teken"),
        ("min(1) > 0", "min\\(\\) verwacht 2 of meer getallen"),
        ("max(1, b=2) > 0", "max\\(\\) verwacht"),
        ("1 in [1]", "vergelijking niet toegestaan"),
    ],
)
def test_anything_outside_the_language_is_refused(expression: str, message: str) -> None:
    with pytest.raises(CheckError, match=message):
        compile_check(expression)


def test_min_and_max_take_two_or_more_figures() -> None:
    bachelor_2024 = "value('inschrijvingen', 'inschrijvingen', '2024', level='bachelor')"
    bachelor_2020 = "value('inschrijvingen', 'inschrijvingen', '2020', level='bachelor')"
    assert figure(f"min({bachelor_2024}, {bachelor_2020}) > 0") == 5066
    assert figure(f"max({bachelor_2024}, {bachelor_2020}, 6000) > 0") == 6000
    result = evaluate(f"min({bachelor_2024}, {bachelor_2020}) > max(1, 2, 3)", INDEX)
    assert result.expected == "> 3"


def test_syntax_errors_are_explained_in_dutch_with_their_position() -> None:
    with pytest.raises(CheckError) as caught:
        compile_check("value('a', 'b', '2024' > 0")
    message = str(caught.value)
    assert message.startswith("ongeldige uitdrukking bij teken")
    assert "was never closed" not in message
    assert "invalid syntax" not in message


# --- expressions too long or too deep: a Dutch error, never a RecursionError -----------------

DEEP = {
    "unary minus": "-" * 1900 + "1 > 0",
    "parentheses": "(" * 300 + "1" + ")" * 300 + " > 0",
    "long sum": "1" + "+1" * 900 + " > 0",
    "nested calls": "abs(" * 45 + "1" + ")" * 45 + " > 0",
}


@pytest.mark.parametrize("expression", DEEP.values(), ids=DEEP.keys())
def test_deeply_nested_expression_is_refused_in_dutch(expression: str) -> None:
    with pytest.raises(CheckError, match="te diep genest"):
        compile_check(expression)


@pytest.mark.parametrize(
    "expression", ["1" + "+1" * 100_000 + " > 0", "-" * 100_000 + "1 > 0"], ids=["sum", "minus"]
)
def test_nesting_that_exhausts_the_parser_is_refused_in_dutch(
    expression: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without the length limit these reach Python's parser, which raises RecursionError
    # (the long sum) or MemoryError (the minus signs) on its own stack.
    monkeypatch.setattr(expressions, "MAX_LENGTH", 10**6)
    with pytest.raises(CheckError, match="te diep genest"):
        compile_check(expression)


def test_overlong_expression_is_refused_before_parsing() -> None:
    with pytest.raises(CheckError, match="te lang: 200005 tekens, hoogstens 2000"):
        compile_check("1" + "+1" * 100_000 + " > 0")


def test_nesting_up_to_the_limit_is_evaluated() -> None:
    assert holds("abs(" * 30 + "-1" + ")" * 30 + " == 1")

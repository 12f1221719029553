"""Claims: the file format, the safe expression language and its evaluation over observations."""

from __future__ import annotations

from importlib.resources import files

import pytest

from builders import obs
from krapte.datahub.core.claims import (
    CheckError,
    Claim,
    ClaimsFileError,
    ObservationIndex,
    check_claims,
    compile_check,
    evaluate,
    parse_claims,
)
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
        ("import os", "ongeldige uitdrukking"),
        ("1 in [1]", "vergelijking niet toegestaan"),
    ],
)
def test_anything_outside_the_language_is_refused(expression: str, message: str) -> None:
    with pytest.raises(CheckError, match=message):
        compile_check(expression)


# --- the claims file and claim results ---------------------------------------------------------

CLAIM = """
[[claim]]
id = "bachelor-daalt"
statement = "Het aantal bachelorstudenten daalt."
section = "4.1.1"
check = "value('inschrijvingen', 'inschrijvingen', '2024', level='bachelor') < {rhs}"
"""


def test_claims_are_parsed_from_toml() -> None:
    [claim] = parse_claims(CLAIM.format(rhs=6000))
    assert claim == Claim(
        id="bachelor-daalt",
        statement="Het aantal bachelorstudenten daalt.",
        section="4.1.1",
        check="value('inschrijvingen', 'inschrijvingen', '2024', level='bachelor') < 6000",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title = 'x'", "geen \\[\\[claim\\]\\]"),
        ("[[claim]]\nid = 'a'\nsection = '1'\ncheck = '1 > 0'", "veld statement"),
        ("[[claim]]\nid = 'Niet Kebab'\nstatement = 's'\nsection = '1'\ncheck = '1 > 0'", "kebab"),
        (
            "[[claim]]\nid = 'a'\nstatement = 's'\nsection = '1'\ncheck = '1 > 0'\nkleur = 'x'",
            "onbekend veld",
        ),
        ("[[claim]\n", "geen geldige TOML"),
    ],
)
def test_malformed_claims_files_are_refused(text: str, message: str) -> None:
    with pytest.raises(ClaimsFileError, match=message):
        parse_claims(text, source="mijn.toml")


def test_duplicate_claim_ids_are_refused() -> None:
    with pytest.raises(ClaimsFileError, match="twee keer"):
        parse_claims(CLAIM.format(rhs=1) + CLAIM.format(rhs=2))


def test_claim_results_support_contradict_or_fail() -> None:
    claims = [
        *parse_claims(CLAIM.format(rhs=6000)),
        Claim(
            "stijgt",
            "s",
            "1",
            "value('inschrijvingen', 'inschrijvingen', '2024', level='bachelor') > 6000",
        ),
        Claim("kapot", "s", "1", "value('bestaat', 'niet', '2024') > 1"),
        Claim("onveilig", "s", "1", "__import__('os').getcwd() > 1"),
    ]
    results = check_claims(claims, STORE)
    assert [r.status for r in results] == ["ondersteund", "tegengesproken", "fout", "fout"]
    assert results[1].figure == 5066
    assert results[1].expected == "> 6.000"
    assert results[2].figure is None
    assert "geen waarneming" in results[2].error


BUNDLED = files("krapte") / "data"


@pytest.mark.skipif(
    not (BUNDLED / "claims.toml").is_file() or not (BUNDLED / "inschrijvingen.csv").is_file(),
    reason="bundled data and claims not extracted yet",
)
def test_every_bundled_claim_evaluates_and_the_known_contradictions_are_reported() -> None:
    from krapte.datahub.core.bundle import load_package

    observations = [o for d in load_package().datasets for o in d.observations]
    claims = parse_claims((BUNDLED / "claims.toml").read_text(encoding="utf-8"))
    results = check_claims(claims, observations)
    assert len(results) >= 15
    assert [(r.id, r.error) for r in results if r.status == "fout"] == []
    by_id = {r.id: r for r in results}
    # docs/data.md, inconsistency 3: never more than 7000 graduate SAW students (6732 in 2024).
    assert by_id["graduaat-saw-meer-dan-7000"].status == "tegengesproken"
    assert by_id["graduaat-saw-meer-dan-7000"].figure == 6732
    # docs/data.md, inconsistency 6: 36.9 % vs "een totale stijging van 42%".
    assert by_id["tewerkstelling-totale-stijging-42"].status == "tegengesproken"
    assert by_id["tewerkstelling-totale-stijging-42"].figure == 36.9

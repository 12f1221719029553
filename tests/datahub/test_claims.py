"""Claims: the file format, the verdicts, and the bundled claims read as the report words them."""

from __future__ import annotations

import ast
import re
from importlib.resources import files
from pathlib import Path

import pytest

from builders import obs
from krapte.datahub.core.bundle import load_package
from krapte.datahub.core.claims import (
    Claim,
    ClaimResult,
    Elsewhere,
    check_claims,
    parse_claims,
)
from krapte.datahub.core.expressions import ObservationIndex, evaluate
from krapte.datahub.core.records import Observation
from krapte.errors import InvalidInput

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT.parent / "shared" / "seed" / "000_a936d57cfe7e88a9.txt"
BUNDLED_CLAIMS = (files("krapte") / "data" / "claims.toml").read_text(encoding="utf-8")

# Two printed growth figures for one group, as in section 2.1 of the report.
GROWTH = "value('werk', 'groei', '2014-2023', category='{}')"
STORE: list[Observation] = [
    obs(
        dataset="werk",
        measure="groei",
        period="2014-2023",
        level="",
        programme="",
        category=category,
        value=value,
    )
    for category, value in (("tabel", 36.9), ("tekst", 42), ("markt", 8.4))
]


def verdict(claim: Claim) -> ClaimResult:
    [result] = check_claims([claim], STORE)
    return result


# --- the verdicts ------------------------------------------------------------------------------


def test_a_check_that_holds_supports_the_claim() -> None:
    result = verdict(Claim("c", "Sterker.", "2.1", check=f"{GROWTH.format('tabel')} > 8"))
    assert (result.status, result.figure, result.expected) == ("ondersteund", 36.9, "> 8")


def test_a_check_that_fails_contradicts_the_claim() -> None:
    result = verdict(Claim("c", "Meer dan 40.", "2.1", check=f"{GROWTH.format('tabel')} > 40"))
    assert (result.status, result.figure, result.expected) == ("tegengesproken", 36.9, "> 40")


def test_two_printed_figures_that_disagree_make_the_report_inconsistent_not_the_claim_wrong() -> (
    None
):
    other = Elsewhere("36,9%", "2.1", check=f"{GROWTH.format('tekst')} == {GROWTH.format('tabel')}")
    claim = Claim("c", "42%", "2.1", untestable="De tabel ontbreekt.", elsewhere=other)
    result = verdict(claim)
    assert result.status == "tegenstrijdig in het rapport"
    assert (result.figure, result.expected) == (42, "== 36,9")
    assert (result.elsewhere_section, result.elsewhere_statement) == ("2.1", "36,9%")
    assert "ander cijfer" in result.reason


def test_a_passage_that_says_the_opposite_makes_the_report_inconsistent() -> None:
    other = Elsewhere("Het verzuim is gedaald.", "6")
    claim = Claim("c", "Het verzuim stijgt.", "2.5", untestable="Geen cijfers.", elsewhere=other)
    result = verdict(claim)
    assert result.status == "tegenstrijdig in het rapport"
    assert result.figure is None
    assert result.reason == "Sectie 6 zegt het tegendeel."
    assert result.as_dict()["elsewhere_statement"] == "Het verzuim is gedaald."


def test_the_inconsistency_comes_before_the_check() -> None:
    other = Elsewhere("x", "1", check=f"{GROWTH.format('tekst')} == {GROWTH.format('tabel')}")
    claim = Claim("c", "s", "2.1", check=f"{GROWTH.format('tabel')} > 0", elsewhere=other)
    assert verdict(claim).status == "tegenstrijdig in het rapport"


def test_when_the_passages_agree_the_claim_is_tested_on_its_own() -> None:
    agree = Elsewhere("x", "1", check=f"{GROWTH.format('tabel')} < {GROWTH.format('tekst')}")
    tested = Claim("c", "s", "2.1", check=f"{GROWTH.format('markt')} > 10", elsewhere=agree)
    assert verdict(tested).status == "tegengesproken"
    untested = Claim("c", "s", "2.1", untestable="Geen studie.", elsewhere=agree)
    result = verdict(untested)
    assert (result.status, result.reason) == ("niet toetsbaar", "Geen studie.")


def test_a_claim_without_figures_is_not_testable_and_says_why() -> None:
    result = verdict(Claim("c", "s", "2.5", untestable="Geen Vlaams gemiddelde."))
    assert (result.status, result.reason, result.figure) == (
        "niet toetsbaar",
        "Geen Vlaams gemiddelde.",
        None,
    )


@pytest.mark.parametrize(
    ("claim", "error"),
    [
        (Claim("c", "s", "1", check="value('bestaat', 'niet', '2024') > 1"), "geen waarneming"),
        (Claim("c", "s", "1", check="__import__('os').getcwd() > 1"), "attribuuttoegang"),
        (Claim("c", "s", "1", check="1" + "+1" * 900 + " > 0"), "te diep genest"),
        (
            Claim("c", "s", "1", untestable="u", elsewhere=Elsewhere("x", "1", "1 +* 2 > 0")),
            "ongeldige uitdrukking",
        ),
    ],
    ids=["no data", "unsafe", "too deep", "broken elsewhere check"],
)
def test_a_check_that_cannot_be_evaluated_is_fout_with_a_dutch_reason(
    claim: Claim, error: str
) -> None:
    result = verdict(claim)
    assert (result.status, result.figure) == ("fout", None)
    assert error in result.error


def test_results_are_json_ready_with_english_keys() -> None:
    row = verdict(Claim("c", "s", "1", check=f"{GROWTH.format('tabel')} > 8")).as_dict()
    assert set(row) == {
        "id",
        "section",
        "statement",
        "status",
        "figure",
        "expected",
        "error",
        "reason",
        "elsewhere_section",
        "elsewhere_statement",
    }


# --- the claims file ---------------------------------------------------------------------------

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


def test_a_claim_may_name_the_passage_that_says_otherwise() -> None:
    text = (
        '[[claim]]\nid = "verzuim"\nstatement = "stijgt"\nsection = "2.5"\n'
        'untestable = "geen cijfers"\n\n[claim.elsewhere]\nstatement = "daalt"\nsection = "6"\n'
    )
    [claim] = parse_claims(text)
    assert claim.elsewhere == Elsewhere("daalt", "6")
    assert (claim.check, claim.untestable) == ("", "geen cijfers")


def problems_of(text: str) -> list[tuple[int | None, str, str]]:
    with pytest.raises(InvalidInput) as caught:
        parse_claims(text, source="mijn.toml")
    assert all(p.file == "mijn.toml" for p in caught.value.problems)
    return [(p.row, p.field, p.message) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        ("title = 'x'", "", "geen \\[\\[claim\\]\\]"),
        ("[[claim]]\nid = 'a'\nsection = '1'\ncheck = '1 > 0'", "statement", "ontbreekt"),
        (
            "[[claim]]\nid = 'Niet Kebab'\nstatement = 's'\nsection = '1'\ncheck = '1 > 0'",
            "id",
            "kebab",
        ),
        (
            "[[claim]]\nid = 'a'\nstatement = 's'\nsection = '1'\ncheck = '1 > 0'\nkleur = 'x'",
            "kleur",
            "onbekend veld",
        ),
        ("[[claim]\n", "", "geen geldige TOML op regel 1"),
        ("[[claim]]\nid = 'a'\nstatement = 's'\nsection = '1'", "check", "untestable"),
        (
            "[[claim]]\nid = 'a'\nstatement = 's'\nsection = '1'\ncheck = '1 > 0'\n"
            "untestable = 'u'",
            "untestable",
            "niet allebei",
        ),
        (
            "[[claim]]\nid = 'a'\nstatement = 's'\nsection = '1'\nuntestable = 'u'\n"
            "[claim.elsewhere]\nsection = '6'",
            "elsewhere.statement",
            "ontbreekt",
        ),
        (
            "[[claim]]\nid = 'a'\nstatement = 's'\nsection = '1'\nuntestable = 'u'\n"
            "[claim.elsewhere]\nstatement = 't'\nsection = '6'\nbron = 'x'",
            "elsewhere.bron",
            "onbekend veld",
        ),
    ],
)
def test_malformed_claims_files_are_refused_naming_file_and_field(
    text: str, field: str, message: str
) -> None:
    [(_, named, said)] = problems_of(text)
    assert named == field
    assert re.search(message, said)


def test_every_problem_is_listed_with_the_line_of_its_claim() -> None:
    text = CLAIM.format(rhs=1) + CLAIM.format(rhs=2) + "\n[[claim]]\nid = 'x'\nsection = '1'\n"
    problems = problems_of(text)
    assert [(row, field) for row, field, _ in problems] == [
        (8, "id"),  # the second claim repeats the first one's id
        (14, "statement"),
        (14, "check"),
    ]
    assert "twee keer" in problems[0][2]


def test_a_bad_claims_file_reads_as_one_dutch_message() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_claims("[[claim]]\nid = 'a'\n", source="claims.toml")
    assert caught.value.message == "claims.toml bevat 3 fouten"
    assert str(caught.value.problems[0]) == (
        "claims.toml, rij 1, kolom 'statement': verplichte tekst ontbreekt (claim 'a')"
    )


# --- the bundled claims: the report read as it is worded -----------------------------------------


@pytest.fixture(scope="module")
def bundled() -> dict[str, ClaimResult]:
    observations = [o for d in load_package().datasets for o in d.observations]
    return {r.id: r for r in check_claims(parse_claims(BUNDLED_CLAIMS), observations)}


def test_every_bundled_claim_gets_a_verdict_and_none_fails(bundled: dict[str, ClaimResult]) -> None:
    assert len(bundled) >= 20
    assert [(r.id, r.error) for r in bundled.values() if r.status == "fout"] == []
    assert {r.status for r in bundled.values()} == {
        "ondersteund",
        "tegengesproken",
        "tegenstrijdig in het rapport",
        "niet toetsbaar",
    }


def test_salaried_growth_is_tested_for_the_two_groups_the_sentence_names(
    bundled: dict[str, ClaimResult],
) -> None:
    result = bundled["loontrekkenden-pc329-en-non-profit-sterker"]
    # min(PC 329 +13,4 %, non-profit +14,9 %) against the Flemish/Brussels market +8,4 %.
    assert (result.status, result.figure, result.expected) == ("ondersteund", 13.4, "> 8,4")
    assert "loontrekkenden-volwassenenwerk-sterker" not in bundled


def test_growth_of_42_against_36_9_is_an_inconsistency_of_the_report(
    bundled: dict[str, ClaimResult],
) -> None:
    result = bundled["tewerkstelling-totale-stijging-42"]
    assert result.status == "tegenstrijdig in het rapport"
    assert (result.figure, result.expected, result.elsewhere_section) == (42, "== 36,9", "2.1")


def test_the_burn_out_claims_follow_the_reports_wording(bundled: dict[str, ClaimResult]) -> None:
    # 'Dit cijfer' is work stress (30,9 % in 2004, 39,9 % in 2023), not burn-out (14,4 %).
    rise = bundled["werkstress-sector-gestegen-sinds-2004"]
    assert (rise.status, rise.figure, rise.expected) == ("ondersteund", 39.9, "> 30,9")
    # No Flemish average of work stress is printed; the 30 % average is about burn-out.
    assert bundled["werkstress-sector-boven-vlaams-gemiddelde"].status == "niet toetsbaar"
    below = bundled["burn-out-subsector-onder-vlaams-gemiddelde"]
    assert (below.status, below.figure, below.expected) == ("ondersteund", 14.2, "< 30")
    # 'Verdubbelde bijna': 7,0 % -> 14,2 % is slightly more than double.
    doubled = bundled["burn-out-subsector-bijna-verdubbeld"]
    assert doubled.status == "tegengesproken"
    assert doubled.figure == pytest.approx(14.2 / 7.0)
    assert "burn-out-sector-boven-vlaams-gemiddelde" not in bundled


def test_growth_mostly_in_the_masters_is_contradicted_by_the_enrolment_figures(
    bundled: dict[str, ClaimResult],
) -> None:
    result = bundled["hoger-onderwijs-groei-vooral-masters"]
    # +3065 master students against +7756 graduaat and +1034 bachelor, 2020-2024.
    assert (result.status, result.figure, result.expected) == ("tegengesproken", 3065, "> 7.756")


@pytest.mark.parametrize(
    ("claim_id", "conclusion"),
    [
        ("ziekteverzuim-kort-en-middellang-stijgt", "Het kortdurende ziekteverzuim is gedaald"),
        ("verloop-toegenomen", "al wisselen sociaal werkers minder van job"),
    ],
)
def test_a_trend_that_the_conclusion_reverses_is_an_inconsistency_of_the_report(
    bundled: dict[str, ClaimResult], claim_id: str, conclusion: str
) -> None:
    result = bundled[claim_id]
    assert result.status == "tegenstrijdig in het rapport"
    assert (result.section, result.elsewhere_section) == ("2.5", "6")
    assert conclusion in result.elsewhere_statement


def test_the_known_contradictions_stay_contradicted(bundled: dict[str, ClaimResult]) -> None:
    # docs/data.md, inconsistency 3: never more than 7000 graduate SAW students (6732 in 2024).
    result = bundled["graduaat-saw-meer-dan-7000"]
    assert (result.status, result.figure) == ("tegengesproken", 6732)


def test_no_bundled_check_only_restates_the_figure_it_quotes() -> None:
    """A check with one lookup must not compare it with its own value (``value(x) == 1542``)."""
    observations = [o for d in load_package().datasets for o in d.observations]
    index = ObservationIndex(observations)
    for claim in parse_claims(BUNDLED_CLAIMS):
        for check in filter(None, (claim.check, claim.elsewhere and claim.elsewhere.check)):
            tree = ast.parse(check, mode="eval").body
            lookups = [
                node
                for node in ast.walk(tree)
                if isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"value", "total"}
            ]
            assert lookups, claim.id
            if len(lookups) > 1:
                continue
            constants = [
                node.value
                for node in ast.walk(tree)
                if isinstance(node, ast.Constant) and isinstance(node.value, int | float)
            ]
            figure = evaluate(check, index).figure
            assert all(abs(figure - c) > 1e-9 for c in constants), claim.id


def _normalised(text: str) -> str:
    text = text.translate(str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\xa0": " "}))
    text = re.sub(r"-\s*\n\s*", "-", text)  # words broken over two lines
    text = re.sub(r"(?<=[a-z])\d(?= )", "", text)  # footnote marks: 'dienstverlening1'
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.skipif(not REPORT.is_file(), reason="the report text (../shared) is not here")
def test_every_quoted_statement_is_in_the_report_as_printed() -> None:
    report = _normalised(REPORT.read_text(encoding="utf-8"))
    for claim in parse_claims(BUNDLED_CLAIMS):
        quotes = [claim.statement, *([claim.elsewhere.statement] if claim.elsewhere else [])]
        for quote in quotes:
            for part in _normalised(quote).split("(...)"):
                assert part.strip() in report, (claim.id, part)

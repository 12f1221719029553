"""The writing aid: hints about exclusive wording, never a refusal."""

from __future__ import annotations

from krapte.vacancies.core.wording import warnings


def test_an_inclusive_plain_vacancy_gets_no_hint() -> None:
    assert warnings("Sociaal werker (m/v/x)", "Je helpt mensen met hun vragen.") == []


def test_a_title_without_marker_gets_one() -> None:
    assert any("(m/v/x)" in hint for hint in warnings("Sociaal werker", "Je helpt mensen."))


def test_m_v_without_x_gets_its_own_hint() -> None:
    hints = warnings("Sociaal werker (m/v)", "")
    assert any("in plaats van '(m/v)'" in hint for hint in hints)


def test_exclusive_phrases_jargon_and_abbreviations_are_named() -> None:
    text = (
        "Ons jong en dynamisch team werkt krachtgericht met presentiebenadering, "
        "samen met CAW, OCMW en VAPH. Moedertaal Nederlands."
    )
    hints = " | ".join(warnings("Sociaal werker (v/m/x)", text))
    assert "jong en dynamisch" in hints
    assert "taalniveau" in hints
    assert "presentiebenadering" in hints
    assert "CAW, OCMW, VAPH" in hints

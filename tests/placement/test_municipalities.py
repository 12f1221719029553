"""The official list of Belgian municipalities: lookup, derived province, suggestions."""

from __future__ import annotations

import pytest

from krapte.datahub.core.records import PROVINCES
from krapte.placement.core.generator import MUNICIPALITIES
from krapte.placement.municipalities import check_municipality, municipality_names


@pytest.mark.parametrize(
    ("typed", "name", "province"),
    [
        ("Gent", "Gent", "Oost-Vlaanderen"),
        ("  sint-niklaas ", "Sint-Niklaas", "Oost-Vlaanderen"),
        ("LEUVEN", "Leuven", "Vlaams-Brabant"),
        ("Hasselt", "Hasselt", "Limburg"),
        ("Kortrijk", "Kortrijk", "West-Vlaanderen"),
        ("Mechelen", "Mechelen", "Antwerpen"),
        ("Bruxelles", "Brussel", "Brussel"),
        ("Ixelles", "Elsene", "Brussel"),
        ("Schaarbeek", "Schaarbeek", "Brussel"),
        ("Bergen", "Bergen", "Henegouwen"),
        ("Écaussinnes", "Ecaussinnes", "Henegouwen"),
    ],
)
def test_a_municipality_is_found_by_name_and_gives_its_province(
    typed: str, name: str, province: str
) -> None:
    found, problem = check_municipality(typed)
    assert problem == ""
    assert found is not None
    assert (found.name, found.province) == (name, province)


def test_generated_rounds_use_official_municipalities_in_their_own_province() -> None:
    provinces = {p for p in MUNICIPALITIES if p != "Brussel"}
    assert provinces == set(PROVINCES)
    for province, names in MUNICIPALITIES.items():
        for name in names:
            found, problem = check_municipality(name)
            assert problem == "", name
            assert found is not None
            assert (found.name, found.province) == (name, province)


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [("Gentt", "Gent"), ("Tongeren", "Tongeren-Borgloon"), ("Molenbeek", "Sint-Jans-Molenbeek")],
)
def test_an_unknown_municipality_is_refused_with_close_names(typed: str, suggested: str) -> None:
    found, problem = check_municipality(typed)
    assert found is None
    assert "officiële lijst" in problem
    assert f"'{suggested}'" in problem


def test_an_empty_municipality_asks_for_one() -> None:
    assert check_municipality(" ") == (None, "vul een gemeente in")


def test_the_list_holds_todays_municipalities_once() -> None:
    names = municipality_names()
    assert len(names) == len(set(names)) == 565
    assert "Tongeren-Borgloon" in names
    assert "Tongeren" not in names

"""The explorer's selection: what a URL asks for, parsed with Dutch errors naming the field."""

from __future__ import annotations

import pytest

from krapte.datahub.core.selection import MAX_PAGE_SIZE, Selection, parse_selection
from krapte.errors import InvalidInput


def problem_fields(query: dict[str, str]) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        parse_selection(query)
    return [problem.field for problem in caught.value.problems]


def test_every_filter_of_the_url_becomes_part_of_the_selection() -> None:
    selection = parse_selection(
        [
            ("dataset", "inschrijvingen"),
            ("release", "2"),
            ("measure", "inschrijvingen"),
            ("from", "2021"),
            ("to", "2024"),
            ("institution", "HOGENT"),
            ("programme", "sociaal werk"),
            ("level", "bachelor"),
            ("province", "Oost-Vlaanderen"),
            ("sort", "value"),
            ("order", "desc"),
            ("page", "3"),
            ("page_size", "100"),
            ("view", "long"),
        ]
    )
    assert selection == Selection(
        dataset="inschrijvingen",
        release=2,
        measure="inschrijvingen",
        period_from="2021",
        period_to="2024",
        institution="HOGENT",
        programme="sociaal werk",
        level="bachelor",
        province="Oost-Vlaanderen",
        sort="value",
        direction="desc",
        page=3,
        page_size=100,
        view="long",
    )
    assert selection.offset == 200


def test_empty_form_fields_mean_no_filter() -> None:
    selection = parse_selection({"dataset": "inschrijvingen", "institution": "", "page": ""})
    assert selection.filters == {}
    assert (selection.page, selection.release) == (1, None)


def test_group_dimensions_may_be_repeated_or_separated_by_commas() -> None:
    selection = parse_selection(
        [("dataset", "d"), ("group", "province,period"), ("group", "level"), ("group", "period")]
    )
    assert selection.group == ("province", "period", "level")


def test_a_selection_survives_its_own_url() -> None:
    selection = Selection(
        dataset="d", measure="m", period_from="2020", province="Limburg", sort="2024",
        direction="desc", page=2, page_size=25, group=("level", "period"), view="long",
    )  # fmt: skip
    assert parse_selection(selection.query()) == selection


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"page": "0"}, "page"),
        ({"page": "abc"}, "page"),
        ({"page_size": str(MAX_PAGE_SIZE + 1)}, "page_size"),
        ({"release": "-1"}, "release"),
        ({"sort": "wachtwoord"}, "sort"),
        ({"order": "willekeurig"}, "order"),
        ({"view": "taart"}, "view"),
        ({"group": "kleur"}, "group"),
        ({"institution": "x" * 201}, "institution"),
    ],
)
def test_bad_values_are_refused_naming_the_field(query: dict[str, str], field: str) -> None:
    assert problem_fields({"dataset": "inschrijvingen", **query}) == [field]


def test_every_bad_field_is_named_at_once_in_dutch() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_selection({"dataset": "d", "page": "nul", "page_size": "9999"})
    assert [p.field for p in caught.value.problems] == ["page", "page_size"]
    assert "geheel getal van 1 tot en met 500" in caught.value.message


def test_a_selection_needs_a_dataset() -> None:
    assert problem_fields({"measure": "m"}) == ["dataset"]

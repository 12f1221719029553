"""The explorer's queries on SQLite and PostgreSQL: filters, sort, paging, the wide table, sums."""

from __future__ import annotations

import pytest

from datahub.explorer_builders import DATASET, figure, figures, fill
from krapte.bootstrap import Container
from krapte.datahub import explorer
from krapte.datahub.core.selection import Selection
from krapte.errors import InvalidInput, NotFound


@pytest.fixture
def store(container: Container) -> Container:
    fill(container)
    return container


def explore(container: Container, **fields: object) -> explorer.ExplorerPage:
    return explorer.explore(container.unit_of_work(), Selection(dataset=DATASET, **fields))  # type: ignore[arg-type]


def values(page: explorer.ExplorerPage) -> list[float]:
    return [f.observation.value for f in page.figures]


def test_province_comes_from_the_institution_or_else_the_region(store: Container) -> None:
    antwerp = explore(store, view="long", province="Antwerpen", measure="inschrijvingen")
    assert sorted(values(antwerp)) == [100, 110, 200, 220]
    assert {f.province for f in antwerp.figures} == {"Antwerpen"}
    limburg = explore(store, view="long", province="Limburg")
    assert [(f.observation.institution, f.province) for f in limburg.figures] == [
        ("PXL", "Limburg")
    ]


def test_a_province_filter_takes_the_region_before_the_institution(container: Container) -> None:
    fill(
        container,
        [
            figure("AP", 2024, 1),  # Flanders-wide row of an Antwerp institution
            figure("HOGENT", 2024, 2, geography="Antwerpen"),  # region says Antwerp
            figure("AP", 2024, 3, geography="Limburg"),  # region says Limburg
            figure("onbekend", 2024, 4),  # not in the list of institutions: no province
            figure("", 2024, 5, geography="Antwerpen", table="totaal"),
        ],
    )
    antwerp = explore(container, view="long", province="Antwerpen", sort="value")
    assert values(antwerp) == [1, 2, 5]
    assert antwerp.total == 3
    limburg = explore(container, province="Limburg")
    assert limburg.wide is not None
    assert [r.keys["institution"] for r in limburg.wide.rows] == ["AP"]
    sums = explore(container, group=("province",))
    assert sums.aggregation is not None
    assert {r.keys["province"]: r.total for r in sums.aggregation.rows} == {
        "Antwerpen": 1 + 2,  # the printed total (no institution) is left out
        "Limburg": 3,
        "": 4,
    }


def test_filters_combine_and_the_count_covers_every_page(store: Container) -> None:
    page = explore(store, view="long", institution="AP", period_from="2024", page_size=1)
    assert page.total == 2  # enrolments and the share of women, 2024
    assert page.pages == 2
    assert len(page.figures) == 1


def test_sorting_by_value_pages_through_the_whole_selection_in_order(store: Container) -> None:
    selection = {"view": "long", "measure": "inschrijvingen", "sort": "value", "direction": "desc"}
    pages = [explore(store, **selection, page=n, page_size=4) for n in (1, 2, 3)]
    seen = [value for page in pages for value in values(page)]
    expected = sorted((o.value for o in figures() if o.measure == "inschrijvingen"), reverse=True)
    assert seen == expected
    assert pages[0].total == len(expected) == 10


def test_the_wide_table_has_a_row_per_institution_and_a_column_per_year(store: Container) -> None:
    page = explore(store, measure="inschrijvingen")
    assert page.wide is not None
    assert page.wide.periods == ("2023", "2024")
    rows = {(r.keys["institution"], r.keys["geography"]): r for r in page.wide.rows}
    assert [c.high for c in rows[("AP", "Vlaanderen")].cells if c] == [100, 110]
    assert rows[("PXL", "Limburg")].cells[0] is None
    total = rows[("", "Vlaanderen")]
    assert total.is_total
    assert total.cells[1] is not None
    assert (total.cells[1].low, total.cells[1].high, total.cells[1].disputed) == (1660, 1666, True)
    assert page.wide.totals is None  # printed totals beside their parts: no sum of the column
    assert page.total == 5


def test_the_wide_table_adds_up_a_column_of_parts(store: Container) -> None:
    page = explore(store, measure="inschrijvingen", province="Antwerpen")
    assert page.wide is not None
    assert page.wide.totals == (300, 330)


def test_the_wide_table_sorts_on_a_year(store: Container) -> None:
    page = explore(store, measure="inschrijvingen", sort="2023", direction="desc", page_size=2)
    assert page.wide is not None
    assert [r.keys["institution"] for r in page.wide.rows] == ["", "HOGENT"]


def test_sums_by_province_leave_printed_totals_out(store: Container) -> None:
    page = explore(
        store, measure="inschrijvingen", group=("province", "period"), period_from="2024"
    )
    assert page.aggregation is not None
    sums = {row.keys["province"]: row.total for row in page.aggregation.rows}
    assert sums == {"Antwerpen": 330, "Limburg": 50, "Oost-Vlaanderen": 1330}
    assert page.aggregation.left_out == ("institution",)


def test_sums_count_their_groups_and_disputed_figures_on_every_page(container: Container) -> None:
    fill(
        container,
        [
            figure("AP", 2024, 110),
            figure("AP", 2024, 111, table="andere tabel"),
            figure("KdG", 2024, 200),
            figure("HOGENT", 2024, 300),
        ],
    )
    pages = [explore(container, group=("institution",), page=n, page_size=2) for n in (1, 2, 3)]
    counted = [(p.total, p.aggregation.disputed) for p in pages if p.aggregation is not None]
    assert counted == [(3, 1), (3, 1), (3, 1)]  # page 3 lies past the last one
    assert [len(p.aggregation.rows) for p in pages if p.aggregation is not None] == [2, 1, 0]


def test_a_column_total_counts_a_figure_printed_in_two_tables_once(container: Container) -> None:
    twice = [
        figure("AP", 2024, 110),
        figure("AP", 2024, 110, table="andere tabel"),
        figure("KdG", 2024, 200),
    ]
    fill(container, twice)
    page = explore(container)
    assert page.wide is not None
    assert (page.total, page.wide.totals) == (2, (310,))


def test_a_figure_printed_twice_counts_once(container: Container) -> None:
    twice = [figure("AP", 2024, 110), figure("AP", 2024, 110, table="andere tabel")]
    fill(container, twice)
    page = explore(container, group=("period",))
    assert page.aggregation is not None
    assert [row.total for row in page.aggregation.rows] == [110]


def test_percentages_are_never_added_up(store: Container) -> None:
    with pytest.raises(InvalidInput) as caught:
        explore(store, measure="aandeel_vrouwen", group=("period",))
    assert caught.value.problems[0].field == "group"
    assert "alleen aantallen" in caught.value.message


def test_different_measures_are_not_added_together(container: Container) -> None:
    fill(container, [figure("AP", 2024, 110), figure("AP", 2024, 40, measure="studiestarters")])
    with pytest.raises(InvalidInput, match="kies één maatstaf"):
        explore(container, group=("period",))
    by_measure = explore(container, group=("measure", "period"))
    assert by_measure.aggregation is not None
    assert [row.total for row in by_measure.aggregation.rows] == [110, 40]


def test_filter_choices_are_the_values_of_the_version(store: Container) -> None:
    choices = explore(store).choices
    assert choices.provinces == ("Antwerpen", "Limburg", "Oost-Vlaanderen")
    assert choices.institutions == ("AP", "HOGENT", "KdG", "PXL")
    assert choices.measures == ("aandeel_vrouwen", "inschrijvingen")
    assert choices.periods == ("2023", "2024")


def test_an_older_version_stays_selectable_and_the_current_one_is_marked(store: Container) -> None:
    fill(store, [figure("AP", 2024, 999)])
    current = explore(store, view="long")
    older = explore(store, view="long", release=1)
    assert (current.release.version, current.is_current, values(current)) == (2, True, [999])
    assert (older.release.version, older.is_current, older.total) == (1, False, 11)
    assert [r.version for r in older.releases] == [1, 2]
    assert older.current.version == 2


def test_an_unknown_dataset_or_version_is_not_found(store: Container) -> None:
    with pytest.raises(NotFound, match="versie 7"):
        explore(store, release=7)
    with pytest.raises(NotFound, match="onbekende dataset"):
        explorer.explore(store.unit_of_work(), Selection(dataset="bestaatniet"))


def test_an_export_holds_every_page_of_the_selection(store: Container) -> None:
    selection = Selection(dataset=DATASET, measure="inschrijvingen", sort="value", page_size=2)
    with explorer.export_selection(store.unit_of_work(), selection) as export:
        rows = list(export.rows)
    value = export.header.index("value")
    assert export.count == len(rows) == 10
    assert [row[value] for row in rows] == sorted(
        o.value for o in figures() if o.measure == "inschrijvingen"
    )


def test_an_export_above_the_limit_is_refused_in_dutch(
    store: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(explorer, "MAX_EXPORT", 3)
    everything = Selection(dataset=DATASET)
    with (
        pytest.raises(InvalidInput, match="hoogstens 3"),
        explorer.export_selection(store.unit_of_work(), everything),
    ):
        pass

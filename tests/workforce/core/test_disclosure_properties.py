"""Disclosure control against random sectors and an attacker who sees every published table.

Hypothesis draws organisations (subsector, province, persons on staff per year); the sector is
published as several breakdowns of one population; the attacker (a linear programme over every
published count, see `disclosure_attack`) tries to pin down each suppressed cell.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from krapte.workforce.core.disclosure import TOTAL, Protected, Rules, Table, protect_together
from workforce.core.disclosure_attack import (
    Key,
    Organisation,
    attack,
    breakdown,
    population,
    recovered,
)

SUBSECTORS = ("jeugdhulp", "gehandicaptenzorg", "ouderenzorg", "CAW")
PROVINCES = ("Antwerpen", "Limburg", "West-Vlaanderen")
YEARS = ("2023", "2024")
DIMENSIONS = ("subsector", "provincie", "jaar")
NO_YEAR_TOTAL = frozenset({"jaar"})


@st.composite
def sectors(draw: st.DrawFn) -> list[Organisation]:
    """3 to 24 organisations; most are small, some large enough to dominate a cell."""
    count = draw(st.integers(min_value=3, max_value=24))
    subsectors = SUBSECTORS[: draw(st.integers(min_value=2, max_value=4))]
    provinces = PROVINCES[: draw(st.integers(min_value=2, max_value=3))]
    staff = st.one_of(st.integers(0, 12), st.integers(0, 40), st.integers(50, 150))
    return [
        Organisation(
            f"org{i}",
            {
                "subsector": draw(st.sampled_from(subsectors)),
                "provincie": draw(st.sampled_from(provinces)),
            },
            {year: draw(staff) for year in YEARS},
        )
        for i in range(count)
    ]


def truth_of(base: Table) -> dict[Key, int]:
    return {cell.key: cell.persons for cell in base.cells}


def categories_of(base: Table) -> dict[str, list[str]]:
    return {name: sorted({c.key[i] for c in base.cells}) for i, name in enumerate(base.dimensions)}


def true_cells(
    organisations: Sequence[Organisation], dimensions: tuple[str, ...]
) -> dict[Key, dict[str, int]]:
    """Per published key (margins included): persons per organisation, from the raw data."""
    cells: dict[Key, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for organisation in organisations:
        for year, persons in organisation.persons.items():
            values = {**organisation.attributes, "jaar": year}
            for pattern in range(2 ** len(dimensions)):
                key = tuple(
                    TOTAL if pattern >> i & 1 else values[name] for i, name in enumerate(dimensions)
                )
                cells[key][organisation.name] += persons
    return cells


def assert_safe_by_the_rules(
    organisations: Sequence[Organisation], published: Protected, rules: Rules
) -> None:
    cells = true_cells(organisations, published.dimensions)
    for cell in published.cells:
        contributions = cells.get(cell.key, {})
        persons = sum(contributions.values())
        if cell.value is None:
            assert cell.reason is not None
            continue
        assert cell.value == persons, cell
        if persons == 0:
            continue
        assert persons >= rules.min_persons, cell
        assert sum(1 for p in contributions.values() if p > 0) >= rules.min_organisations, cell
        assert max(contributions.values()) <= rules.dominance_share * persons, cell


def assert_nothing_recovered(
    organisations: Sequence[Organisation],
    tables: Sequence[Table],
    base: Table,
    rules: Rules = Rules(),
    population_: Table | None = None,
) -> None:
    protected = protect_together(tables, rules, population=population_)
    for result in protected:
        assert_safe_by_the_rules(organisations, result, rules)
    intervals = attack(base.dimensions, categories_of(base), truth_of(base), protected)
    assert recovered(intervals, rules.protection) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sectors())
def test_one_year_by_subsector_and_province_hides_every_suppressed_cell(
    organisations: list[Organisation],
) -> None:
    single = [
        Organisation(o.name, o.attributes, {"2024": o.persons["2024"]}) for o in organisations
    ]
    base = population(single, ("subsector", "provincie"))
    assert_nothing_recovered(single, [base], base)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sectors())
def test_breakdowns_by_subsector_province_and_both_over_two_years_hide_every_cell(
    organisations: list[Organisation],
) -> None:
    base = population(organisations, DIMENSIONS)
    tables = [
        breakdown(base, ("subsector", "jaar"), NO_YEAR_TOTAL),
        breakdown(base, ("provincie", "jaar"), NO_YEAR_TOTAL),
        breakdown(base, DIMENSIONS, NO_YEAR_TOTAL),
    ]
    assert_nothing_recovered(organisations, tables, base)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sectors())
def test_year_totals_and_the_unpublished_cross_table_leak_nothing(
    organisations: list[Organisation],
) -> None:
    base = population(organisations, DIMENSIONS)
    tables = [breakdown(base, ("subsector", "jaar")), breakdown(base, ("provincie", "jaar"))]
    assert_nothing_recovered(organisations, tables, base, population_=base)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sectors(), st.integers(min_value=5, max_value=20), st.integers(min_value=1, max_value=6))
def test_other_thresholds_and_protection_levels_hold_too(
    organisations: list[Organisation], min_persons: int, protection: int
) -> None:
    rules = Rules(min_persons=min_persons, min_organisations=2, protection=protection)
    base = population(organisations, DIMENSIONS)
    tables = [breakdown(base, ("subsector", "jaar"), NO_YEAR_TOTAL), base]
    assert_nothing_recovered(organisations, tables, base, rules)


@st.composite
def tiny_sectors(draw: st.DrawFn) -> list[Organisation]:
    """Small organisations only: margins made of cells smaller than the protection."""
    count = draw(st.integers(min_value=2, max_value=12))
    return [
        Organisation(
            f"org{i}",
            {
                "subsector": draw(st.sampled_from(SUBSECTORS[:3])),
                "provincie": draw(st.sampled_from(PROVINCES[:2])),
            },
            {year: draw(st.integers(0, 3)) for year in YEARS},
        )
        for i in range(count)
    ]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_sectors())
def test_sectors_of_tiny_organisations_leak_nothing_either(
    organisations: list[Organisation],
) -> None:
    base = population(organisations, DIMENSIONS)
    tables = [breakdown(base, ("subsector", "jaar")), base]
    assert_nothing_recovered(organisations, tables, base)


@st.composite
def sized_sectors(draw: st.DrawFn) -> list[Organisation]:
    """Organisations with a size class too: four dimensions, one of them the year."""
    organisations = draw(sectors())
    return [
        Organisation(
            o.name,
            {**o.attributes, "grootte": "groot" if max(o.persons.values()) >= 50 else "klein"},
            o.persons,
        )
        for o in organisations
    ]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sized_sectors())
def test_four_dimensions_with_an_unpublished_finest_table_leak_nothing(
    organisations: list[Organisation],
) -> None:
    base = population(organisations, ("subsector", "provincie", "grootte", "jaar"))
    tables = [
        breakdown(base, ("subsector", "provincie", "jaar"), NO_YEAR_TOTAL),
        breakdown(base, ("grootte", "jaar"), NO_YEAR_TOTAL),
        breakdown(base, ("subsector", "grootte", "jaar"), NO_YEAR_TOTAL),
    ]
    assert_nothing_recovered(organisations, tables, base, population_=base)

"""Disclosure control, by example: the rules, the margins, the reasons and the contract."""

from __future__ import annotations

import pytest

from krapte.workforce.core.disclosure import (
    COMPLEMENTARY,
    DOMINATED,
    TOO_FEW_ORGANISATIONS,
    TOO_FEW_PERSONS,
    TOTAL,
    Cell,
    Protected,
    ProtectedCell,
    Rules,
    Table,
    protect,
    protect_together,
    protected_rate,
)
from workforce.core.disclosure_attack import attack, recovered


def spread(persons: int, organisations: int, prefix: str = "org") -> dict[str, int]:
    """``persons`` spread as evenly as possible over ``organisations`` organisations."""
    share, rest = divmod(persons, organisations)
    return {f"{prefix}{i}": share + (1 if i < rest else 0) for i in range(organisations)}


def cell(*key: str, persons: int, organisations: int = 5, prefix: str = "org") -> Cell:
    return Cell(key, persons, spread(persons, organisations, prefix))


def one_cell(contributions: dict[str, int]) -> Protected:
    """A one-dimensional table whose first cell has these contributions (the other is large)."""
    first = Cell(("jeugdhulp",), sum(contributions.values()), contributions)
    other = cell("ouderenzorg", persons=100, prefix="other")
    return protect(Table(("subsector",), [first, other], without_totals=frozenset({"subsector"})))


def two_by_two() -> Table:
    """Subsector by province with one small cell (4 persons) in the corner."""
    return Table(
        ("subsector", "provincie"),
        [
            cell("jeugdhulp", "A", persons=4, organisations=3),
            cell("jeugdhulp", "B", persons=30),
            cell("ouderenzorg", "A", persons=50),
            cell("ouderenzorg", "B", persons=60),
        ],
    )


def test_the_agreed_defaults() -> None:
    assert Rules() == Rules(min_persons=10, min_organisations=3, dominance_share=0.8, protection=3)


@pytest.mark.parametrize(
    "rules",
    [
        {"min_persons": 0},
        {"min_organisations": 0},
        {"dominance_share": 0.0},
        {"dominance_share": 1.5},
        {"protection": 0},
    ],
)
def test_rules_that_make_no_sense_are_refused(rules: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="must"):
        Rules(**rules)  # type: ignore[arg-type]


def test_a_cell_with_fewer_than_ten_persons_is_suppressed() -> None:
    protected = one_cell({"a": 3, "b": 3, "c": 3})
    assert protected.cell(("jeugdhulp",)) == ProtectedCell(("jeugdhulp",), None, TOO_FEW_PERSONS)


def test_a_cell_with_ten_persons_of_three_organisations_is_published() -> None:
    assert one_cell({"a": 4, "b": 3, "c": 3}).value(("jeugdhulp",)) == 10


def test_a_cell_of_two_organisations_is_suppressed_however_large() -> None:
    protected = one_cell({"a": 40, "b": 40})
    assert protected.reason(("jeugdhulp",)) == TOO_FEW_ORGANISATIONS


def test_an_organisation_that_only_appears_with_zero_persons_does_not_count() -> None:
    protected = one_cell({"a": 20, "b": 20, "c": 0})
    assert protected.reason(("jeugdhulp",)) == TOO_FEW_ORGANISATIONS


def test_a_cell_where_one_organisation_holds_more_than_80_percent_is_suppressed() -> None:
    assert one_cell({"a": 82, "b": 9, "c": 9}).reason(("jeugdhulp",)) == DOMINATED


def test_a_cell_where_the_largest_holds_exactly_80_percent_is_published() -> None:
    assert one_cell({"a": 80, "b": 10, "c": 10}).value(("jeugdhulp",)) == 100


def test_the_rules_can_be_stricter() -> None:
    table = Table(("subsector",), [cell("jeugdhulp", persons=15)], frozenset({"subsector"}))
    assert protect(table, Rules(min_persons=20)).reason(("jeugdhulp",)) == TOO_FEW_PERSONS


def test_an_empty_cell_is_published_as_zero() -> None:
    table = Table(
        ("subsector", "provincie"),
        [cell("jeugdhulp", "Antwerpen", persons=30), cell("ouderenzorg", "Limburg", persons=40)],
    )
    protected = protect(table)
    assert protected.value(("jeugdhulp", "Limburg")) == 0
    assert protected.value(("ouderenzorg", "Antwerpen")) == 0


def test_every_margin_is_a_cell_of_the_protected_table() -> None:
    table = Table(
        ("subsector", "provincie"),
        [cell(s, p, persons=25) for s in ("jeugdhulp", "ouderenzorg") for p in ("A", "B", "C")],
    )
    keys = [c.key for c in protect(table).cells]
    assert len(keys) == 3 * 4
    assert ("jeugdhulp", TOTAL) in keys
    assert (TOTAL, "B") in keys
    assert protect(table).value((TOTAL, TOTAL)) == 150


def test_a_dimension_without_totals_has_no_margin() -> None:
    table = Table(
        ("subsector", "jaar"),
        [cell(s, y, persons=25) for s in ("jeugdhulp", "ouderenzorg") for y in ("2023", "2024")],
        without_totals=frozenset({"jaar"}),
    )
    keys = {c.key for c in protect(table).cells}
    assert (TOTAL, "2024") in keys
    assert not any(key[1] == TOTAL for key in keys)


def test_a_lone_small_cell_gets_a_partner_in_its_row_and_its_column() -> None:
    table = two_by_two()
    protected = protect(table)
    assert protected.reason(("jeugdhulp", "A")) == TOO_FEW_PERSONS
    assert protected.reason(("jeugdhulp", "B")) == COMPLEMENTARY
    assert protected.reason(("ouderenzorg", "A")) == COMPLEMENTARY
    assert protected.value(("jeugdhulp", TOTAL)) == 34
    intervals = attack(
        ("subsector", "provincie"),
        {"subsector": ["jeugdhulp", "ouderenzorg"], "provincie": ["A", "B"]},
        {c.key: c.persons for c in table.cells},
        [protected],
    )
    assert len(intervals) == 4
    assert recovered(intervals) == []


def test_the_attacker_recovers_a_cell_hidden_by_primary_suppression_only() -> None:
    truth = {("jeugdhulp", "A"): 4, ("jeugdhulp", "B"): 30, ("ouderenzorg", "A"): 50}
    naive = Protected(
        ("subsector", "provincie"),
        (
            ProtectedCell(("jeugdhulp", "A"), None, TOO_FEW_PERSONS),
            ProtectedCell(("jeugdhulp", "B"), 30),
            ProtectedCell(("jeugdhulp", TOTAL), 34),
        ),
    )
    categories = {"subsector": ["jeugdhulp", "ouderenzorg"], "provincie": ["A", "B"]}
    [interval] = recovered(attack(("subsector", "provincie"), categories, truth, [naive]))
    assert (interval.low, interval.high) == (4, 4)


def test_a_small_total_of_tiny_cells_cannot_be_narrowed_down() -> None:
    table = Table(
        ("subsector", "provincie"),
        [cell("jeugdhulp", p, persons=1, organisations=1) for p in ("A", "B", "C")]
        + [cell("ouderenzorg", p, persons=40) for p in ("A", "B", "C")],
    )
    protected = protect(table)
    assert protected.reason(("jeugdhulp", TOTAL)) == TOO_FEW_PERSONS
    assert protected.value((TOTAL, TOTAL)) == 123
    intervals = attack(
        ("subsector", "provincie"),
        {"subsector": ["jeugdhulp", "ouderenzorg"], "provincie": ["A", "B", "C"]},
        {c.key: c.persons for c in table.cells},
        [protected],
    )
    assert ("jeugdhulp", TOTAL) in {interval.key for interval in intervals}
    assert recovered(intervals) == []


def test_a_cell_shared_by_two_tables_gets_one_verdict() -> None:
    base = Table(
        ("subsector", "provincie"),
        [
            cell("jeugdhulp", "A", persons=4, organisations=3),
            cell("jeugdhulp", "B", persons=4, organisations=3),
            cell("ouderenzorg", "A", persons=40),
            cell("ouderenzorg", "B", persons=45),
        ],
    )
    by_subsector = Table(
        ("subsector",),
        [
            Cell(("jeugdhulp",), 8, spread(8, 3)),
            Cell(("ouderenzorg",), 85, spread(85, 5)),
        ],
    )
    fine, coarse = protect_together([base, by_subsector])
    assert fine.reason(("jeugdhulp", TOTAL)) is not None
    assert coarse.reason(("jeugdhulp",)) == fine.reason(("jeugdhulp", TOTAL))
    assert coarse.value((TOTAL,)) == fine.value((TOTAL, TOTAL))


def test_tables_of_different_breakdowns_need_the_population() -> None:
    by_subsector = Table(("subsector",), [cell("jeugdhulp", persons=20)])
    by_province = Table(("provincie",), [cell("A", persons=20)])
    with pytest.raises(ValueError, match="pass the population"):
        protect_together([by_subsector, by_province])
    population = Table(("subsector", "provincie"), [cell("jeugdhulp", "A", persons=20)])
    first, second = protect_together([by_subsector, by_province], population=population)
    assert first.value(("jeugdhulp",)) == second.value(("A",)) == 20


def test_a_table_that_does_not_add_up_to_the_population_is_refused() -> None:
    base = Table(("subsector", "provincie"), [cell("jeugdhulp", "A", persons=20)])
    wrong = Table(("subsector",), [cell("jeugdhulp", persons=21)])
    with pytest.raises(ValueError, match="does not match"):
        protect_together([base, wrong])


@pytest.mark.parametrize(
    "bad",
    [
        Cell(("jeugdhulp", TOTAL), 20, {"a": 20}),
        Cell(("jeugdhulp",), 20, {"a": 20}),
        Cell(("jeugdhulp", "A"), -1, {}),
    ],
)
def test_a_malformed_cell_is_refused(bad: Cell) -> None:
    with pytest.raises(ValueError, match="cell"):
        protect(Table(("subsector", "provincie"), [bad]))


def test_no_tables_give_no_results() -> None:
    assert protect_together([]) == []


def test_a_protected_cell_reads_as_json() -> None:
    protected = protect(two_by_two())
    assert protected.cell(("jeugdhulp", "A")).as_dict() == {
        "key": ["jeugdhulp", "A"],
        "value": None,
        "reason": TOO_FEW_PERSONS,
    }
    assert protected.cell((TOTAL, TOTAL)).as_dict()["value"] == 144


def test_a_rate_is_published_only_when_both_counts_are() -> None:
    years = frozenset({"jaar"})
    staff = protect(Table(("jaar",), [cell("2023", persons=50), cell("2024", persons=8)], years))
    leavers = protect(Table(("jaar",), [cell("2023", persons=10), cell("2024", persons=12)], years))
    assert protected_rate(leavers, staff, ("2023",)) == pytest.approx(0.2)
    assert protected_rate(leavers, staff, ("2024",)) is None


def test_a_table_may_name_its_dimensions_in_another_order() -> None:
    population = two_by_two()
    turned = Table(
        ("provincie", "subsector"),
        [Cell((c.key[1], c.key[0]), c.persons, c.contributions) for c in population.cells],
    )
    straight, crossed = protect_together([population, turned])
    for protected in straight.cells:
        assert crossed.cell((protected.key[1], protected.key[0])) == ProtectedCell(
            (protected.key[1], protected.key[0]), protected.value, protected.reason
        )


def test_a_population_dimension_that_no_table_shows_changes_nothing() -> None:
    by_municipality = Table(
        ("subsector", "gemeente"),
        [
            cell("jeugdhulp", "Gent", persons=3, organisations=3),
            cell("jeugdhulp", "Aalst", persons=9, organisations=3),
            cell("ouderenzorg", "Gent", persons=40),
            cell("ouderenzorg", "Aalst", persons=2, organisations=1),
        ],
    )
    by_subsector = Table(
        ("subsector",),
        [cell("jeugdhulp", persons=12, organisations=3), cell("ouderenzorg", persons=42)],
    )
    [alone] = protect_together([by_subsector])
    [with_population] = protect_together([by_subsector], population=by_municipality)
    assert with_population.cells == alone.cells


def test_a_table_is_built_from_rows_per_organisation() -> None:
    rows = [
        (("jeugdhulp", "2024"), "a", 6),
        (("jeugdhulp", "2024"), "b", 5),
        (("jeugdhulp", "2024"), "a", 1),
        (("ouderenzorg", "2024"), "c", 30),
    ]
    table = Table.from_rows(("subsector", "jaar"), rows, frozenset({"jaar"}))
    assert table.cells == [
        Cell(("jeugdhulp", "2024"), 12, {"a": 7, "b": 5}),
        Cell(("ouderenzorg", "2024"), 30, {"c": 30}),
    ]
    assert table.without_totals == {"jaar"}


def test_a_coarser_table_may_leave_its_cells_to_the_population() -> None:
    population = two_by_two()
    by_subsector = Table(("subsector",), [])
    fine, coarse = protect_together([population, by_subsector])
    assert [c.key for c in coarse.cells] == [("jeugdhulp",), ("ouderenzorg",), (TOTAL,)]
    for protected in coarse.cells:
        assert protected == ProtectedCell(
            protected.key,
            fine.value((protected.key[0], TOTAL)),
            fine.reason((protected.key[0], TOTAL)),
        )
    assert coarse.value(("ouderenzorg",)) == 110

"""The sector tables: counts across organisations, published only where the rules allow."""

from __future__ import annotations

from pathlib import Path

import pytest

from krapte.accounts.core.permissions import ANONYMOUS, SYSTEM, Actor, Role
from krapte.bootstrap import Container
from krapte.errors import InvalidInput, Unauthenticated
from krapte.workforce import service
from krapte.workforce.core.disclosure import TOTAL
from workforce.builders import import_file, organisation, staff, staff_file

ANALYST = Actor(user_id=8, roles=frozenset({Role.ANALYST}))
ANALYST_ADMIN = Actor(user_id=9, roles=frozenset({Role.ANALYST, Role.ADMIN}))


def _team(folder: Path, name: str, size: int, *, left: int = 0) -> Path:
    """``size`` social workers hired in 2020; ``left`` of them left in 2023."""
    rows = []
    for index in range(size):
        gone = index < left
        rows.append(
            staff(
                pseudonym=f"P{index}",
                start_date="2020-01-01",
                end_date="2023-06-30" if gone else "",
                exit_reason="werkdruk" if gone else "",
            )
        )
    return staff_file(folder, rows, name=f"{name}.csv")


def _world(container: Container, folder: Path) -> None:
    for name, size, left in (("J1", 12, 4), ("J2", 11, 3), ("J3", 10, 3), ("J4", 13, 2)):
        organisation(container, name, "jeugdhulp", "10-49", "Antwerpen")
        import_file(container, name, _team(folder, name, size, left=left))
    organisation(container, "Klein", "ouderenzorg", "1-9", "Limburg")
    import_file(container, "Klein", _team(folder, "Klein", 4))


def test_safe_cells_show_their_counts_and_small_ones_are_suppressed_with_a_reason(
    container: Container, tmp_path: Path
) -> None:
    _world(container, tmp_path)
    table = service.sector(container.unit_of_work(), SYSTEM, ("subsector",))
    # from the year after the first start (2020): then the headcount is no sum of the flows
    assert table.years == (2021, 2022, 2023, 2024)
    assert table.organisations == 5
    rows = {(row.key, row.year): row for row in table.rows}
    youth_2023 = rows[("jeugdhulp",), 2023]
    assert (youth_2023.headcount, youth_2023.outflow) == (46 - 12, 12)
    assert youth_2023.turnover_rate == pytest.approx(12 / ((46 + 34) / 2))
    assert rows[("jeugdhulp",), 2021].headcount == 46
    small = rows[("ouderenzorg",), 2022]
    assert small.headcount is None
    assert small.turnover_rate is None
    assert "te weinig personen" in small.suppressed
    assert rows[(TOTAL,), 2022].key == (TOTAL,)


def test_one_organisation_that_dominates_a_cell_keeps_it_unpublished(
    container: Container, tmp_path: Path
) -> None:
    for name, size in (("Groot", 60), ("A", 1), ("B", 1), ("C", 1)):
        organisation(container, name, "jeugdhulp", "50-199", "Limburg")
        import_file(container, name, _team(tmp_path, name, size))
    table = service.sector(container.unit_of_work(), SYSTEM, ("province",))
    limburg = next(r for r in table.rows if r.key == ("Limburg",) and r.year == 2022)
    assert limburg.headcount is None
    assert "één organisatie overheerst" in limburg.suppressed


def test_breakdowns_by_two_dimensions_are_for_analysts(
    container: Container, tmp_path: Path
) -> None:
    _world(container, tmp_path)
    with pytest.raises(Unauthenticated):
        service.sector(container.unit_of_work(), ANONYMOUS, ("subsector", "province"))
    table = service.sector(container.unit_of_work(), ANALYST, ("subsector", "province"))
    keys = {row.key for row in table.rows}
    assert ("jeugdhulp", "Antwerpen") in keys
    assert ("jeugdhulp", TOTAL) in keys
    with pytest.raises(InvalidInput, match="kies een indeling"):
        service.sector(container.unit_of_work(), ANALYST, ("municipality",))


def test_no_pseudonym_ever_reaches_the_sector_tables(container: Container, tmp_path: Path) -> None:
    _world(container, tmp_path)
    for by in service.BREAKDOWNS:
        table = service.sector(container.unit_of_work(), ANALYST, by)
        assert "P1" not in repr(table)


def _leavers(folder: Path, name: str, size: int, leaving: int) -> Path:
    """``size`` social workers hired in 2020; ``leaving`` of them left in 2022."""
    rows = [
        staff(
            pseudonym=f"P{index}",
            start_date="2020-01-01",
            end_date="2022-06-30" if index < leaving else "",
            exit_reason="pensioen" if index < leaving else "",
        )
        for index in range(size)
    ]
    return staff_file(folder, rows, name=f"{name}.csv")


def test_a_suppressed_headcount_is_never_last_years_plus_inflow_minus_outflow(
    container: Container, tmp_path: Path
) -> None:
    # jeugdhulp: 20 social workers in 2021, 12 leave in 2022, 8 remain (too few to publish);
    # the flows (0 in, 12 out) and 2021's 20 would give the 8 away.
    for name in ("A", "B", "C", "D"):
        organisation(container, name, "jeugdhulp", "10-49", "Antwerpen")
        import_file(container, name, _leavers(tmp_path, name, 5, 3))
    for name, size in (("E", 15), ("F", 12), ("G", 14)):
        organisation(container, name, "ouderenzorg", "10-49", "Limburg")
        import_file(container, name, _leavers(tmp_path, name, size, 0))
    for by in (("subsector",), ("province",), ("size_class",)):
        table = service.sector(container.unit_of_work(), ANONYMOUS, by)
        rows = {(row.key, row.year): row for row in table.rows}
        for (key, year), row in rows.items():
            before = rows.get((key, year - 1))
            if row.headcount is None and before is not None and before.headcount is not None:
                assert row.inflow is None or row.outflow is None, (by, key, year)
    youth = next(
        r
        for r in service.sector(container.unit_of_work(), SYSTEM, ("subsector",)).rows
        if r.key == ("jeugdhulp",) and r.year == 2022
    )
    assert youth.headcount is None
    assert youth.outflow is None
    assert "samenhang met de bezetting" in youth.suppressed


def test_the_sector_headcount_is_the_sum_of_the_organisations_own_figures(
    container: Container, tmp_path: Path
) -> None:
    _world(container, tmp_path)
    table = service.sector(container.unit_of_work(), ANALYST, ("subsector", "province"))
    own: dict[int, int] = {}
    for name in ("J1", "J2", "J3", "J4"):
        found = service.organisation_indicators(container.unit_of_work(), ANALYST_ADMIN, name)
        for year in found.years:
            own[year.year] = own.get(year.year, 0) + year.social_workers
    for row in table.rows:
        if row.key == ("jeugdhulp", "Antwerpen") and row.headcount is not None:
            assert row.headcount == own[row.year]
    assert any(r.key == ("jeugdhulp", "Antwerpen") and r.headcount for r in table.rows)


def test_only_administrators_see_why_a_cell_is_suppressed(
    container: Container, tmp_path: Path
) -> None:
    """A reason tells on which side of the threshold a count lies: the public and analysts see
    one mark for every suppressed cell, and exactly the cells the administrator sees."""
    _world(container, tmp_path)
    uow = container.unit_of_work
    full = service.sector(uow(), SYSTEM, ("subsector",))
    for actor in (ANONYMOUS, ANALYST):
        shown = service.sector(uow(), actor, ("subsector",))
        assert {r.suppressed for r in shown.rows} <= {"", "onderdrukt"}
        assert [bool(r.suppressed) for r in shown.rows] == [bool(r.suppressed) for r in full.rows]
        assert [r.headcount for r in shown.rows] == [r.headcount for r in full.rows]
    assert any("te weinig personen" in r.suppressed for r in full.rows)

"""Publishing the protected sector figures into the data hub: what the public view shows, the
overall turnover where the action plan reads it, and never a suppressed cell."""

from __future__ import annotations

from pathlib import Path

import pytest

from krapte.accounts.core.permissions import SYSTEM, Actor, Forbidden, Role
from krapte.actionplan import service as actionplan
from krapte.bootstrap import Container
from krapte.datahub import service as datahub
from krapte.datahub.core.records import Observation
from krapte.workforce import service
from krapte.workforce.core.disclosure import TOTAL
from krapte.workforce.core.sector import FLOW_BREAKDOWNS
from krapte.workforce.publish import DATASET, MEASURES, publish_sector
from workforce.builders import import_file, organisation, staff, staff_file

WORLD = (
    # name, subsector, province, size, left in 2023
    ("J1", "jeugdhulp", "Antwerpen", 12, 4),
    ("J2", "jeugdhulp", "Antwerpen", 11, 3),
    ("J3", "jeugdhulp", "Limburg", 10, 3),
    ("J4", "jeugdhulp", "Limburg", 13, 2),
    ("O1", "ouderenzorg", "Antwerpen", 12, 1),
    ("O2", "ouderenzorg", "Limburg", 14, 2),
    ("O3", "ouderenzorg", "Antwerpen", 11, 5),
    ("O4", "ouderenzorg", "Limburg", 12, 3),
    ("K1", "jeugdhulp", "Limburg", 4, 0),  # the only small one: its size class is suppressed
)


def _world(container: Container, folder: Path) -> None:
    for name, subsector, province, size, left in WORLD:
        organisation(container, name, subsector, "1-9" if size < 10 else "10-49", province)
        rows = [
            staff(
                pseudonym=f"P{i}",
                start_date="2020-01-01",
                end_date="2023-06-30" if i < left else "",
                exit_reason="werkdruk" if i < left else "",
            )
            for i in range(size)
        ]
        import_file(container, name, staff_file(folder, rows, name=f"{name}.csv"))


def _stored(container: Container) -> list[Observation]:
    return datahub.observations(container.unit_of_work(), DATASET)


def test_publishing_puts_the_overall_turnover_where_the_action_plan_reads_it(
    container: Container, tmp_path: Path
) -> None:
    _world(container, tmp_path)
    done = publish_sector(container.unit_of_work(write=True), SYSTEM)
    assert done.created
    table = service.sector(container.unit_of_work(), SYSTEM, ("subsector",))
    overall = {r.year: r.turnover_rate for r in table.rows if r.key == (TOTAL,)}
    assert overall[2023] == pytest.approx(23 / ((99 + 76) / 2))
    (series,) = actionplan.indicator_series(container.unit_of_work(), ["werkkracht_verloop"])
    points = {p.period: p.value for p in series.points}
    expected = {str(y): round(r * 100, 1) for y, r in overall.items() if r is not None}
    assert points == expected


def test_no_suppressed_cell_reaches_the_data_hub(container: Container, tmp_path: Path) -> None:
    _world(container, tmp_path)
    publish_sector(container.unit_of_work(write=True), SYSTEM)
    stored = {(o.measure, o.period, o.geography, o.category): o.value for o in _stored(container)}
    suppressed = published = 0
    for by in FLOW_BREAKDOWNS:
        for row in service.sector(container.unit_of_work(), SYSTEM, by).rows:
            part = row.key[0]
            where = {
                "subsector": ("Vlaanderen", part),
                "province": (part, ""),
                "size_class": ("Vlaanderen", f"grootteklasse {part}"),
            }[by[0]]
            if part == TOTAL:
                where = ("Vlaanderen", "")
            for field, (measure, _unit, _note) in MEASURES.items():
                value = getattr(row, field)
                key = (measure, str(row.year), *where)
                if value is None:
                    suppressed += 1
                    assert key not in stored, (by, row)
                else:
                    published += 1
                    scale = 100.0 if field == "turnover_rate" else 1.0
                    assert stored[key] == pytest.approx(value * scale, abs=0.05)
    assert suppressed > 0  # the one small organisation forces suppression
    assert published > 0


def test_publishing_the_same_figures_again_makes_no_new_version(
    container: Container, tmp_path: Path
) -> None:
    _world(container, tmp_path)
    first = publish_sector(container.unit_of_work(write=True), SYSTEM)
    again = publish_sector(container.unit_of_work(write=True), SYSTEM)
    assert (again.created, again.version) == (False, first.version)


def test_only_an_administrator_publishes(container: Container, tmp_path: Path) -> None:
    _world(container, tmp_path)
    analyst = Actor(user_id=8, roles=frozenset({Role.ANALYST}))
    with pytest.raises(Forbidden):
        publish_sector(container.unit_of_work(write=True), analyst)

"""How the explorer's queries reach the figures: the index each one reads (SQLite and PostgreSQL).

Speed itself is measured in ``benchmarks/``; these tests pin the query shapes that make it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from datahub.explorer_builders import DATASET, fill
from krapte.bootstrap import Container
from krapte.datahub import explorer
from krapte.datahub.core.selection import Selection


@contextmanager
def statements(container: Container) -> Iterator[list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "FROM observation" in statement:
            seen.append((statement, parameters))

    engine = container.store.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_a_measure_and_level_over_years_are_read_from_the_unique_key(container: Container) -> None:
    fill(container)
    explorer.forget()
    selection = Selection(
        dataset=DATASET,
        measure="inschrijvingen",
        level="bachelor",
        period_from="2023",
        period_to="2024",
        group=("institution",),
    )
    with statements(container) as seen:
        page = explorer.explore(container.unit_of_work(), selection)
    assert page.aggregation is not None
    assert [row.keys["institution"] for row in page.aggregation.rows] == [
        "",
        "AP",
        "HOGENT",
        "KdG",
        "PXL",
    ]
    assert seen
    engine = container.store.engine
    for statement, parameters in seen:
        if engine.dialect.name != "sqlite":
            assert "+observation.period" not in statement
            continue
        assert "+observation.period >= ?" in statement
        with engine.connect() as connection:
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            steps = " ".join(row[3] for row in plan)
        assert "ix_observation_lookup" not in steps
        assert "(release_id=? AND measure=? AND level=?)" in steps


def test_a_measure_over_years_keeps_the_period_range_on_the_index(container: Container) -> None:
    fill(container)
    explorer.forget()
    selection = Selection(dataset=DATASET, measure="inschrijvingen", period_from="2024")
    with statements(container) as seen:
        explorer.explore(container.unit_of_work(), selection)
    assert seen
    assert all("+observation.period" not in statement for statement, _ in seen)


def test_a_long_page_picks_its_figures_from_the_unique_key_alone(container: Container) -> None:
    fill(container)
    explorer.forget()
    selection = Selection(dataset=DATASET, view="long", level="bachelor", institution="AP")
    with statements(container) as seen:
        page = explorer.explore(container.unit_of_work(), selection)
    assert [(f.observation.period, f.observation.value) for f in page.figures] == [
        ("2024", 80.5),
        ("2023", 100),
        ("2024", 110),
    ]
    picks = [(s, p) for s, p in seen if s.split("FROM")[0].strip() == "SELECT observation.id"]
    assert len(picks) == 1
    assert "JOIN" not in picks[0][0]
    engine = container.store.engine
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {picks[0][0]}", picks[0][1])
            assert "COVERING INDEX" in " ".join(row[3] for row in plan)

"""The demo vacancies: published once, answered applications, figures in the data hub."""

from __future__ import annotations

from krapte.bootstrap import Container
from krapte.vacancies import demo, service
from krapte.vacancies.core.search import Search
from vacancies.builders import store_classification


def test_demo_publishes_every_region_once_and_counts_answers(container: Container) -> None:
    store_classification(container)
    lines = demo.load(container)
    assert "10 demovacatures" in lines[0]
    assert "0 demovacatures" in demo.load(container)[0]
    assert service.search(container.unit_of_work(), Search()).total == len(demo.DEMO)
    assert all(region.open > 0 for region in service.regions(container.unit_of_work()))
    overall = service.sector_answer_times(container.unit_of_work())[-1]
    assert overall.group == "alle sectoren"
    assert overall.suppressed is False
    assert overall.median_days is not None


def test_demo_without_classification_says_so_and_publishes_nothing(container: Container) -> None:
    assert "classificatie" in demo.load(container)[0]
    assert service.search(container.unit_of_work(), Search()).total == 0

"""What the forecast's pages and API share: the cached forecast of this data version, and the
bounded query parameters."""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import Query

from krapte.bootstrap import Container
from krapte.forecast.cache import ScenarioSet, published_forecast, published_scenarios
from krapte.forecast.published import PublishedForecast
from krapte.web.site import data_version

#: More names than built-in scenarios is never a useful question.
MAX_SCENARIOS: Final = 16
NAME_LENGTH: Final = 64

ScenarioName = Annotated[str, Query(max_length=NAME_LENGTH)]


def forecast_of(container: Container) -> PublishedForecast:
    """Every built-in scenario for the store's current data (computed once per version)."""
    return published_forecast(container, data_version(container).key)


def scenarios_of(container: Container) -> ScenarioSet:
    """Every built-in scenario with the store's data applied (no Monte Carlo)."""
    return published_scenarios(container, data_version(container).key)


def chosen(names: list[str] | None) -> tuple[str, ...]:
    """The names once each, in the order given (the forecast checks that they exist)."""
    return tuple(dict.fromkeys(name.strip() for name in names or () if name.strip()))

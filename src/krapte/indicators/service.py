"""Indicator service: reads a dataset through the data hub's service and summarises its series."""

from __future__ import annotations

from dataclasses import dataclass

from krapte.datahub import service as datahub
from krapte.db.uow import UnitOfWork
from krapte.errors import InvalidInput, NotFound
from krapte.indicators.core.series import Grouping, SeriesSummary, build_series, summarise_all
from krapte.indicators.core.tension import TensionRow, tension_by_region


@dataclass(frozen=True)
class IndicatorTable:
    dataset: str
    measure: str
    grouping: Grouping
    rows: list[SeriesSummary]

    @property
    def years(self) -> list[int]:
        return sorted({year for row in self.rows for year in row.values})


def indicator_table(
    uow: UnitOfWork,
    dataset: str,
    *,
    measure: str | None = None,
    grouping: Grouping = Grouping.SERIES,
    years: tuple[int | None, int | None] = (None, None),
) -> IndicatorTable:
    """Growth, CAGR and index of every series of one measure of a dataset."""
    first, last = years
    if first is not None and last is not None and first > last:
        raise InvalidInput.single(
            f"het eerste jaar ({first}) ligt na het laatste ({last})", field="jaren"
        )
    with uow:
        observations = datahub.observations(uow, dataset)
        provinces = datahub.institution_provinces(uow)
    measures = sorted({obs.measure for obs in observations})
    if measure is None:
        if len(measures) != 1:
            raise InvalidInput.single(
                f"dataset {dataset} heeft meerdere maatstaven; kies er een: " + ", ".join(measures),
                field="maatstaf",
            )
        measure = measures[0]
    elif measure not in measures:
        raise NotFound(
            f"maatstaf {measure!r} bestaat niet in {dataset}; wel: " + ", ".join(measures)
        )
    selected = [obs for obs in observations if obs.measure == measure]
    series = build_series(selected, grouping, provinces, years)
    return IndicatorTable(dataset, measure, grouping, summarise_all(series))


def tension_table(uow: UnitOfWork, dataset: str) -> list[TensionRow]:
    """Job seekers per vacancy for every period and region where the dataset has both."""
    return tension_by_region(datahub.observations(uow, dataset))

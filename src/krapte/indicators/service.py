"""Indicator service: reads a dataset from the store and computes its series summaries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from krapte.datahub import repository
from krapte.datahub import tables as t
from krapte.indicators.core.series import Grouping, SeriesSummary, build_series, summarise_all
from krapte.indicators.core.tension import TensionRow, tension_by_region


class IndicatorRequestError(ValueError):
    """The request cannot be answered (unknown dataset, ambiguous measure, ...)."""


@dataclass(frozen=True)
class IndicatorTable:
    dataset: str
    measure: str
    grouping: Grouping
    rows: list[SeriesSummary]

    @property
    def years(self) -> list[int]:
        return sorted({year for row in self.rows for year in row.values})


def province_map(session: Session) -> dict[str, str]:
    rows = session.execute(select(t.Institution.name, t.Institution.province))
    return dict(rows.all())


def indicator_table(
    session: Session,
    dataset: str,
    *,
    measure: str | None = None,
    grouping: Grouping = Grouping.SERIES,
    years: tuple[int | None, int | None] = (None, None),
) -> IndicatorTable:
    try:
        observations = repository.fetch_observations(session, dataset)
    except repository.UnknownDatasetError as exc:
        raise IndicatorRequestError(str(exc)) from exc
    measures = sorted({obs.measure for obs in observations})
    if measure is None:
        if len(measures) != 1:
            raise IndicatorRequestError(
                f"dataset {dataset} heeft meerdere maatstaven; kies er een met --measure: "
                + ", ".join(measures)
            )
        measure = measures[0]
    elif measure not in measures:
        raise IndicatorRequestError(
            f"maatstaf {measure!r} bestaat niet in {dataset}; wel: " + ", ".join(measures)
        )
    selected = [obs for obs in observations if obs.measure == measure]
    series = build_series(selected, grouping, province_map(session), years)
    return IndicatorTable(dataset, measure, grouping, summarise_all(series))


def tension_table(session: Session, dataset: str) -> list[TensionRow]:
    """Job seekers per vacancy for every period and region where the dataset has both."""
    try:
        return tension_by_region(repository.fetch_observations(session, dataset))
    except repository.UnknownDatasetError as exc:
        raise IndicatorRequestError(str(exc)) from exc

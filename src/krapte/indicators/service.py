"""Indicator service: reads a dataset through the data hub's service and summarises its series."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from krapte.datahub import service as datahub
from krapte.db.uow import UnitOfWork
from krapte.errors import InvalidInput, NotFound
from krapte.indicators.core.dashboard import (
    KEY_FIGURES,
    KeyFigure,
    ProvinceFigure,
    key_figure,
    province_figures,
    tension_figure,
)
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


# --- the dashboard -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceVersion:
    """The version of a dataset a dashboard figure comes from (for its footnote)."""

    dataset: str
    title: str
    version: int
    label: str
    imported_at: datetime


@dataclass(frozen=True)
class Dashboard:
    """The key figures, the tension ratio where vacancies are present, and the province view."""

    figures: tuple[KeyFigure, ...]
    tension: tuple[TensionRow, ...]
    provinces: tuple[ProvinceFigure, ...]
    versions: dict[str, SourceVersion]

    def figure(self, key: str) -> KeyFigure:
        for figure in self.figures:
            if figure.key == key:
                return figure
        raise NotFound(f"onbekend kerncijfer: {key}")


#: The datasets of the province view (institution rows with a campus province).
PROVINCE_DATASETS: tuple[str, ...] = ("inschrijvingen", "studiestarters")
TENSION_DATASET = "werkzoekenden_vacatures"


def dashboard(uow: UnitOfWork) -> Dashboard:
    """Every key figure whose data the store holds, with the version it comes from.

    Reads only the few datasets the cards name (a few hundred figures); callers cache the result
    per data version.
    """
    with uow:
        summaries = {s.name: s for s in datahub.list_datasets(uow)}
        wanted = sorted(
            {spec.dataset for spec in KEY_FIGURES} | {*PROVINCE_DATASETS, TENSION_DATASET}
        )
        data = {name: datahub.observations(uow, name) for name in wanted if name in summaries}
        provinces = datahub.institution_provinces(uow)
    figures = [
        found
        for spec in KEY_FIGURES
        if spec.dataset in data and (found := key_figure(spec, data[spec.dataset])) is not None
    ]
    province_rows = [
        row
        for name in PROVINCE_DATASETS
        if name in data
        for row in province_figures(name, data[name], provinces)
    ]
    versions = {
        name: SourceVersion(name, summary.title, latest.version, latest.label, latest.imported_at)
        for name, summary in summaries.items()
        if name in data and (latest := summary.latest) is not None
    }
    tension = tension_by_region(data.get(TENSION_DATASET, []))
    ratio = tension_figure(tension, TENSION_DATASET)
    if ratio is not None:
        figures.append(ratio)
    return Dashboard(
        figures=tuple(figures),
        tension=tuple(tension),
        provinces=tuple(province_rows),
        versions=versions,
    )

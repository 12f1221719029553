"""The indicators API's response models: English keys, described in the OpenAPI document."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from krapte.indicators.core.dashboard import KeyFigure, Point, ProvinceFigure
from krapte.indicators.core.tension import TensionRow
from krapte.indicators.service import Dashboard


class PointOut(BaseModel):
    label: str = Field(description="Periode (2024, 2025-04) of groep.")
    value: float

    @classmethod
    def of(cls, point: Point) -> PointOut:
        return cls(label=point.label, value=point.value)


class KeyFigureOut(BaseModel):
    key: str
    title: str = Field(description="Titel van het kerncijfer (Nederlands).")
    dataset: str
    measure: str
    unit: str = Field(description="count, percent, ratio, ...")
    kind: Literal["trend", "comparison"]
    period: str = Field(description="Periode van de laatste waarde.")
    level: str
    category: str
    latest: PointOut
    previous: PointOut | None
    change: float | None = Field(description="Laatste min vorige waarde (procentpunt bij %).")
    change_percent: float | None
    points: list[PointOut]
    source: str
    section: str = Field(description="Sectie in het rapport.")
    derivation: str = Field(description="Hoe het cijfer berekend is, leeg als gedrukt.")
    version: int | None = Field(description="Versie van de dataset.")
    version_label: str

    @classmethod
    def of(cls, figure: KeyFigure, board: Dashboard) -> KeyFigureOut:
        source = board.versions.get(figure.dataset)
        previous = figure.previous
        return cls(
            key=figure.key,
            title=figure.title,
            dataset=figure.dataset,
            measure=figure.measure,
            unit=figure.unit,
            kind=figure.kind,
            period=figure.period,
            level=figure.level,
            category=figure.category,
            latest=PointOut.of(figure.latest),
            previous=PointOut.of(previous) if previous else None,
            change=figure.change,
            change_percent=figure.change_percent,
            points=[PointOut.of(point) for point in figure.points],
            source=figure.source,
            section=figure.section,
            derivation=figure.derivation,
            version=source.version if source else None,
            version_label=source.label if source else "",
        )


class TensionOut(BaseModel):
    period: str
    geography: str
    category: str
    job_seekers: float
    vacancies: float
    ratio: float = Field(description="Werkzoekenden per openstaande vacature.")

    @classmethod
    def of(cls, row: TensionRow) -> TensionOut:
        return cls(**row.__dict__)


class IndicatorsOut(BaseModel):
    data_version: str
    figures: list[KeyFigureOut]
    tension: list[TensionOut]


class ProvinceFigureOut(BaseModel):
    dataset: str
    province: str = Field(description="Provincie van de campus.")
    level: str
    year: int
    value: float

    @classmethod
    def of(cls, figure: ProvinceFigure) -> ProvinceFigureOut:
        return cls(**figure.__dict__)


class ProvincesOut(BaseModel):
    data_version: str
    figures: list[ProvinceFigureOut]

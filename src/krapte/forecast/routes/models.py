"""The forecast API's responses (pydantic), so the OpenAPI document describes them exactly.

Field names are English snake_case; a band is the median and the 80% band over the Monte Carlo
draws, ``null`` where a year has no value (flows in the base year).
"""

from __future__ import annotations

import math

from pydantic import BaseModel, Field

from krapte.forecast.charts import WHAT_IF_LINE
from krapte.forecast.published import ComparisonRow, Projection
from krapte.forecast.results import ParameterRow, Triple, YearRow

NOTE = WHAT_IF_LINE


def _value(value: float) -> float | None:
    return None if math.isnan(value) else value


class Band(BaseModel):
    """10th percentile, median and 90th percentile over the draws."""

    p10: float | None
    median: float | None
    p90: float | None

    @classmethod
    def of(cls, triple: Triple) -> Band:
        p10, p50, p90 = triple
        return cls(p10=_value(p10), median=_value(p50), p90=_value(p90))


class ScenarioInfo(BaseModel):
    name: str = Field(description="Machine name, as in `scenario=`.")
    title: str = Field(description="Dutch title.")
    description: str
    recommendations: list[str] = Field(description="Numbers of the report's recommendations.")
    citation: str
    colour: str = Field(description="The scenario's colour in every chart (#rrggbb).")
    base_year: int
    horizon: int
    changed_parameters: list[str] = Field(description="Parameters that differ from the baseline.")


class ScenarioList(BaseModel):
    note: str = NOTE
    scenarios: list[ScenarioInfo]


class ParameterInfo(BaseModel):
    name: str
    description: str
    value: float
    low: float
    high: float
    unit: str
    changed: bool = Field(description="Differs from the baseline.")
    provenance_kind: str = Field(
        description="rapport, externe bron, kalibratie, simulatie or aanname."
    )
    provenance: str = Field(description="Dutch line: section, citation, target or reasoning.")
    start_year: int | None
    ramp_years: int | None

    @classmethod
    def of(cls, row: ParameterRow, description: str) -> ParameterInfo:
        return cls(description=description, **row.as_dict())


class ParameterList(BaseModel):
    scenario: str
    title: str
    base_year: int
    horizon: int
    parameters: list[ParameterInfo]


class YearResult(BaseModel):
    """Every output of one year; people and full-time equivalents, ``*_pct`` in percent."""

    year: int
    supply: Band
    supply_fte: Band
    demand: Band
    demand_fte: Band
    gap: Band
    gap_fte: Band
    gap_pct: Band
    hiring_need: Band
    expansion_need: Band
    replacement_need: Band
    replacement_55plus_pct: Band
    inflow: Band
    outflow: Band
    tension: Band

    @classmethod
    def of(cls, row: YearRow) -> YearResult:
        bands = {key: Band.of(triple) for key, triple in row.outputs.items()}
        return cls.model_validate({"year": row.year, **bands})


class ScenarioResult(BaseModel):
    scenario: str
    title: str
    colour: str
    years: list[YearResult]


class ResultsResponse(BaseModel):
    region: str
    draws: int
    seed: int
    data_version: str
    note: str = NOTE
    scenarios: list[ScenarioResult]

    @classmethod
    def scenario(cls, projection: Projection, region: str, colour: str) -> ScenarioResult:
        return ScenarioResult(
            scenario=projection.scenario.name,
            title=projection.scenario.title,
            colour=colour,
            years=[YearResult.of(row) for row in projection.rows[region]],
        )


class YearBand(Band):
    year: int


class ComparisonItem(BaseModel):
    scenario: str
    title: str
    gap: list[YearBand] = Field(description="The gap in the key years.")
    gap_closed: Band = Field(description="Baseline gap minus this gap in the horizon year.")
    gap_closed_pct: float = Field(description="Median share of the baseline gap closed, %.")
    hiring_need_total: Band = Field(description="Hiring need summed over the projected years.")
    expansion_need_total: Band
    replacement_need_total: Band
    first_year: int
    horizon: int

    @classmethod
    def of(cls, row: ComparisonRow) -> ComparisonItem:
        return cls(
            scenario=row.scenario,
            title=row.title,
            gap=[YearBand(year=year, **Band.of(band).model_dump()) for year, band in row.gap],
            gap_closed=Band.of(row.gap_closed),
            gap_closed_pct=row.gap_closed_pct,
            hiring_need_total=Band.of(row.hiring_need),
            expansion_need_total=Band.of(row.expansion_need),
            replacement_need_total=Band.of(row.replacement_need),
            first_year=row.first_year,
            horizon=row.horizon,
        )


class ComparisonResponse(BaseModel):
    region: str
    draws: int
    data_version: str
    note: str = NOTE
    key_years: list[int]
    scenarios: list[ComparisonItem]

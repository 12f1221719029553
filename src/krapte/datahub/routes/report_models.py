"""Response models of the checks and claims API (English keys, described in OpenAPI)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from krapte.datahub.core.checks import Finding
from krapte.datahub.core.claims import ClaimResult
from krapte.datahub.core.expressions import UsedFigure


class FindingOut(BaseModel):
    severity: str = Field(description="error, warning of info.")
    dataset: str = Field(description="Dataset(s) waarover de bevinding gaat, met komma's.")
    check: str = Field(description="Naam van de controle.")
    message: str = Field(description="De bevinding in het Nederlands.")
    values: dict[str, Any] = Field(description="De betrokken cijfers.")

    @classmethod
    def of(cls, finding: Finding) -> FindingOut:
        return cls(
            severity=finding.severity,
            dataset=finding.dataset,
            check=finding.check,
            message=finding.message,
            values=finding.values,
        )


class CountOut(BaseModel):
    dataset: str
    error: int
    warning: int
    info: int


class ChecksOut(BaseModel):
    data_version: str
    checked: int = Field(description="Aantal gecontroleerde cijfers.")
    counts: list[CountOut] = Field(description="Aantal bevindingen per dataset en ernst.")
    total: int = Field(description="Aantal bevindingen na de filter.")
    findings: list[FindingOut]


class UsedFigureOut(BaseModel):
    dataset: str
    measure: str
    period: str
    dimensions: dict[str, str]
    value: float | None

    @classmethod
    def of(cls, figure: UsedFigure) -> UsedFigureOut:
        return cls(
            dataset=figure.dataset,
            measure=figure.measure,
            period=figure.period,
            dimensions=dict(figure.dimensions),
            value=figure.value,
        )


class ClaimOut(BaseModel):
    id: str
    section: str = Field(description="Sectie in het rapport.")
    statement: str = Field(description="De bewering zoals het rapport ze schrijft.")
    verdict: str = Field(
        description="ondersteund, tegengesproken, tegenstrijdig in het rapport, "
        "niet toetsbaar of fout."
    )
    figure: float | None = Field(description="Het berekende cijfer van de toets.")
    expected: str = Field(description="Wat de toets verwacht.")
    reason: str
    error: str
    elsewhere_section: str
    elsewhere_statement: str
    figures: list[UsedFigureOut] = Field(description="De cijfers die de toets gebruikt.")

    @classmethod
    def of(cls, result: ClaimResult, figures: tuple[UsedFigure, ...]) -> ClaimOut:
        return cls(
            id=result.id,
            section=result.section,
            statement=result.statement,
            verdict=result.status,
            figure=result.figure,
            expected=result.expected,
            reason=result.reason,
            error=result.error,
            elsewhere_section=result.elsewhere_section,
            elsewhere_statement=result.elsewhere_statement,
            figures=[UsedFigureOut.of(figure) for figure in figures],
        )


class ClaimsOut(BaseModel):
    data_version: str
    source: str = Field(description="Naam van het claimsbestand.")
    counts: dict[str, int] = Field(description="Aantal beweringen per oordeel.")
    claims: list[ClaimOut]

"""The pages about the data's quality and origin: Controles, Beweringen and Over de data.

The consistency checks and the claims run over every current figure, which is slow on a large
store: their results are computed once per data version and kept in memory per process
(:class:`krapte.web.cache.PerDataVersion`), never per request. Filters are GET parameters, so the
URL is the permalink.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from krapte.bootstrap import Container
from krapte.datahub import service
from krapte.datahub.core.checks import Finding
from krapte.datahub.core.claims import STATUSES, Status
from krapte.datahub.core.findings import DUTCH_DIMENSION, SEVERITY_ORDER, show_number
from krapte.datahub.routes.report_models import (
    ChecksOut,
    ClaimOut,
    ClaimsOut,
    CountOut,
    FindingOut,
)
from krapte.web.cache import PerDataVersion
from krapte.web.deps import ContainerDep
from krapte.web.site import data_version
from krapte.web.templating import render

router = APIRouter()

SEVERITIES: Final = ("error", "warning", "info")
SEVERITY_LABELS: Final = {"error": "fout", "warning": "waarschuwing", "info": "opmerking"}
#: Dutch names of the keys of a finding's figures.
VALUE_LABELS: Final = {
    "measure": "maatstaf",
    "period": "periode",
    "table": "tabel",
    "total": "gedrukt totaal",
    "sum_of_parts": "som van de delen",
    "parts": "delen",
    "printed": "gedrukt",
    "dimension": "dimensie",
    "adds_up_without": "klopt zonder",
    "value": "waarde",
    "dataset": "dataset",
    "from": "van",
    "to": "naar",
    "from_period": "van periode",
    "to_period": "naar periode",
    "years": "jaren",
    "survey_years": "meetjaren",
    "starter_years": "jaren met starters",
    "starters": "starters",
    "enrolments": "inschrijvingen",
    "missing": "ontbreekt",
    "rows": "rijen",
    "count": "aantal",
    "name": "naam",
    "kind": "soort",
    "reason": "reden",
}
MAX_FINDINGS: Final = 500

SeverityFilter = Literal["error", "warning", "info"]
VerdictFilter = Literal[
    "ondersteund", "tegengesproken", "tegenstrijdig in het rapport", "niet toetsbaar", "fout"
]

VALIDATION: PerDataVersion[service.ValidationReport] = PerDataVersion(
    lambda container: service.validate(container.unit_of_work())
)
CLAIMS: PerDataVersion[service.ClaimsOverview] = PerDataVersion(
    lambda container: service.claims_overview(container.unit_of_work())
)
ABOUT: PerDataVersion[service.AboutData] = PerDataVersion(
    lambda container: service.about_data(container.unit_of_work())
)


# --- presenting findings -------------------------------------------------------------------------


def _text(value: object) -> str:
    """A value of a finding in Flemish notation (numbers as ``1.938`` and ``39,9``)."""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int | float):
        return show_number(value)
    if isinstance(value, Mapping):
        if {"table", "value"} <= set(value):
            where = f"{value.get('dataset')}, " if value.get("dataset") else ""
            return f"{_text(value['value'])} ({where}{value['table']})"
        return "; ".join(f"{key}: {_text(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_text(item) for item in value)
    return str(value)


def figure_lines(values: Mapping[str, object]) -> list[tuple[str, str]]:
    """The figures of a finding as (Dutch label, text) pairs."""
    return [
        (VALUE_LABELS.get(key, DUTCH_DIMENSION.get(key, key)), _text(value))
        for key, value in values.items()
        if value not in ("", None)
    ]


def datasets_of(findings: Sequence[Finding]) -> list[str]:
    return sorted({name for f in findings for name in f.dataset.split(", ") if name})


def counts(findings: Sequence[Finding]) -> list[CountOut]:
    """Findings per dataset and severity (a finding about two datasets counts for each)."""
    return [
        CountOut(
            dataset=name,
            **{s: sum(f.severity == s and f.concerns(name) for f in findings) for s in SEVERITIES},
        )
        for name in datasets_of(findings)
    ]


def select_findings(
    findings: Sequence[Finding], dataset: str | None, severity: str | None
) -> list[Finding]:
    chosen = [
        f
        for f in findings
        if (not dataset or f.concerns(dataset)) and (not severity or f.severity == severity)
    ]
    return sorted(chosen, key=lambda f: (SEVERITY_ORDER[f.severity], f.dataset, f.check))


def _checks(container: Container) -> service.ValidationReport:
    return VALIDATION.get(container)


DatasetQuery = Query(None, max_length=120, description="Alleen bevindingen over deze dataset.")
SeverityQuery = Query(None, description="Alleen deze ernst: error, warning of info.")


@router.get("/controles", response_class=HTMLResponse, include_in_schema=False)
def checks_page(
    request: Request,
    container: ContainerDep,
    dataset: str | None = DatasetQuery,
    severity: SeverityFilter | None = SeverityQuery,
) -> HTMLResponse:
    report = _checks(container)
    chosen = select_findings(report.findings, dataset, severity)
    return render(
        request,
        "controles.html",
        {
            "report": report,
            "counts": counts(report.findings),
            "datasets": datasets_of(report.findings),
            "severities": SEVERITIES,
            "severity_labels": SEVERITY_LABELS,
            "selected": {"dataset": dataset or "", "severity": severity or ""},
            "findings": chosen[:MAX_FINDINGS],
            "total": len(chosen),
            "limit": MAX_FINDINGS,
            "figure_lines": figure_lines,
        },
    )


@router.get(
    "/api/v1/checks",
    summary="Bevindingen van de consistentiecontroles",
    description="Elke bevinding van de controles op de huidige cijfers, per dataset en ernst "
    f"(hoogstens {MAX_FINDINGS} bevindingen; `total` zegt hoeveel er na de filter zijn).",
    tags=["controles"],
)
def checks_api(
    container: ContainerDep,
    dataset: str | None = DatasetQuery,
    severity: SeverityFilter | None = SeverityQuery,
) -> ChecksOut:
    report = _checks(container)
    chosen = select_findings(report.findings, dataset, severity)
    return ChecksOut(
        data_version=data_version(container).key,
        checked=report.checked,
        counts=counts(report.findings),
        total=len(chosen),
        findings=[FindingOut.of(f) for f in chosen[:MAX_FINDINGS]],
    )


# --- claims --------------------------------------------------------------------------------------

VerdictQuery = Query(None, description="Alleen beweringen met dit oordeel.")


def _claims(container: Container) -> service.ClaimsOverview:
    return CLAIMS.get(container)


def verdict_counts(overview: service.ClaimsOverview) -> dict[str, int]:
    return {status: overview.report.count(status) for status in STATUSES}


def dimension_text(dimensions: Sequence[tuple[str, str]]) -> str:
    return ", ".join(f"{DUTCH_DIMENSION.get(key, key)} '{value}'" for key, value in dimensions)


@router.get("/beweringen", response_class=HTMLResponse, include_in_schema=False)
def claims_page(
    request: Request, container: ContainerDep, verdict: VerdictFilter | None = VerdictQuery
) -> HTMLResponse:
    overview = _claims(container)
    results = [r for r in overview.report.results if verdict is None or r.status == verdict]
    return render(
        request,
        "beweringen.html",
        {
            "overview": overview,
            "counts": verdict_counts(overview),
            "statuses": STATUSES,
            "selected": verdict or "",
            "results": results,
            "dimension_text": dimension_text,
        },
    )


@router.get(
    "/api/v1/claims",
    summary="Beweringen uit het rapport en hun oordeel",
    description="Elke bewering uit het rapport met haar sectie, de gebruikte cijfers en het "
    "oordeel op de huidige cijfers.",
    tags=["beweringen"],
)
def claims_api(container: ContainerDep, verdict: VerdictFilter | None = VerdictQuery) -> ClaimsOut:
    overview = _claims(container)
    status: Status | None = verdict
    return ClaimsOut(
        data_version=data_version(container).key,
        source=overview.report.source,
        counts=verdict_counts(overview),
        claims=[
            ClaimOut.of(result, overview.figures.get(result.id, ()))
            for result in overview.report.results
            if status is None or result.status == status
        ],
    )


# --- over de data --------------------------------------------------------------------------------


@router.get("/over", response_class=HTMLResponse, include_in_schema=False)
def about_page(request: Request, container: ContainerDep) -> HTMLResponse:
    return render(request, "over.html", {"about": ABOUT.get(container)})

"""The forecast's part of the JSON API (`/api/v1/forecast/...`).

Answers come from the cached forecast of this data version; each is serialised once per
forecast, selection and region and then served as bytes, so a busy API stays fast.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from krapte.datahub.core.records import FLANDERS
from krapte.forecast.charts import colour
from krapte.forecast.core import scenarios
from krapte.forecast.core.montecarlo import REGIONS
from krapte.forecast.published import PublishedForecast
from krapte.forecast.results import parameter_rows, resolve_region
from krapte.forecast.routes.common import MAX_SCENARIOS, chosen, forecast_of, scenarios_of
from krapte.forecast.routes.models import (
    ComparisonItem,
    ComparisonResponse,
    ParameterInfo,
    ParameterList,
    ResultsResponse,
    ScenarioInfo,
    ScenarioList,
)
from krapte.forecast.routes.overview import KEPT_VIEWS
from krapte.web.deps import ContainerDep

router = APIRouter(prefix="/api/v1/forecast", tags=["prognose"])

# The document lists the names a parameter takes, so every request it allows is answered.
if TYPE_CHECKING:
    BuiltinScenario = str
    RegionName = str
else:
    BuiltinScenario = Literal[tuple(scenarios.builtin_names())]
    RegionName = Literal[REGIONS]

Scenarios = Annotated[
    list[BuiltinScenario] | None,
    Query(
        max_length=MAX_SCENARIOS,
        description="Scenario's (herhaal de parameter); het basisscenario komt altijd mee; "
        "zonder: alle ingebouwde scenario's.",
    ),
]
Region = Annotated[RegionName, Query(description="Vlaanderen (standaard) of een provincie.")]


def _json(body: bytes) -> Response:
    return Response(body, media_type="application/json")


@router.get(
    "/scenarios",
    summary="De scenario's van de prognose",
    description="Elk ingebouwd scenario: titel, beschrijving, de aanbevelingen van het rapport "
    "waarop het steunt, zijn kleur in de grafieken en de parameters die het wijzigt.",
)
def scenario_list(container: ContainerDep) -> ScenarioList:
    return ScenarioList(
        scenarios=[
            ScenarioInfo(
                name=item.name,
                title=item.title,
                description=item.description,
                recommendations=list(item.recommendations),
                citation=item.citation,
                colour=colour(item.name),
                base_year=item.base_year,
                horizon=item.horizon,
                changed_parameters=sorted(item.overrides),
            )
            for item in scenarios_of(container).scenarios
        ]
    )


@router.get(
    "/parameters",
    summary="De parameters van een scenario",
    description="Elke parameter met zijn waarde, bereik (driehoeksverdeling), eenheid en "
    "herkomst: rapport, externe bron, kalibratie, simulatie of aanname.",
)
def parameter_list(
    container: ContainerDep,
    scenario: Annotated[
        BuiltinScenario, Query(description="Scenario; standaard het basisscenario.")
    ] = scenarios.BASELINE,
) -> ParameterList:
    found = scenarios_of(container).find(scenario)
    return ParameterList(
        scenario=found.name,
        title=found.title,
        base_year=found.base_year,
        horizon=found.horizon,
        parameters=[
            ParameterInfo.of(row, found.parameters[row.name].description)
            for row in parameter_rows(found)
        ],
    )


@lru_cache(maxsize=KEPT_VIEWS)
def _results(published: PublishedForecast, names: tuple[str, ...], region: str) -> bytes:
    return (
        ResultsResponse(
            region=region,
            draws=published.draws,
            seed=published.seed,
            data_version=published.version,
            scenarios=[
                ResultsResponse.scenario(p, region, colour(p.scenario.name))
                for p in published.select(names)
            ],
        )
        .model_dump_json()
        .encode("utf-8")
    )


@router.get(
    "/results",
    response_model=ResultsResponse,
    summary="De prognose per scenario en jaar",
    description="Per gekozen scenario en jaar de mediaan en de 80%-band (p10–p90) van aanbod, "
    "vraag, tekort, aanwervingsbehoefte en spanning. Wat-als-scenario's op aannames, geen "
    "officiële prognose. Eén keer berekend per versie van de gegevens.",
)
def results(
    container: ContainerDep, scenario: Scenarios = None, region: Region = FLANDERS
) -> Response:
    return _json(_results(forecast_of(container), chosen(scenario), resolve_region(region)))


@lru_cache(maxsize=KEPT_VIEWS)
def _comparison(published: PublishedForecast, names: tuple[str, ...], region: str) -> bytes:
    return (
        ComparisonResponse(
            region=region,
            draws=published.draws,
            data_version=published.version,
            key_years=list(published.key_years),
            scenarios=[ComparisonItem.of(row) for row in published.comparison(names, region)],
        )
        .model_dump_json()
        .encode("utf-8")
    )


@router.get(
    "/comparison",
    response_model=ComparisonResponse,
    summary="Scenario's vergeleken",
    description="De vergelijkingstabel van de pagina Prognose: het tekort in de sleuteljaren, "
    "het tekort dat elk scenario dicht tegenover het basisscenario en de "
    "aanwervingsbehoefte over de hele periode.",
)
def comparison(
    container: ContainerDep, scenario: Scenarios = None, region: Region = FLANDERS
) -> Response:
    return _json(_comparison(forecast_of(container), chosen(scenario), resolve_region(region)))

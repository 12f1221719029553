"""The round administrator's API: runs, one run's figures, free places, and the actions
(phase, allocate, publish, follow-up) for API tokens of round administrators."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body
from pydantic import BaseModel, Field

from krapte.placement.core.calendar import Phase
from krapte.placement.rounds import allocation, calendar_service, followup_service
from krapte.placement.routes.home import AUTH, TAGS, RoundOut, round_out
from krapte.placement.routes.personal import API_ERRORS, RoundId, RunId
from krapte.web.deps import ActorDep, ContainerDep

router = APIRouter()


class RunOut(BaseModel):
    id: int
    round_id: int
    kind: str = Field(description="main (hoofdronde) of followup (opvolgronde).")
    seed: int
    engine_version: str
    input_sha256: str = Field(description="SHA-256 van de invoer (aanbod, studenten, lijsten).")
    created_at: str
    created_by: str
    matched: int
    unmatched: int
    published: bool


class RunDetailOut(BaseModel):
    run: RunOut
    statistics: dict[str, Any] = Field(description="De cijfers zoals statistics.json ze geeft.")
    stable: bool
    blocking_pairs: int
    violations: int


class FreePlaceOut(BaseModel):
    offer_id: str
    organisation: str
    municipality: str
    province: str
    sector: str
    capacity: int
    placed: int
    free: int


class SeedIn(BaseModel):
    seed: int | None = Field(None, ge=0, le=2**31 - 1, description="Leeg: krapte kiest er een.")


class PhaseIn(BaseModel):
    phase: Phase


class PublishIn(BaseModel):
    run_id: int | None = Field(None, ge=1, le=2**31 - 1, description="Leeg: de laatste run.")


def _run(info: allocation.RunInfo) -> RunOut:
    return RunOut(**info.as_dict())


@router.get(
    "/api/v1/stages/{rid}/runs",
    summary="De runs van een ronde",
    responses=API_ERRORS,
    tags=TAGS,
    dependencies=AUTH,
)
def api_runs(container: ContainerDep, actor: ActorDep, rid: RoundId) -> list[RunOut]:
    return [_run(r) for r in allocation.list_runs(container.unit_of_work(), actor, rid)]


@router.get(
    "/api/v1/stages/{rid}/runs/{run_id}",
    summary="Eén run: cijfers en controle op stabiliteit",
    responses=API_ERRORS,
    tags=TAGS,
    dependencies=AUTH,
)
def api_run(container: ContainerDep, actor: ActorDep, rid: RoundId, run_id: RunId) -> RunDetailOut:
    found = allocation.run_detail(container.unit_of_work(), actor, rid, run_id)
    return RunDetailOut(
        run=_run(found.run),
        statistics=found.statistics.as_dict(),
        stable=found.stable,
        blocking_pairs=found.blocking_pairs,
        violations=found.violations,
    )


@router.get(
    "/api/v1/stages/{rid}/vrije-plaatsen",
    summary="Vrije plaatsen per aanbod na de publicatie",
    responses=API_ERRORS,
    tags=TAGS,
    dependencies=AUTH,
)
def api_free_places(container: ContainerDep, actor: ActorDep, rid: RoundId) -> list[FreePlaceOut]:
    places = followup_service.free_places(container.unit_of_work(), actor, rid)
    return [FreePlaceOut(**p.as_dict()) for p in places]


@router.post(
    "/api/v1/stages/{rid}/fase",
    summary="Naar de volgende fase",
    responses=API_ERRORS,
    tags=TAGS,
    dependencies=AUTH,
)
def api_phase(
    container: ContainerDep, actor: ActorDep, rid: RoundId, body: Annotated[PhaseIn, Body()]
) -> RoundOut:
    info = calendar_service.advance_phase(
        container.unit_of_work(write=True), actor, rid, body.phase
    )
    return round_out(info)


@router.post(
    "/api/v1/stages/{rid}/toewijzen",
    summary="Toewijzen (een run)",
    responses=API_ERRORS,
    tags=TAGS,
    dependencies=AUTH,
)
def api_allocate(
    container: ContainerDep, actor: ActorDep, rid: RoundId, body: Annotated[SeedIn, Body()]
) -> RunOut:
    return _run(allocation.allocate(container.unit_of_work(write=True), actor, rid, body.seed))


@router.post(
    "/api/v1/stages/{rid}/publiceren",
    summary="Een run publiceren",
    responses=API_ERRORS,
    tags=TAGS,
    dependencies=AUTH,
)
def api_publish(
    container: ContainerDep, actor: ActorDep, rid: RoundId, body: Annotated[PublishIn, Body()]
) -> RoundOut:
    return round_out(
        allocation.publish(container.unit_of_work(write=True), actor, rid, body.run_id)
    )


@router.post(
    "/api/v1/stages/{rid}/opvolgronde",
    summary="De opvolgronde toewijzen",
    responses=API_ERRORS,
    tags=TAGS,
    dependencies=AUTH,
)
def api_followup(
    container: ContainerDep, actor: ActorDep, rid: RoundId, body: Annotated[SeedIn, Body()]
) -> RunOut:
    return _run(
        followup_service.run_followup(container.unit_of_work(write=True), actor, rid, body.seed)
    )

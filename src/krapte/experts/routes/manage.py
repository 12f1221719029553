"""The administrator's page: confirmed profiles to approve, and every profile to remove."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from krapte.experts import service
from krapte.experts.core.profile import STATUS_LABELS, Status
from krapte.experts.routes.common import ExpertId, page, see_other
from krapte.web.deps import ActorDep, ContainerDep
from krapte.web.i18n import N_

router = APIRouter(include_in_schema=False)

DONE = {
    "goedgekeurd": N_("Het profiel is goedgekeurd en staat in de lijst."),
    "verwijderd": N_("Het profiel en zijn gegevens zijn gewist."),
}


@router.get("/experten/beheer")
def manage_page(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    gedaan: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    found = service.profiles(container.unit_of_work(), actor)
    groups = [
        (status, [p for p in found if p.status is status])
        for status in (Status.PENDING, Status.APPROVED, Status.UNCONFIRMED)
    ]
    context = {"groups": groups, "status_labels": STATUS_LABELS, "done": DONE.get(gedaan, "")}
    return page(request, "experten_beheer.html", context)


@router.post("/experten/beheer/{expert_id}/goedkeuren")
def approve(container: ContainerDep, actor: ActorDep, expert_id: ExpertId) -> Response:
    service.approve(
        container.unit_of_work(write=True), actor, expert_id, settings=container.settings
    )
    return see_other("/experten/beheer?gedaan=goedgekeurd")


@router.post("/experten/beheer/{expert_id}/verwijderen")
def remove(container: ContainerDep, actor: ActorDep, expert_id: ExpertId) -> Response:
    service.remove(container.unit_of_work(write=True), actor, expert_id)
    return see_other("/experten/beheer?gedaan=verwijderd")

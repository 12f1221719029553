"""Job alert pages: subscribe (double opt-in), confirm, and unsubscribe with one click."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from krapte.errors import InvalidInput
from krapte.experts import alerts
from krapte.experts.core.alerts import CONSENT_TEXT, checked_criteria
from krapte.experts.core.choices import REGIONS, diplomas
from krapte.experts.core.profile import MAX_EMAIL
from krapte.experts.routes.common import Token, base_url, by_field, client, page
from krapte.experts.throttle import TooFast
from krapte.web.deps import ContainerDep

router = APIRouter(include_in_schema=False)
Choice = Annotated[str, Form(max_length=200)]


def _context(**extra: Any) -> dict[str, Any]:
    found = diplomas()
    return {
        "regions": REGIONS,
        "programmes": found.programmes,
        "levels": found.levels,
        "consent_text": CONSENT_TEXT,
        "form": {},
        "errors": {},
        **extra,
    }


@router.get("/jobmeldingen")
def subscribe_page(request: Request, container: ContainerDep) -> Response:
    container.unit_of_work()  # before `krapte init`: 503
    return page(request, "jobmeldingen.html", _context())


@router.post("/jobmeldingen")
def subscribe(
    request: Request,
    container: ContainerDep,
    email: Annotated[str, Form(max_length=MAX_EMAIL)] = "",
    regio: Choice = "",
    diploma: Choice = "",
    niveau: Choice = "",
    toestemming: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    form = {"email": email, "regio": regio, "diploma": diploma, "niveau": niveau}
    try:
        alerts.subscribe(
            container.unit_of_work(write=True),
            email,
            checked_criteria(regio, diploma, niveau),
            consent=toestemming == "ja",
            base_url=base_url(request),
            client=client(request),
            settings=container.settings,
        )
    except InvalidInput as exc:
        context = _context(form=form, errors=by_field(exc), error=exc.message)
        return page(request, "jobmeldingen.html", context, 422)
    except TooFast as exc:
        response = page(request, "jobmeldingen.html", _context(form=form, error=exc.message), 429)
        response.headers["Retry-After"] = str(exc.retry_after_s)
        return response
    return page(request, "jobmeldingen_bericht.html", {"done": "ingeschreven"})


@router.get("/jobmeldingen/bevestigen/{token}")
def confirm_page(request: Request, token: Token) -> Response:
    return page(request, "jobmeldingen_link.html", {"step": "bevestigen", "token": token})


@router.post("/jobmeldingen/bevestigen/{token}")
def confirm(request: Request, container: ContainerDep, token: Token) -> Response:
    criteria = alerts.confirm(container.unit_of_work(write=True), token)
    context = {"done": "bevestigd", "criteria": criteria.describe()}
    return page(request, "jobmeldingen_bericht.html", context)


@router.get("/jobmeldingen/uitschrijven/{token}")
def unsubscribe_page(request: Request, container: ContainerDep, token: Token) -> Response:
    criteria = alerts.unsubscription(container.unit_of_work(), token)
    context = {"step": "uitschrijven", "token": token, "criteria": criteria.describe()}
    return page(request, "jobmeldingen_link.html", context)


@router.post("/jobmeldingen/uitschrijven/{token}")
def unsubscribe(request: Request, container: ContainerDep, token: Token) -> Response:
    criteria = alerts.unsubscribe(container.unit_of_work(write=True), token)
    context = {"done": "uitgeschreven", "criteria": criteria.describe()}
    return page(request, "jobmeldingen_bericht.html", context)

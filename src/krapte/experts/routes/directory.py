"""The public expert directory: search, a profile with its relay form, opting in, withdrawing."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

from krapte.errors import InvalidInput
from krapte.experts import service
from krapte.experts.core.choices import LANGUAGES, REGIONS, expertise
from krapte.experts.core.profile import (
    CONSENT_TEXT,
    MAX_AVAILABILITY,
    MAX_EMAIL,
    MAX_NAME,
    MAX_SUMMARY,
    STATUS_LABELS,
    ProfileDraft,
    Search,
)
from krapte.experts.routes.common import (
    ExpertId,
    Token,
    base_url,
    by_field,
    client,
    page,
    see_other,
)
from krapte.experts.throttle import TooFast
from krapte.web.deps import ActorDep, ContainerDep

router = APIRouter(include_in_schema=False)

Text = Annotated[str, Query(max_length=100)]
Choice = Annotated[str, Query(max_length=60)]


def _choices() -> dict[str, Any]:
    return {"fields": expertise(), "regions": REGIONS, "languages": LANGUAGES}


@router.get("/experten")
def directory(
    request: Request,
    container: ContainerDep,
    q: Text = "",
    expertise_: Annotated[str, Query(alias="expertise", max_length=60)] = "",
    regio: Choice = "",
    taal: Choice = "",
    pagina: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    wanted = Search(text=q.strip(), field=expertise_, region=regio, language=taal)
    found = service.search(container.unit_of_work(), wanted, pagina)
    filters = {"q": wanted.text, "expertise": expertise_, "regio": regio, "taal": taal}
    return page(request, "experten.html", {"found": found, "filters": filters, **_choices()})


@router.get("/experten/aanmelden")
def opt_in_page(request: Request, container: ContainerDep) -> Response:
    container.unit_of_work()  # before `krapte init`: 503
    return page(request, "experten_aanmelden.html", _opt_in_context())


def _opt_in_context(**extra: Any) -> dict[str, Any]:
    return {"consent_text": CONSENT_TEXT, "form": {}, "errors": {}, **_choices(), **extra}


@router.post("/experten/aanmelden")
def opt_in(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    naam: Annotated[str, Form(max_length=MAX_NAME * 2)] = "",
    email: Annotated[str, Form(max_length=MAX_EMAIL)] = "",
    expertise_: Annotated[list[str], Form(alias="expertise", max_length=20)] = [],  # noqa: B006
    regio: Annotated[str, Form(max_length=60)] = "",
    talen: Annotated[list[str], Form(max_length=20)] = [],  # noqa: B006
    beschikbaarheid: Annotated[str, Form(max_length=MAX_AVAILABILITY * 2)] = "",
    voorstelling: Annotated[str, Form(max_length=MAX_SUMMARY * 2)] = "",
    toestemming: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    draft = ProfileDraft(
        naam,
        email,
        tuple(expertise_),
        regio,
        tuple(talen),
        beschikbaarheid,
        voorstelling,
        toestemming == "ja",
    )
    form = {
        "naam": naam,
        "email": email,
        "expertise": expertise_,
        "regio": regio,
        "talen": talen,
        "beschikbaarheid": beschikbaarheid,
        "voorstelling": voorstelling,
    }
    try:
        service.opt_in(
            container.unit_of_work(write=True),
            actor,
            draft,
            base_url=base_url(request),
            client=client(request),
            settings=container.settings,
        )
    except InvalidInput as exc:
        context = _opt_in_context(form=form, errors=by_field(exc), error=exc.message)
        return page(request, "experten_aanmelden.html", context, 422)
    except TooFast as exc:
        context = _opt_in_context(form=form, error=exc.message)
        response = page(request, "experten_aanmelden.html", context, 429)
        response.headers["Retry-After"] = str(exc.retry_after_s)
        return response
    return page(request, "experten_bericht.html", {"done": "aangemeld"})


@router.get("/experten/bevestigen/{token}")
def confirm_page(request: Request, token: Token) -> Response:
    return page(request, "experten_link.html", {"step": "bevestigen", "token": token})


@router.post("/experten/bevestigen/{token}")
def confirm(request: Request, container: ContainerDep, token: Token) -> Response:
    service.confirm(container.unit_of_work(write=True), token)
    return page(request, "experten_bericht.html", {"done": "bevestigd"})


@router.get("/experten/intrekken/{token}")
def withdraw_page(request: Request, container: ContainerDep, token: Token) -> Response:
    found = service.withdrawal(container.unit_of_work(), token)
    context = {"step": "intrekken", "token": token, "expert": found}
    return page(request, "experten_link.html", context)


@router.post("/experten/intrekken/{token}")
def withdraw(request: Request, container: ContainerDep, token: Token) -> Response:
    service.withdraw(container.unit_of_work(write=True), token)
    return page(request, "experten_bericht.html", {"done": "ingetrokken"})


@router.get("/experten/mijn-profiel")
def own_profile(request: Request, container: ContainerDep, actor: ActorDep) -> Response:
    found = service.own_profiles(container.unit_of_work(), actor)
    context = {"profiles": found, "status_labels": STATUS_LABELS}
    return page(request, "experten_mijn_profiel.html", context)


@router.post("/experten/mijn-profiel/{expert_id}/intrekken")
def withdraw_own(container: ContainerDep, actor: ActorDep, expert_id: ExpertId) -> Response:
    service.withdraw_own(container.unit_of_work(write=True), actor, expert_id)
    return see_other("/experten/mijn-profiel")


@router.get("/experten/{expert_id}")
def profile_page(request: Request, container: ContainerDep, expert_id: ExpertId) -> Response:
    found = service.public_profile(container.unit_of_work(), expert_id)
    return page(request, "expert.html", {"expert": found, "form": {}, "errors": {}})


@router.post("/experten/{expert_id}/contact")
def contact(
    request: Request,
    container: ContainerDep,
    expert_id: ExpertId,
    naam: Annotated[str, Form(max_length=MAX_NAME * 2)] = "",
    email: Annotated[str, Form(max_length=MAX_EMAIL)] = "",
    bericht: Annotated[str, Form(max_length=service.MAX_MESSAGE * 2)] = "",
) -> Response:
    found = service.public_profile(container.unit_of_work(), expert_id)
    form = {"naam": naam, "email": email, "bericht": bericht}
    context: dict[str, Any] = {"expert": found, "form": form, "errors": {}}
    try:
        service.contact(
            container.unit_of_work(write=True),
            expert_id,
            sender_name=naam,
            sender_email=email,
            message=bericht,
            client=client(request),
            settings=container.settings,
        )
    except InvalidInput as exc:
        context.update(errors=by_field(exc), error=exc.message)
        return page(request, "expert.html", context, 422)
    except TooFast as exc:
        response = page(request, "expert.html", {**context, "error": exc.message}, 429)
        response.headers["Retry-After"] = str(exc.retry_after_s)
        return response
    return page(request, "expert.html", {"expert": found, "form": {}, "errors": {}, "sent": True})

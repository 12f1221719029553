"""Signing in and out, invitations, the own account page and `/api/v1/account`.

Routes parse the form, call :mod:`krapte.accounts.service` and render; the CSRF check runs for
every form before the route (:mod:`krapte.web.csrf`). The session cookie is HttpOnly,
SameSite=Lax, Secure over HTTPS, and a new one is made at every sign-in.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from krapte.accounts import service
from krapte.accounts.core.permissions import ROLE_LABELS
from krapte.accounts.core.records import MAX_EMAIL, MAX_NAME, MAX_PASSWORD, MAX_TOKEN_NAME, User
from krapte.errors import InvalidInput
from krapte.web.csrf import COOKIE as CSRF_COOKIE
from krapte.web.deps import API_AUTH, SESSION_COOKIE, ActorDep, ContainerDep, signed_in
from krapte.web.errors import local_path
from krapte.web.i18n import _
from krapte.web.templating import render

router = APIRouter()

Text = Annotated[str, Form(max_length=MAX_EMAIL)]
Password = Annotated[str, Form(max_length=MAX_PASSWORD)]
NextPath = Annotated[str, Form(max_length=2000)]
TOKEN = Annotated[str, Path(max_length=200)]
AFTER_SIGN_IN = "/account"


def _client(request: Request) -> str:
    return request.client.host if request.client else "onbekend"


def _sign_in(request: Request, container: Any, user: User, target: str) -> Response:
    """A new session (the old one, if any, ends), its cookie, and on to ``target``."""
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        service.revoke_session(container.unit_of_work(write=True), old)
    made = service.create_session(container.unit_of_work(write=True), user)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        made.token,
        max_age=int(container.settings.session_ttl_h * 3600),
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


@router.get("/aanmelden", include_in_schema=False)
def sign_in_page(
    request: Request, container: ContainerDep, volgende: str = Query("", max_length=2000)
) -> Response:
    container.unit_of_work()  # before `krapte init`: 503, and no CSRF key is made
    target = local_path(volgende, AFTER_SIGN_IN)
    if signed_in(request).actor.authenticated:
        return RedirectResponse(target, status_code=303)
    return render(request, "aanmelden.html", {"volgende": target, "email": ""})


@router.post("/aanmelden", include_in_schema=False)
def sign_in(
    request: Request,
    container: ContainerDep,
    email: Text,
    wachtwoord: Password,
    volgende: NextPath = "",
) -> Response:
    target = local_path(volgende, AFTER_SIGN_IN)
    context: dict[str, Any] = {"volgende": target, "email": email[:MAX_EMAIL]}
    try:
        user = service.authenticate(
            container.unit_of_work(write=True), email, wachtwoord, _client(request)
        )
    except service.TooManyAttempts as exc:
        response = render(request, "aanmelden.html", {**context, "error": exc.message}, 429)
        response.headers["retry-after"] = str(exc.retry_after_s)
        return response
    except InvalidInput as exc:
        return render(request, "aanmelden.html", {**context, "error": exc.message}, 422)
    return _sign_in(request, container, user, target)


@router.post("/afmelden", include_in_schema=False)
def sign_out(request: Request, container: ContainerDep) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        service.revoke_session(container.unit_of_work(write=True), token)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/uitnodiging/{token}", include_in_schema=False)
def invitation_page(request: Request, container: ContainerDep, token: TOKEN) -> Response:
    pending = service.invitation(container.unit_of_work(), token)
    return render(request, "uitnodiging.html", _invitation_context(pending, token))


def _invitation_context(pending: Any, token: str, **extra: object) -> dict[str, Any]:
    return {
        "invitation": pending,
        "role_label": ROLE_LABELS[pending.role],
        "token": token,
        "name": "",
        **extra,
    }


@router.post("/uitnodiging/{token}", include_in_schema=False)
def accept_invitation(
    request: Request,
    container: ContainerDep,
    token: TOKEN,
    naam: Annotated[str, Form(max_length=MAX_NAME)],
    wachtwoord: Password,
    herhaling: Password,
) -> Response:
    try:
        user = service.accept_invitation(
            container.unit_of_work(write=True), token, naam, wachtwoord, herhaling
        )
    except InvalidInput as exc:
        pending = service.invitation(container.unit_of_work(), token)
        context = _invitation_context(pending, token, error=exc.message, name=naam)
        return render(request, "uitnodiging.html", context, 422)
    return _sign_in(request, container, user, AFTER_SIGN_IN)


def _account_page(
    request: Request, container: Any, actor: Any, status: int = 200, **extra: object
) -> Response:
    user = service.own_account(container.unit_of_work(), actor)
    tokens = service.list_api_tokens(container.unit_of_work(), actor)
    memberships = [{"role": ROLE_LABELS[m.role], "scope": m.scope} for m in user.memberships]
    context = {"user": user, "memberships": memberships, "tokens": tokens, **extra}
    return render(request, "account.html", context, status)


#: ``/account?gedaan=...`` after a password change (the redirect that brings the new session).
PASSWORD_CHANGED = "wachtwoord"


@router.get("/account", include_in_schema=False)
def account_page(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    gedaan: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    if gedaan == PASSWORD_CHANGED:
        return _account_page(request, container, actor, notice=_("Je wachtwoord is gewijzigd."))
    return _account_page(request, container, actor)


@router.post("/account/wachtwoord", include_in_schema=False)
def change_password(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    huidig: Password,
    nieuw: Password,
    herhaling: Password,
) -> Response:
    try:
        user = service.change_password(
            container.unit_of_work(write=True), actor, huidig, nieuw, herhaling
        )
    except InvalidInput as exc:
        return _account_page(request, container, actor, 422, password_error=exc.message)
    # Every session ended with the old password; this browser gets a new one.
    return _sign_in(request, container, user, f"/account?gedaan={PASSWORD_CHANGED}")


@router.post("/account/sleutels", include_in_schema=False)
def create_token(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    naam: Annotated[str, Form(max_length=MAX_TOKEN_NAME)],
) -> Response:
    try:
        made = service.create_api_token(container.unit_of_work(write=True), actor, naam)
    except InvalidInput as exc:
        return _account_page(request, container, actor, 422, token_error=exc.message)
    return _account_page(request, container, actor, new_token=made)


@router.post("/account/sleutels/{token_id}/intrekken", include_in_schema=False)
def revoke_token(
    container: ContainerDep, actor: ActorDep, token_id: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> Response:
    service.revoke_api_token(container.unit_of_work(write=True), actor, token_id)
    return RedirectResponse("/account", status_code=303)


# --- API ------------------------------------------------------------------------------------


class MembershipOut(BaseModel):
    role: str = Field(description="Rol (Engelse sleutel), bv. school_coordinator.")
    scope: str = Field(description="School of organisatie waarvoor de rol geldt; leeg als geen.")


class AccountOut(BaseModel):
    email: str
    name: str
    roles: list[str] = Field(description="Rollen (Engelse sleutels).")
    schools: list[str] = Field(description="Scholen waarvoor de gebruiker stagecoördinator is.")
    organisations: list[str] = Field(description="Organisaties waarvoor de gebruiker werkt.")
    memberships: list[MembershipOut]


@router.get(
    "/api/v1/account",
    tags=["account"],
    summary="Wie ben ik: je account, rollen, scholen en organisaties",
    description="Vraagt een API-sleutel (`Authorization: Bearer ...`) of een sessie.",
    responses={401: {"description": "Niet aangemeld of ongeldige sleutel."}},
    dependencies=[API_AUTH],
)
def api_account(container: ContainerDep, actor: ActorDep) -> AccountOut:
    user = service.own_account(container.unit_of_work(), actor)
    found = user.actor()
    return AccountOut(
        email=user.email,
        name=user.name,
        roles=sorted(str(r) for r in user.roles),
        schools=sorted(found.schools),
        organisations=sorted(found.organisations),
        memberships=[MembershipOut(role=str(m.role), scope=m.scope) for m in user.memberships],
    )

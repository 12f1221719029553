"""Request-scoped dependencies: the container, a unit of work, and who is asking (the actor).

``ActorDep`` gives the :class:`Actor` of the request: the user of the session cookie, or of an
``Authorization: Bearer`` API token, or :data:`ANONYMOUS`. Routes pass it to the services, which
ask the permission function; routes never check roles themselves. The store is read only when
the request carries a session cookie or a token, so public pages cost nothing extra.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import HTTPBearer

from krapte.accounts.core.permissions import ANONYMOUS, Actor
from krapte.accounts.core.records import SignedIn
from krapte.bootstrap import Container
from krapte.db.uow import UnitOfWork

SESSION_COOKIE = "krapte_sessie"
NOBODY = SignedIn(ANONYMOUS)


def get_container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


async def _container(request: Request) -> Container:
    """The container as a dependency: no blocking work, so FastAPI need not hand it to a
    worker thread (every thread hop costs a personal request a fraction of a millisecond)."""
    return get_container(request)


def get_unit_of_work(request: Request) -> UnitOfWork:
    """A read unit of work on the store (NotInitialised, shown as 503, before `krapte init`)."""
    return get_container(request).unit_of_work()


def bearer_token(request: Request) -> str | None:
    """The API token of an ``Authorization: Bearer`` header (None without one)."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


def signed_in(request: Request) -> SignedIn:
    """The actor of this request and its session's CSRF secret; worked out once per request."""
    cached = getattr(request.state, "signed_in", None)
    if isinstance(cached, SignedIn):
        return cached
    from krapte.accounts import service

    found = NOBODY
    token = bearer_token(request)
    if token is not None:
        actor = service.resolve_api_token(get_container(request).unit_of_work(write=True), token)
        found = SignedIn(actor) if actor is not None else NOBODY
    elif cookie := request.cookies.get(SESSION_COOKIE):
        session = service.resolve_session(get_container(request).unit_of_work(write=True), cookie)
        found = session or NOBODY
    request.state.signed_in = found
    return found


def current_actor(request: Request) -> Actor:
    """Who asks: a session's or API token's user, or :data:`ANONYMOUS`."""
    return signed_in(request).actor


ContainerDep = Annotated[Container, Depends(_container)]
UnitOfWorkDep = Annotated[UnitOfWork, Depends(get_unit_of_work)]
ActorDep = Annotated[Actor, Depends(current_actor)]

#: Put on an API router or route (``dependencies=[API_AUTH]``) so that the OpenAPI document
#: shows it takes an API token (``Authorization: Bearer``); the actor comes from ``ActorDep``.
API_AUTH = Security(
    HTTPBearer(
        auto_error=False,
        scheme_name="api_token",
        description="Een persoonlijke API-sleutel (te maken op de pagina /account).",
    )
)

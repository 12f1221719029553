"""Request-scoped dependencies: the container and a unit of work per request."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from krapte.bootstrap import Container
from krapte.db.uow import UnitOfWork


def get_container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


def get_unit_of_work(request: Request) -> UnitOfWork:
    """A read unit of work on the store (NotInitialised, shown as 503, before `krapte init`)."""
    return get_container(request).unit_of_work()


ContainerDep = Annotated[Container, Depends(get_container)]
UnitOfWorkDep = Annotated[UnitOfWork, Depends(get_unit_of_work)]

"""Request-scoped dependencies: one database session per request (``SessionDep``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from krapte.bootstrap import Container


def get_container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


def get_session(request: Request) -> Iterator[Session]:
    with get_container(request).session_factory() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]

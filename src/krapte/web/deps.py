"""Request-scoped dependencies: one database session per request (``SessionDep``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session

from krapte.bootstrap import Container
from krapte.db.migrate import store_state


def get_container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


def get_session(request: Request) -> Iterator[Session]:
    """A session for this request, once the store is known to be built (`krapte init`)."""
    container = get_container(request)
    if not getattr(request.app.state, "store_ready", False):
        problem = store_state(container.engine)
        if problem is not None:
            raise HTTPException(status_code=503, detail=problem[0].upper() + problem[1:] + ".")
        request.app.state.store_ready = True
    with container.session_factory() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]

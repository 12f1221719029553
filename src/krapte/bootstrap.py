"""Composition root: wires settings, engine and session factory (Cosmic Python's bootstrap)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from krapte.db.engine import make_engine, make_session_factory
from krapte.settings import Settings, get_settings


@dataclass(frozen=True)
class Container:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]


def bootstrap(settings: Settings | None = None) -> Container:
    settings = settings or get_settings()
    engine = make_engine(settings)
    return Container(settings=settings, engine=engine, session_factory=make_session_factory(engine))

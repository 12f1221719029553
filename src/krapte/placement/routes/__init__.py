"""The placement round's pages and API: one module per role, gathered in one router.

Routes only parse the request, take the actor (:data:`krapte.web.deps.ActorDep`), call a round
service (which asks the permission function and the calendar) and render.
"""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
# One line per role's router, in the order of the URL plan (see docs/placement.md).
from krapte.placement.routes.people import router as _school_and_students  # noqa: E402

router.include_router(_school_and_students)

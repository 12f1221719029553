"""The placement round's pages and API: one module per role, gathered in one router.

Routes only parse the request, take the actor (:data:`krapte.web.deps.ActorDep`), call a round
service (which asks the permission function and the calendar) and render.
"""

from __future__ import annotations

from importlib import import_module

from fastapi import APIRouter

router = APIRouter()
# One line per role's router, in the order of the URL plan (see docs/placement.md).
router.include_router(import_module("krapte.placement.routes.home").router)
router.include_router(import_module("krapte.placement.routes.admin").router)
router.include_router(import_module("krapte.placement.routes.admin_api").router)
router.include_router(import_module("krapte.placement.routes.organisation").router)
router.include_router(import_module("krapte.placement.routes.people").router)

"""Job fairs on the site: the public pages under /jobbeurzen, the organiser's pages and the API."""

from __future__ import annotations

from importlib import import_module

from fastapi import APIRouter

router = APIRouter()
router.include_router(import_module("krapte.fairs.routes.pages").router)
router.include_router(import_module("krapte.fairs.routes.api").router)

"""The expert directory's and job alerts' pages and API, gathered in one router.

Every answer about an expert is ``Cache-Control: no-store`` (never kept by the site's answer
cache, a browser or a proxy), so a withdrawn profile is gone from every page and API at once.
"""

from __future__ import annotations

from importlib import import_module

from fastapi import APIRouter

router = APIRouter()
# The administrator's /experten/beheer before the directory's /experten/{expert_id}.
router.include_router(import_module("krapte.experts.routes.manage").router)
router.include_router(import_module("krapte.experts.routes.directory").router)
router.include_router(import_module("krapte.experts.routes.alerts").router)
router.include_router(import_module("krapte.experts.routes.api").router)

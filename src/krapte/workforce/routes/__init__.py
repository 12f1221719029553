"""The workforce monitor's pages and JSON API (see :mod:`.pages` and :mod:`.api`)."""

from fastapi import APIRouter

from krapte.workforce.routes import api, pages

router = APIRouter()
router.include_router(api.router)
router.include_router(api.public_router)
router.include_router(pages.router)

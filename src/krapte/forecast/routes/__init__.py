"""The forecast on the site: its pages (`/prognose`) and its API (`/api/v1/forecast`)."""

from fastapi import APIRouter

from krapte.forecast.routes import api, pages

router = APIRouter()
router.include_router(pages.router)
router.include_router(api.router)

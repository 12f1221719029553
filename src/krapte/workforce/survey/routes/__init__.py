"""The pulse survey on the web: the organisation's pages, the public form and the JSON API."""

from fastapi import APIRouter

from krapte.workforce.survey.routes import api, pages, public

router = APIRouter()
router.include_router(pages.router)
router.include_router(public.router)
router.include_router(api.router)

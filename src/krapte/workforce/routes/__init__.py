"""The workforce monitor's pages and JSON API (see :mod:`.pages` and :mod:`.api`), and the
pulse survey's (:mod:`krapte.workforce.survey.routes`)."""

from fastapi import APIRouter

from krapte.workforce.routes import api, entry, pages
from krapte.workforce.survey.routes import router as survey_router

router = APIRouter()
# The survey first: its fixed paths (/werkkracht/bevraging) win over /werkkracht/{name}.
router.include_router(survey_router)
router.include_router(api.router)
router.include_router(api.public_router)
router.include_router(entry.api_router)
router.include_router(entry.router)
router.include_router(pages.router)

"""Vacancy pages and API: public search and detail, organisation account, JSON API."""

from __future__ import annotations

from fastapi import APIRouter

from krapte.vacancies.routes.api import account_router
from krapte.vacancies.routes.api import router as api
from krapte.vacancies.routes.organisation import router as organisation
from krapte.vacancies.routes.public import router as public

router = APIRouter()
router.include_router(organisation)
router.include_router(public)
router.include_router(api)
router.include_router(account_router)

"""The school's and the students' pages and API in one router (for the routes package)."""

from __future__ import annotations

from fastapi import APIRouter

from krapte.placement.routes import school, student

router = APIRouter()
for part in (school.router, school.api, student.router, student.api):
    router.include_router(part)

"""The action plan on the website: public pages, editing forms, the JSON API and the Atom feed.

Routes parse the request, take the actor (:data:`krapte.web.deps.ActorDep`), call
:mod:`krapte.actionplan.service` or :mod:`krapte.actionplan.views` (which ask the permission
function) and render.
"""

from __future__ import annotations

from importlib import import_module

from fastapi import APIRouter

router = APIRouter()
for _module in ("pages", "editing", "api", "feed"):
    router.include_router(import_module(f"krapte.actionplan.routes.{_module}").router)

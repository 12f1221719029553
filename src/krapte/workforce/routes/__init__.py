"""The workforce monitor's pages and JSON API (see :mod:`.pages` and :mod:`.api`)."""

from fastapi import APIRouter

router = APIRouter()

"""Jinja2 templates with the Dutch number filter."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

from krapte.formatting import number, unit_label

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.filters["getal"] = number
templates.env.filters["eenheid"] = unit_label

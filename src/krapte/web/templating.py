"""Jinja2 templates: the shared layout and every capability's own folder, with Dutch filters."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

from krapte.capabilities import capabilities
from krapte.capability import resolve
from krapte.formatting import number, unit_label


def _folders() -> list[Path]:
    folders = [Path(__file__).parent / "templates"]
    for capability in capabilities():
        if capability.templates is not None:
            package = resolve(capability.templates)
            folders.append(Path(package.__file__).parent / "templates")
    return folders


templates = Jinja2Templates(directory=_folders())
templates.env.filters["getal"] = number
templates.env.filters["eenheid"] = unit_label

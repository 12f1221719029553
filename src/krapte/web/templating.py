"""Jinja2 templates: the shared layout and every capability's own folder, with the message
catalogue (``{% trans %}``, ``_()``) and Flemish filters (``getal``, ``procent``, ``datum``).

Routes render with :func:`render`, which adds what the layout needs (navigation, data version).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from starlette.responses import HTMLResponse

from krapte.accounts.core.permissions import ANONYMOUS
from krapte.capabilities import capabilities
from krapte.capability import resolve
from krapte.errors import KrapteError
from krapte.formatting import long_date, number, percent, unit_label
from krapte.web.assets import asset
from krapte.web.csrf import LazyToken, set_cookie_if_new
from krapte.web.deps import signed_in
from krapte.web.i18n import translations
from krapte.web.site import FOOTER_LINKS, NAVIGATION, data_version


def _folders() -> list[Path]:
    folders = [Path(__file__).parent / "templates"]
    for capability in capabilities():
        if capability.templates is not None:
            package = resolve(capability.templates)
            folders.append(Path(package.__file__).parent / "templates")
    return folders


environment = Environment(
    loader=ChoiceLoader([FileSystemLoader(folder) for folder in _folders()]),
    autoescape=True,
    extensions=["jinja2.ext.i18n"],
)
environment.install_gettext_translations(translations(), newstyle=True)  # type: ignore[attr-defined]
templates = Jinja2Templates(env=environment)
templates.env.filters["getal"] = number
templates.env.filters["procent"] = percent
templates.env.filters["datum"] = long_date
templates.env.filters["eenheid"] = unit_label
templates.env.globals["navigation"] = NAVIGATION
templates.env.globals["footer_links"] = FOOTER_LINKS
templates.env.globals["asset"] = asset


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """A page of the site: the template with the navigation, the data version of the footer,
    the signed-in ``actor`` and the ``csrf_token`` of its forms."""
    try:
        version = data_version(request.app.state.container)
    except KrapteError:  # the store is not built: the page still renders, without a version
        version = None
    try:
        actor = signed_in(request).actor
    except KrapteError:  # the store is not built: nobody is signed in
        actor = ANONYMOUS
    base = {"data_version": version, "actor": actor, "csrf_token": LazyToken(request)}
    response: HTMLResponse = templates.TemplateResponse(
        request, name, {**base, **(context or {})}, status_code=status_code
    )
    set_cookie_if_new(request, response)
    return response

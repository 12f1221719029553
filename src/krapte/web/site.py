"""What every page of the site shares: the navigation and the data version in the footer.

The data version (how many releases, the newest one) is read at most once a second per process:
it is the key under which pages and forecasts cache their results, so a new import shows on every
page within a second without a query per request for each cached part.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Final

from krapte.bootstrap import Container
from krapte.datahub import service as datahub
from krapte.datahub.core.records import DataVersion
from krapte.web.i18n import N_


@dataclass(frozen=True, slots=True)
class NavItem:
    key: str
    label: str
    path: str


#: The site's sections, in the order of the navigation bar.
NAVIGATION: Final = (
    NavItem("dashboard", N_("Dashboard"), "/"),
    NavItem("cijfers", N_("Cijfers"), "/cijfers"),
    NavItem("prognose", N_("Prognose"), "/prognose"),
    NavItem("controles", N_("Controles"), "/controles"),
    NavItem("beweringen", N_("Beweringen"), "/beweringen"),
    NavItem("actieplan", N_("Actieplan"), "/actieplan"),
    NavItem("werkkracht", N_("Werkkracht"), "/werkkracht/sector"),
    NavItem("vacatures", N_("Vacatures"), "/vacatures"),
    NavItem("jobbeurzen", N_("Jobbeurzen"), "/jobbeurzen"),
    NavItem("experten", N_("Experten"), "/experten"),
    NavItem("over", N_("Over de data"), "/over"),
    NavItem("api", N_("API"), "/api"),
)

#: The footer's links: what the data is, the API and where the report's figures come from.
FOOTER_LINKS: Final = (
    NavItem("over", N_("Over de data"), "/over"),
    NavItem("api", N_("API"), "/api"),
    NavItem("openapi", N_("OpenAPI-document"), "/api/v1/openapi.json"),
    # The "over" page has a section with the report's full reference (id "rapport").
    NavItem("rapport", N_("Het bronrapport"), "/over#rapport"),
)

#: Seconds a read data version stays valid.
VERSION_TTL: Final = 1.0

_lock = threading.Lock()
_versions: dict[int, tuple[float, DataVersion]] = {}


def data_version(container: Container) -> DataVersion:
    """The store's data version, read at most once per :data:`VERSION_TTL` per container."""
    now = time.monotonic()
    with _lock:
        cached = _versions.get(id(container))
    if cached is not None and now - cached[0] < VERSION_TTL:
        return cached[1]
    version = datahub.data_version(container.unit_of_work())
    with _lock:
        _versions[id(container)] = (now, version)
    return version


def forget_versions() -> None:
    """Drop the cached versions (tests that import and read within one second)."""
    with _lock:
        _versions.clear()

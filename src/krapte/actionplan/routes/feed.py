"""The Atom feed of the action plan's status changes (an action recorded, a new status, a
reopening), newest first, so the sector can follow the plan without signing in (feedgen)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Final

from fastapi import APIRouter, Query, Request
from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]
from starlette.responses import Response

from krapte.actionplan import views
from krapte.actionplan.core.followup import STATUS_LABELS
from krapte.actionplan.routes.shared import FEED, fresh
from krapte.web.deps import ContainerDep
from krapte.web.i18n import _

router = APIRouter()

#: Entries in the feed (the newest status changes).
ENTRIES: Final = 50
MEDIA_TYPE: Final = "application/atom+xml"


def _summary(view: views.EventView) -> str:
    event = view.event
    parts = [event.label]
    if event.status_to is not None:
        parts.append(STATUS_LABELS[event.status_to])
    text = ": ".join(parts)
    if event.acting_as:
        text += f" ({event.acting_as})"
    if event.note:
        text += f". {event.note}"
    return text


def atom(base: str, entries: list[views.EventView]) -> bytes:
    """The feed's XML; ``base`` is the site's address without a trailing slash."""
    generator = FeedGenerator()
    generator.id(base + FEED)
    generator.title(_("Actieplan tegen de krapte: statuswijzigingen"))
    generator.subtitle(_("Nieuwe acties en statuswijzigingen bij de 60 aanbevelingen."))
    generator.language("nl-BE")
    generator.link(href=base + FEED, rel="self", type=MEDIA_TYPE)
    generator.link(href=base + "/actieplan", rel="alternate", type="text/html")
    generator.author({"name": "krapte"})
    newest = entries[0].event.at if entries else datetime(2025, 1, 1, tzinfo=UTC)
    generator.updated(newest)
    for view in reversed(entries):  # feedgen puts the last added entry first
        event = view.event
        entry = generator.add_entry()
        entry.id(f"{base}/actieplan/gebeurtenissen/{event.id}")
        entry.title(f"{view.reference} {view.title}: {_summary(view)}"[:300])
        entry.link(href=f"{base}/actieplan/aanbevelingen/{event.recommendation}", rel="alternate")
        entry.updated(event.at)
        entry.published(event.at)
        entry.summary(_summary(view))
    result: bytes = generator.atom_str(pretty=True)
    return result


@router.get("/actieplan/feed.xml", include_in_schema=False)
def feed(
    request: Request,
    container: ContainerDep,
    limit: Annotated[int, Query(ge=1, le=views.MAX_EVENTS)] = ENTRIES,
) -> Response:
    entries = views.latest_events(container.unit_of_work(), limit, status_only=True)
    base = str(request.base_url).rstrip("/")
    return fresh(Response(atom(base, entries), media_type=MEDIA_TYPE))

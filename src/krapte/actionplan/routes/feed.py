"""The Atom feed of the action plan's status changes (an action recorded, a new status, a
reopening), newest first, so the sector can follow the plan without signing in (feedgen)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Final

from fastapi import APIRouter, Depends, Query
from feedgen.feed import FeedGenerator
from starlette.responses import Response

from krapte.actionplan import views
from krapte.actionplan.core.followup import STATUS_LABELS
from krapte.actionplan.routes.shared import FEED, fresh, ready
from krapte.web.deps import ContainerDep
from krapte.web.i18n import _

router = APIRouter(dependencies=[Depends(ready)])

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


#: Ids that do not depend on the address the site is reached at (RFC 4151 tag URIs).
TAG: Final = "tag:krapte.be,2025:actieplan"


def atom(entries: list[views.EventView]) -> bytes:
    """The feed's XML. Links are relative to the feed's own address (a request's Host header
    never ends up in the feed)."""
    generator = FeedGenerator()
    generator.id(TAG)
    generator.title(_("Actieplan tegen de krapte: statuswijzigingen"))
    generator.subtitle(_("Nieuwe acties en statuswijzigingen bij de 60 aanbevelingen."))
    generator.language("nl-BE")
    generator.link(href=FEED, rel="self", type=MEDIA_TYPE)
    generator.link(href="/actieplan", rel="alternate", type="text/html")
    generator.author({"name": "krapte"})
    newest = entries[0].event.at if entries else datetime(2025, 1, 1, tzinfo=UTC)
    generator.updated(newest)
    for view in reversed(entries):  # feedgen puts the last added entry first
        event = view.event
        entry = generator.add_entry()
        entry.id(f"{TAG}:gebeurtenis:{event.id}")
        entry.title(f"{view.reference} {view.title}: {_summary(view)}"[:300])
        entry.link(href=f"/actieplan/aanbevelingen/{event.recommendation}", rel="alternate")
        entry.updated(event.at)
        entry.published(event.at)
        entry.summary(_summary(view))
    result: bytes = generator.atom_str(pretty=True)
    return result


@router.get("/actieplan/feed.xml", include_in_schema=False)
def feed(
    container: ContainerDep,
    limit: Annotated[int, Query(ge=1, le=views.MAX_EVENTS)] = ENTRIES,
) -> Response:
    entries = views.latest_events(container.unit_of_work(), limit, status_only=True)
    return fresh(Response(atom(entries), media_type=MEDIA_TYPE))

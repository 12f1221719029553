"""The Atom feed of status changes: valid XML, newest first, each entry linking to its page."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from actionplan.routes.plan_builders import Site, add_action, build_site
from krapte.accounts.core.permissions import SYSTEM
from krapte.actionplan import service
from krapte.actionplan.core.followup import Change, Status
from krapte.bootstrap import Container

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def site(container: Container) -> Site:
    return build_site(container)


def _entries(site: Site) -> list[ET.Element]:
    answer = site.client().get("/actieplan/feed.xml")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(answer.content)
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}title")
    assert root.findtext(f"{ATOM}updated")
    return root.findall(f"{ATOM}entry")


def test_the_feed_lists_status_changes_newest_first_with_links(site: Site) -> None:
    uow = site.container.unit_of_work
    service.change_action(uow(write=True), SYSTEM, 36, 1, Change(note="Alleen een notitie."))
    service.change_action(uow(write=True), SYSTEM, 36, 1, Change(status=Status.UNDER_WAY))
    add_action(site.container, 13, "Graduaat als knelpuntopleiding")
    entries = _entries(site)
    titles = [entry.findtext(f"{ATOM}title") or "" for entry in entries]
    assert len(entries) == 3  # the progress note is not a status change
    assert titles[0].startswith("13.1 Graduaat als knelpuntopleiding")
    assert titles[1].startswith("36.1 Gedeeld stagekader")
    assert "lopend" in titles[1]
    assert "vastgelegd" in titles[2]
    link = entries[1].find(f"{ATOM}link")
    assert link is not None
    assert link.get("href", "").endswith("/actieplan/aanbevelingen/36")
    assert all(entry.findtext(f"{ATOM}id") for entry in entries)
    assert len({entry.findtext(f"{ATOM}id") for entry in entries}) == 3


def test_an_empty_plan_has_a_valid_feed_without_entries(container: Container) -> None:
    assert _entries(build_site(container, with_action=False)) == []

"""Editing actions in the browser: who may (the permission function, in the service), what is
refused (with a Dutch message beside the field, typed values kept), and that a refusal writes
nothing."""

from __future__ import annotations

import pytest

from accounts.builders import post_form
from actionplan.routes.plan_builders import (
    ADMIN,
    ANALYST,
    OTHER,
    OTHER_USER,
    OWNER,
    OWNER_USER,
    Site,
    build_site,
    plan_tables,
)
from krapte.accounts.core.permissions import SYSTEM
from krapte.actionplan import service
from krapte.actionplan.core.followup import Change, EventKind, Status
from krapte.bootstrap import Container

NEW = "/actieplan/aanbevelingen/36/acties/nieuw"
EDIT = "/actieplan/aanbevelingen/36/acties/1"


@pytest.fixture
def site(container: Container) -> Site:
    return build_site(container)


def _form(**changes: str | list[str]) -> dict[str, str | list[str]]:
    """The change form as the page fills it for action 36.1, with ``changes``."""
    values: dict[str, str | list[str]] = {
        "title": "Gedeeld stagekader",
        "owner": OWNER,
        "contact_role": "stagecoördinator",
        "start_date": "2026-02-01",
        "due_date": "2027-06-30",
        "status": "not_started",
    }
    return {**values, **changes}


def _status(site: Site) -> Status:
    return service.get_action(site.container.unit_of_work(), 36, 1).status


def test_analyst_records_an_action_with_owner_due_date_and_indicators(site: Site) -> None:
    client = site.client(ANALYST)
    form = client.get(NEW)
    assert form.status_code == 200
    assert 'name="indicators" value="starters_graduaat_mw"' in form.text
    data = {
        "title": "Stagebeurs voor zij-instromers",
        "owner": "Hogeschool Noord",
        "start_date": "2026-09-01",
        "due_date": "2027-01-31",
        "indicators": ["stage_vulgraad", "stage_naar_job"],
    }
    answer = post_form(client, NEW, data)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/actieplan/aanbevelingen/36?gedaan=nieuw")
    created = service.get_action(site.container.unit_of_work(), 36, 2)
    assert (created.owner, created.due_date.isoformat() if created.due_date else "") == (
        "Hogeschool Noord",
        "2027-01-31",
    )
    assert created.indicators == ("stage_vulgraad", "stage_naar_job")
    page = client.get(answer.headers["location"]).text
    assert "De actie is vastgelegd." in page
    assert "Stagebeurs voor zij-instromers" in page


@pytest.mark.parametrize("email", [ANALYST, ADMIN, OWNER_USER])
def test_analyst_administrator_and_owning_organisation_change_the_status(
    site: Site, email: str
) -> None:
    client = site.client(email)
    assert client.get(EDIT).status_code == 200
    answer = post_form(client, EDIT, _form(status="under_way", note="Eerste overleg gehouden."))
    assert answer.status_code == 303
    assert _status(site) is Status.UNDER_WAY
    history = service.detail(site.container.unit_of_work(), 36).history
    assert [event.kind for event in history] == [EventKind.CREATED, EventKind.STATUS]
    assert history[-1].note == "Eerste overleg gehouden."
    expected = OWNER if email == OWNER_USER else ("analist" if email == ANALYST else "beheerder")
    assert history[-1].acting_as == expected


def test_a_user_of_another_organisation_cannot_edit_and_nothing_changes(site: Site) -> None:
    client = site.client(OTHER_USER)
    before = plan_tables(site.container)
    assert client.get(EDIT).status_code == 403
    answer = post_form(client, EDIT, _form(status="done"))
    assert answer.status_code == 403
    taken = post_form(client, NEW, {"title": "Overname", "owner": OWNER})
    assert taken.status_code == 403
    assert plan_tables(site.container) == before
    page = client.get("/actieplan/aanbevelingen/36").text
    assert f'href="{EDIT}"' not in page


def test_an_organisation_records_actions_only_for_itself(site: Site) -> None:
    client = site.client(OTHER_USER)
    form = client.get(NEW).text
    assert f"<option selected>{OTHER}</option>" in form
    answer = post_form(client, NEW, {"title": "Eigen actie", "owner": OTHER})
    assert answer.status_code == 303
    assert service.get_action(site.container.unit_of_work(), 36, 2).owner == OTHER


def test_edit_links_show_only_to_those_allowed(site: Site) -> None:
    owner_page = site.client(OWNER_USER).get("/actieplan/aanbevelingen/36").text
    assert f'href="{EDIT}"' in owner_page
    other_page = site.client(OTHER_USER).get("/actieplan/aanbevelingen/36").text
    assert f'href="{EDIT}"' not in other_page
    public = site.client().get("/actieplan/aanbevelingen/36").text
    assert f'href="{EDIT}"' not in public
    assert f'href="{NEW}"' not in public


def test_anonymous_visitors_are_sent_to_sign_in(site: Site) -> None:
    client = site.client()
    for url in (NEW, EDIT):
        answer = client.get(url)
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("/aanmelden?volgende=")


def test_every_form_needs_its_csrf_token(site: Site) -> None:
    client = site.client(ANALYST)
    before = plan_tables(site.container)
    assert client.post(NEW, data={"title": "Zonder token", "owner": OWNER}).status_code == 403
    assert client.post(EDIT, data=_form(status="done")).status_code == 403
    assert plan_tables(site.container) == before


def test_dropped_to_done_without_reopening_is_refused_in_dutch(site: Site) -> None:
    change = Change(status=Status.DROPPED, note="Geen middelen.")
    service.change_action(site.container.unit_of_work(write=True), SYSTEM, 36, 1, change)
    client = site.client(ANALYST)
    before = plan_tables(site.container)
    answer = post_form(client, EDIT, _form(status="done", note="Toch klaar"))
    assert answer.status_code == 409
    assert "heropen ze eerst" in answer.text
    assert "Toch klaar" in answer.text  # the typed note is kept
    assert plan_tables(site.container) == before
    reopened = post_form(
        client, EDIT, _form(status="done", heropen="ja", note="Middelen gevonden.")
    )
    assert reopened.status_code == 303
    assert _status(site) is Status.DONE


def test_due_date_before_start_is_refused_beside_the_field(site: Site) -> None:
    client = site.client(ANALYST)
    before = plan_tables(site.container)
    data = {
        "title": "Omgekeerd",
        "owner": OWNER,
        "start_date": "2027-05-01",
        "due_date": "2027-01-01",
    }
    answer = post_form(client, NEW, data)
    assert answer.status_code == 422
    assert 'id="fout-due_date"' in answer.text
    assert "ligt voor de startdatum" in answer.text
    assert 'value="Omgekeerd"' in answer.text
    edited = post_form(client, EDIT, _form(due_date="2026-01-01"))
    assert edited.status_code == 422
    assert "ligt voor de startdatum" in edited.text
    assert plan_tables(site.container) == before


def test_a_malformed_date_is_named_in_dutch(site: Site) -> None:
    answer = post_form(
        site.client(ANALYST), NEW, {"title": "X", "owner": OWNER, "due_date": "morgen"}
    )
    assert answer.status_code == 422
    assert "&#39;morgen&#39; is geen datum" in answer.text
    assert 'value="X"' in answer.text


def test_only_analysts_and_administrators_see_who_acted_by_name(site: Site) -> None:
    page = "/actieplan/aanbevelingen/36"
    for email in (ANALYST, ADMIN):
        assert "opdrachtregel" in site.client(email).get(page).text, email
    for email in (OWNER_USER, OTHER_USER, None):
        shown = site.client(email).get(page)
        assert shown.status_code == 200
        assert "opdrachtregel" not in shown.text, email
        assert "beheerder" in shown.text, "the role that acted is public"

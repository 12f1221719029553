"""Fairs on both stores: who may organise, bad input stores nothing, what came of a fair."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from fairs.builders import (
    ANALYST,
    ORGANISER,
    ORGANISER_USER,
    STRANGER,
    STUDENT,
    add_fair,
    new_fair,
    register,
    soon,
)
from krapte.accounts.core.permissions import ANONYMOUS, SYSTEM
from krapte.bootstrap import Container
from krapte.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated
from krapte.fairs import registrations, service


def test_an_organisation_user_organises_a_fair_of_their_own_organisation(
    container: Container,
) -> None:
    made = service.create_fair(container.unit_of_work(write=True), ORGANISER_USER, new_fair())
    assert (made.organiser, made.municipality, made.province) == (ORGANISER, "Gent",
                                                                  "Oost-Vlaanderen")  # fmt: skip
    assert made.participants == ("Vzw De Link", "OCMW Gent")
    assert [item.title for item in made.programme] == [
        "Werken in het OCMW",
        "Solliciteren zonder diploma",
    ]


@pytest.mark.parametrize("actor", [STRANGER, STUDENT, ANONYMOUS])
def test_nobody_else_organises_a_fair_for_an_organisation(
    container: Container, actor: object
) -> None:
    with pytest.raises((Forbidden, Unauthenticated)):
        service.create_fair(container.unit_of_work(write=True), actor, new_fair())  # type: ignore[arg-type]
    assert service.list_fairs(container.unit_of_work()).total == 0


def test_a_fair_with_bad_input_names_every_field_and_stores_nothing(container: Container) -> None:
    start = soon()
    bad = new_fair(0, municipality="Gentt", title=" ", starts_at=start, hours=-1,
                   participants=("Vzw A", "vzw a"))  # fmt: skip
    with pytest.raises(InvalidInput) as refused:
        service.create_fair(container.unit_of_work(write=True), ANALYST, bad)
    fields = {p.field for p in refused.value.problems}
    assert fields >= {"title", "capacity", "ends_at", "municipality", "participants", "programme"}
    assert any("bedoel je 'Gent'" in p.message for p in refused.value.problems)
    assert service.list_fairs(container.unit_of_work()).total == 0


def test_the_list_shows_coming_fairs_soonest_first_and_past_ones_apart(
    container: Container,
) -> None:
    later = add_fair(container, starts_at=soon(30))
    sooner = add_fair(container, starts_at=soon(5), municipality="Hasselt")
    coming = service.list_fairs(container.unit_of_work())
    assert [f.id for f in coming.fairs] == [sooner.id, later.id]
    assert coming.provinces == ["Limburg", "Oost-Vlaanderen"]
    limburg = service.list_fairs(container.unit_of_work(), province="Limburg")
    assert [f.id for f in limburg.fairs] == [sooner.id]
    after_both = soon(40)
    past = service.list_fairs(container.unit_of_work(), past=True, at=after_both)
    assert [f.id for f in past.fairs] == [later.id, sooner.id]
    assert service.list_fairs(container.unit_of_work(), at=after_both).total == 0


def test_an_unknown_fair_is_not_found(container: Container) -> None:
    with pytest.raises(NotFound, match="jobbeurs 99"):
        service.get_fair(container.unit_of_work(), 99)


def test_attendance_counts_visitors_after_the_fair_has_begun(container: Container) -> None:
    fair = add_fair(container, capacity=3, starts_at=soon(1))
    register(container, fair.id, "an@voorbeeld.be")
    register(container, fair.id, "bo@voorbeeld.be")
    with pytest.raises(Conflict, match="nog niet begonnen"):
        registrations.record_attendance(
            container.unit_of_work(write=True), ORGANISER_USER, fair.id, set(), 0
        )
    _move_fair_to_the_past(container, fair.id)
    seen = registrations.visitors(container.unit_of_work(), ORGANISER_USER, fair.id)
    an = seen.registrations[0].id
    with pytest.raises(Forbidden):
        registrations.record_attendance(
            container.unit_of_work(write=True), STRANGER, fair.id, {an}, 40
        )
    with pytest.raises(InvalidInput):
        registrations.record_attendance(
            container.unit_of_work(write=True), ORGANISER_USER, fair.id, {an, 999}, 40
        )
    done = registrations.record_attendance(
        container.unit_of_work(write=True), ORGANISER_USER, fair.id, {an}, 40
    )
    assert (done.attended, done.walk_ins, done.visitors) == (1, 40, 41)


def test_applications_from_a_fair_are_recorded_per_participant(container: Container) -> None:
    fair = add_fair(container)
    with pytest.raises(InvalidInput) as refused:
        service.record_applications(
            container.unit_of_work(write=True), SYSTEM, fair.id, {"Onbekende Vzw": 2}
        )
    assert "'Onbekende Vzw' neemt niet deel" in refused.value.problems[0].message
    done = service.record_applications(
        container.unit_of_work(write=True), SYSTEM, fair.id, {"OCMW Gent": 3, "Vzw De Link": 1}
    )
    assert done.applications == {"OCMW Gent": 3, "Vzw De Link": 1}
    assert done.as_dict()["applications"] == 4
    shown = {
        p.organisation: p.applications for p in service.participants(container.unit_of_work(), done)
    }
    assert shown == {"Vzw De Link": 1, "OCMW Gent": 3}


def test_participants_show_their_vacancies_from_a_wired_source(container: Container) -> None:
    fair = add_fair(container)

    def source(uow: object, organisation: str) -> list[service.VacancyLink]:
        return [service.VacancyLink(f"Sociaal werker (m/v/x) bij {organisation}", "/v/1")]

    service.VACANCY_SOURCES.append(source)
    try:
        shown = service.participants(container.unit_of_work(), fair)
    finally:
        service.VACANCY_SOURCES.remove(source)
    assert [p.vacancies[0].title for p in shown] == [
        "Sociaal werker (m/v/x) bij Vzw De Link",
        "Sociaal werker (m/v/x) bij OCMW Gent",
    ]
    assert shown[0].vacancies[0].url == f"/v/1?jobbeurs={fair.id}"  # the application's source


def test_a_vacancy_link_from_a_fair_keeps_its_query_and_fragment() -> None:
    assert service.from_fair("/vacatures/7?taal=nl#solliciteren", 3) == (
        "/vacatures/7?taal=nl&jobbeurs=3#solliciteren"
    )


def test_the_calendar_file_is_one_event_at_the_fairs_place_and_time(container: Container) -> None:
    from icalendar import Calendar

    fair = add_fair(container)
    parsed = Calendar.from_ical(
        service.calendar_file(container.unit_of_work(), fair.id, "https://k.example/jobbeurzen/1")
    )
    events = parsed.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert event.decoded("dtstart") == fair.starts_at
    assert event.decoded("dtend") == fair.ends_at
    assert str(event["location"]) == "ICC, Van Rysselberghedreef 2, Gent"
    assert "Werken in het OCMW (OCMW Gent)" in str(event["description"])
    assert str(event["uid"]) == f"jobbeurs-{fair.id}@krapte"


def _move_fair_to_the_past(container: Container, fair_id: int) -> None:
    from sqlalchemy import update

    from krapte.fairs.tables import Fair

    with container.unit_of_work(write=True) as uow:
        row = uow.session.get(Fair, fair_id)
        assert row is not None
        uow.session.execute(
            update(Fair)
            .where(Fair.id == fair_id)
            .values(starts_at=soon(-2), ends_at=soon(-2) + timedelta(hours=6))
        )
        uow.commit()


def test_registering_for_a_fair_that_is_over_is_refused(container: Container) -> None:
    fair = add_fair(container)
    _move_fair_to_the_past(container, fair.id)
    with pytest.raises(Conflict, match="voorbij"):
        register(container, fair.id, "an@voorbeeld.be")
    assert registrations.visitors(container.unit_of_work(), ANALYST, fair.id).registrations == []


def test_participants_show_their_internship_offers_in_the_fairs_round(
    container: Container, tmp_path: Path
) -> None:
    from placement.world import _import_templates

    round_id = _import_templates(container, tmp_path, "Ronde voor de beurs")
    fair = add_fair(
        container, round_id=round_id, participants=("CAW Oost-Vlaanderen", "Vzw Zonder Aanbod")
    )
    shown = {
        p.organisation: (p.offers, p.places)
        for p in service.participants(container.unit_of_work(), fair)
    }
    assert shown == {"CAW Oost-Vlaanderen": (1, 3), "Vzw Zonder Aanbod": (0, 0)}


def test_a_fair_in_belgian_time_comes_back_at_the_same_moment(container: Container) -> None:
    from zoneinfo import ZoneInfo

    start = soon(20).replace(tzinfo=None).replace(hour=9)
    local = start.replace(tzinfo=ZoneInfo("Europe/Brussels"))
    made = add_fair(container, starts_at=local)
    assert made.starts_at == local
    assert made.programme[0].starts_at == local + timedelta(hours=1)
    assert made.starts_at.astimezone(ZoneInfo("Europe/Brussels")).hour == 9

"""Vacancies end to end through the service: publish, search, expire, apply, answer, access."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from krapte.accounts.core.permissions import ANONYMOUS
from krapte.bootstrap import Container
from krapte.db.uow import UnitOfWork
from krapte.errors import Forbidden, InvalidInput, Unauthenticated
from krapte.vacancies import service
from krapte.vacancies.core.application import ApplicationForm
from krapte.vacancies.core.notice import VacancyNotice
from krapte.vacancies.core.search import Search
from vacancies.builders import (
    ORGANISATION,
    ORGANISATION_USER,
    OTHER,
    OTHER_USER,
    publish,
    store_classification,
)


@pytest.fixture
def store(container: Container) -> Container:
    store_classification(container)
    return container


def _all(container: Container, **query: str) -> list[str]:
    found = service.search(container.unit_of_work(), Search(**query))
    return [vacancy.title for vacancy in found.vacancies]


def _problem_fields(error: pytest.ExceptionInfo[InvalidInput]) -> set[str]:
    return {problem.field for problem in error.value.problems}


def test_organisation_publishes_a_classified_vacancy_that_search_finds(store: Container) -> None:
    vacancy = publish(store, municipality="gent")
    assert vacancy.municipality == "Gent"
    assert vacancy.province == "Oost-Vlaanderen"
    assert vacancy.programme == "sociaal werk"
    assert vacancy.programmes == ("sociaal werk", "maatschappelijk assistent")
    assert _all(store) == ["Maatschappelijk werker (m/v/x)"]
    assert service.open_vacancies_of(store.unit_of_work(), ORGANISATION)[0].id == vacancy.id
    assert service.open_vacancies_of(store.unit_of_work(), OTHER) == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"occupation": "", "level": ""}, "occupation"),
        ({"specialisation": "kunst"}, "occupation"),
        ({"closes_on": "2020-01-01"}, "closes_on"),
        ({"municipality": "Gentt"}, "municipality"),
        ({"hours": "veel"}, "hours"),
        ({"sector": "bouw"}, "sector"),
    ],
)
def test_a_bad_vacancy_is_refused_by_field_and_nothing_is_stored(
    store: Container, changes: dict[str, str], field: str
) -> None:
    with pytest.raises(InvalidInput) as error:
        publish(store, **changes)
    assert field in _problem_fields(error)
    assert _all(store) == []


def test_an_unknown_municipality_gets_a_suggestion(store: Container) -> None:
    with pytest.raises(InvalidInput) as error:
        publish(store, municipality="Gentt")
    assert "'Gent'" in error.value.problems[0].message


def test_closing_before_posting_says_both_dates(store: Container) -> None:
    with pytest.raises(InvalidInput) as error:
        publish(store, posted_on=date(2026, 12, 1), closes_on="30/11/2026")
    assert "2026-11-30" in error.value.problems[0].message
    assert "2026-12-01" in error.value.problems[0].message


def test_another_organisation_cannot_publish_in_your_name(store: Container) -> None:
    with pytest.raises(Forbidden):
        publish(store, OTHER_USER, ORGANISATION)
    with pytest.raises(Unauthenticated):
        publish(store, ANONYMOUS, ORGANISATION)
    assert _all(store) == []


def test_writing_aid_warns_but_never_blocks(store: Container) -> None:
    vacancy = publish(
        store, title="Sociaal werker", description="Jong en dynamisch team zoekt versterking."
    )
    assert any("(m/v/x)" in warning for warning in vacancy.warnings)
    assert any("jong en dynamisch" in warning for warning in vacancy.warnings)
    assert _all(store) == ["Sociaal werker"]


def test_expired_and_withdrawn_vacancies_leave_search_and_sitemap(store: Container) -> None:
    expired = publish(
        store,
        title="Oud (m/v/x)",
        posted_on=date.today() - timedelta(days=40),
        closes_on=(date.today() - timedelta(days=1)).isoformat(),
    )
    withdrawn = publish(store, title="Ingetrokken (m/v/x)")
    kept = publish(store, title="Open (m/v/x)")
    service.withdraw(store.unit_of_work(write=True), ORGANISATION_USER, withdrawn.id)
    assert _all(store) == ["Open (m/v/x)"]
    assert [vid for vid, _ in service.sitemap_entries(store.unit_of_work())] == [kept.id]
    assert service.vacancy(store.unit_of_work(), expired.id).open_on(date.today()) is False


def test_search_filters_by_region_diploma_level_sector_and_hours(store: Container) -> None:
    publish(store, title="Gent voltijds (m/v/x)")
    publish(
        store,
        title="Hasselt deeltijds graduaat (m/v/x)",
        municipality="Hasselt",
        specialisation="maatschappelijk werk",
        level="graduaat",
        accepted_diplomas=(),
        hours="19",
        sector="jeugdhulp",
    )
    assert _all(store, region="Limburg") == ["Hasselt deeltijds graduaat (m/v/x)"]
    assert _all(store, diploma="maatschappelijk assistent") == ["Gent voltijds (m/v/x)"]
    assert _all(store, level="graduaat") == ["Hasselt deeltijds graduaat (m/v/x)"]
    assert _all(store, sector="jeugdhulp") == ["Hasselt deeltijds graduaat (m/v/x)"]
    assert _all(store, hours="voltijds") == ["Gent voltijds (m/v/x)"]
    assert _all(store, text="GENT") == ["Gent voltijds (m/v/x)"]
    regions = {r.region: r.open for r in service.regions(store.unit_of_work())}
    assert regions["Limburg"] == 1
    assert regions["Antwerpen"] == 0


def test_published_hooks_hear_each_vacancy(store: Container) -> None:
    heard: list[VacancyNotice] = []

    def hook(uow: UnitOfWork, notice: VacancyNotice) -> None:
        heard.append(notice)

    service.PUBLISHED_HOOKS.append(hook)
    try:
        vacancy = publish(store)
    finally:
        service.PUBLISHED_HOOKS.remove(hook)
    assert heard == [service.notice(vacancy)]
    assert heard[0].url == f"/vacatures/{vacancy.id}"
    assert heard[0].levels == ("bachelor",)


def _apply(store: Container, vacancy_id: int, name: str = "Sara") -> int:
    form = ApplicationForm(name=name, email="sara@voorbeeld.be", message="Graag!", consent=True)
    return service.apply(store.unit_of_work(write=True), vacancy_id, form).id


def test_only_the_owning_organisation_sees_and_answers_applications(store: Container) -> None:
    vacancy = publish(store)
    application_id = _apply(store, vacancy.id)
    mine = service.applications(store.unit_of_work(), ORGANISATION_USER, ORGANISATION)
    assert [(a.name, a.email) for a in mine] == [("Sara", "sara@voorbeeld.be")]
    assert mine[0].consent_at == mine[0].applied_at
    with pytest.raises(Forbidden):
        service.applications(store.unit_of_work(), OTHER_USER, ORGANISATION)
    with pytest.raises(Forbidden):
        service.answer(store.unit_of_work(write=True), OTHER_USER, application_id, "Nee")
    assert (
        service.applications(store.unit_of_work(), ORGANISATION_USER, ORGANISATION)[0].answered_at
        is None
    )
    answered = service.answer(
        store.unit_of_work(write=True), ORGANISATION_USER, application_id, "Kom langs!"
    )
    assert answered.answer == "Kom langs!"
    assert answered.days_to_answer is not None
    assert answered.days_to_answer >= 0
    report = service.answer_times(store.unit_of_work(), ORGANISATION_USER, ORGANISATION)
    assert report.own is not None
    assert report.own.answered == 1
    assert all(cell.suppressed for cell in report.sectors)


def test_an_application_without_consent_or_address_is_refused(store: Container) -> None:
    vacancy = publish(store)
    with pytest.raises(InvalidInput) as error:
        service.apply(
            store.unit_of_work(write=True),
            vacancy.id,
            ApplicationForm(name="Sara", email="geen-adres", consent=False),
        )
    assert _problem_fields(error) == {"email", "consent"}
    assert service.applications(store.unit_of_work(), ORGANISATION_USER, ORGANISATION) == []


def test_applicant_gets_a_confirmation_mail(store: Container) -> None:
    from krapte.settings import get_settings

    vacancy = publish(store)
    _apply(store, vacancy.id)
    mails = list(get_settings().outbox_folder.glob("*.eml"))
    assert len(mails) == 1
    assert "sara@voorbeeld.be" in mails[0].read_text(encoding="utf-8")


def test_applications_are_deleted_a_year_after_the_vacancy_closed(store: Container) -> None:
    from krapte.accounts.core.permissions import SYSTEM

    vacancy = publish(store)
    _apply(store, vacancy.id)
    unit = store.unit_of_work
    with pytest.raises(Forbidden):
        service.purge_applications(unit(write=True), ORGANISATION_USER)
    assert service.purge_applications(unit(write=True), SYSTEM) == 0
    later = vacancy.closes_on + timedelta(days=366)
    assert service.purge_applications(unit(write=True), SYSTEM, on=later) == 1
    assert service.applications(unit(), ORGANISATION_USER, ORGANISATION) == []


def test_another_organisation_cannot_take_your_vacancy_offline(store: Container) -> None:
    vacancy = publish(store)
    with pytest.raises(Forbidden):
        service.withdraw(store.unit_of_work(write=True), OTHER_USER, vacancy.id)
    with pytest.raises(Forbidden):
        service.organisation_vacancies(store.unit_of_work(), OTHER_USER, ORGANISATION)
    assert service.vacancy(store.unit_of_work(), vacancy.id).withdrawn_at is None

"""The survey's use cases on SQLite and PostgreSQL: one-time anonymous links, results from ten
closed responses beside the data hub's werkbaarheid figures, and who may do what."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import inspect, text

from krapte.accounts.core.permissions import ANONYMOUS
from krapte.bootstrap import Container
from krapte.datahub import service as datahub
from krapte.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated
from krapte.workforce.survey import service
from workforce.survey.builders import (
    ADMIN,
    ANALYST,
    CALM,
    ORG_USER,
    ORGANISATION,
    OTHER_USER,
    answer,
    close,
    survey_with_links,
)


def _count(container: Container, table: str) -> int:
    with container.store.engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_a_link_takes_one_response_and_then_says_it_was_used(container: Container) -> None:
    survey_id, tokens = survey_with_links(container, links=2)
    answer(container, tokens[:1])
    with pytest.raises(service.UsedLink):
        service.respond(container.unit_of_work(write=True), tokens[0], CALM)
    with pytest.raises(service.UsedLink):
        service.invitation(container.unit_of_work(), tokens[0])
    assert service.invitation(container.unit_of_work(), tokens[1]).organisation == ORGANISATION
    found = service.get_survey(container.unit_of_work(), ORG_USER, survey_id)
    assert (found.links, found.used_links, found.responses) == (2, 1, 1)


def test_an_unknown_token_is_refused_and_stores_nothing(container: Container) -> None:
    survey_with_links(container, links=1)
    with pytest.raises(service.UnknownLink):
        service.respond(container.unit_of_work(write=True), "geen-echte-code", CALM)
    assert _count(container, "workforce_survey_response") == 0


def test_an_incomplete_response_stores_nothing_and_keeps_the_link(container: Container) -> None:
    _, tokens = survey_with_links(container, links=1)
    with pytest.raises(InvalidInput):
        service.respond(container.unit_of_work(write=True), tokens[0], {**CALM, "autonomy": ""})
    assert _count(container, "workforce_survey_response") == 0
    answer(container, tokens)  # the link still works
    assert _count(container, "workforce_survey_response") == 1


def test_only_hashes_of_tokens_are_stored_and_responses_hold_nothing_leading_to_a_link(
    container: Container,
) -> None:
    _, tokens = survey_with_links(container, links=3)
    answer(container, tokens[:2])
    with container.store.engine.connect() as connection:
        dumped = " ".join(
            str(row)
            for table in ("workforce_survey_link", "workforce_survey_response")
            for row in connection.execute(text(f"SELECT * FROM {table}"))
        )
        columns = {c["name"] for c in inspect(connection).get_columns("workforce_survey_response")}
    assert not any(token in dumped for token in tokens)
    assert columns == {
        "id", "survey_id", "work_stress", "motivation", "learning", "work_life",
        "emotional_load", "workload", "autonomy",
    }  # fmt: skip


def test_a_closed_survey_takes_no_more_responses_and_makes_no_more_links(
    container: Container,
) -> None:
    survey_id, tokens = survey_with_links(container, links=2)
    close(container, survey_id)
    with pytest.raises(service.ClosedSurvey):
        service.respond(container.unit_of_work(write=True), tokens[0], CALM)
    with pytest.raises(service.ClosedSurvey):
        service.make_links(container.unit_of_work(write=True), ORG_USER, survey_id, 1)
    assert _count(container, "workforce_survey_response") == 0


def test_nine_responses_show_no_results_even_when_closed(container: Container) -> None:
    survey_id, tokens = survey_with_links(container, links=10)
    answer(container, tokens[:9], work_stress="3")
    close(container, survey_id)
    found = service.results(container.unit_of_work(), ORG_USER, survey_id)
    assert found.withheld == "nog te weinig antwoorden"
    assert found.questions == ()


def test_ten_responses_show_results_only_after_closing(container: Container) -> None:
    survey_id, tokens = survey_with_links(container, links=10)
    answer(container, tokens[:4], work_stress="3", workload="2")
    answer(container, tokens[4:10], work_stress="1")
    assert service.results(container.unit_of_work(), ORG_USER, survey_id).withheld == (
        "de bevraging loopt nog"
    )
    close(container, survey_id)
    found = service.results(container.unit_of_work(), ORG_USER, survey_id)
    shares = {q.key: (q.problems, q.responses, q.share) for q in found.questions}
    assert found.withheld is None
    assert shares["work_stress"] == (4, 10, 40.0)
    assert shares["workload"] == (4, 10, 40.0)
    assert shares["autonomy"] == (0, 10, 0.0)


def test_results_sit_beside_the_werkbaarheid_figures_of_the_data_hub(container: Container) -> None:
    datahub.load_bundle(container.unit_of_work(write=True), datahub.load_bundled_package())
    survey_id, tokens = survey_with_links(container, links=10)
    answer(container, tokens)
    close(container, survey_id)
    found = {
        q.key: q for q in service.results(container.unit_of_work(), ORG_USER, survey_id).questions
    }
    stress = found["work_stress"]
    assert stress.sector is not None
    assert stress.subsector is not None
    assert (stress.sector.period, stress.sector.value) == ("2023", 39.9)
    assert (stress.subsector.period, stress.subsector.value) == ("2023", 38.3)
    assert found["autonomy"].sector is not None
    assert found["autonomy"].sector.value == 24.7
    assert found["autonomy"].subsector is None  # the report gives no subsector figure


def test_without_the_data_hub_results_still_show_without_comparison(container: Container) -> None:
    survey_id, tokens = survey_with_links(container, links=10)
    answer(container, tokens)
    close(container, survey_id)
    found = service.results(container.unit_of_work(), ORG_USER, survey_id)
    assert len(found.questions) == 7
    assert all(q.sector is None for q in found.questions)


def test_only_the_own_organisation_and_administrators_manage_and_read(container: Container) -> None:
    survey_id, _ = survey_with_links(container, links=1)
    for stranger in (OTHER_USER, ANALYST):
        with pytest.raises(Forbidden):
            service.get_survey(container.unit_of_work(), stranger, survey_id)
        with pytest.raises(Forbidden):
            service.make_links(container.unit_of_work(write=True), stranger, survey_id, 1)
        with pytest.raises(Forbidden):
            service.results(container.unit_of_work(), stranger, survey_id)
        with pytest.raises(Forbidden):
            service.close_survey(container.unit_of_work(write=True), stranger, survey_id)
    with pytest.raises(Unauthenticated):
        service.list_surveys(container.unit_of_work(), ANONYMOUS)
    with pytest.raises(Forbidden):
        service.open_survey(container.unit_of_work(write=True), OTHER_USER, ORGANISATION)
    assert service.list_surveys(container.unit_of_work(), OTHER_USER) == []
    assert [s.survey_id for s in service.list_surveys(container.unit_of_work(), ADMIN)] == [
        survey_id
    ]
    assert service.get_survey(container.unit_of_work(), ADMIN, survey_id).links == 1
    assert _count(container, "workforce_survey_link") == 1  # nothing made by the refused


def test_a_missing_survey_is_not_found(container: Container) -> None:
    with pytest.raises(NotFound):
        service.get_survey(container.unit_of_work(), ADMIN, 999)


def test_links_are_asked_in_bounded_numbers(container: Container) -> None:
    survey_id, _ = survey_with_links(container, links=1)
    for count in (0, service.MAX_LINKS_PER_REQUEST + 1):
        with pytest.raises(InvalidInput) as refused:
            service.make_links(container.unit_of_work(write=True), ORG_USER, survey_id, count)
        assert refused.value.problems[0].field == "count"
    tokens = service.make_links(container.unit_of_work(write=True), ORG_USER, survey_id, 3)
    assert len(set(tokens)) == 3
    assert all(len(token) >= 40 for token in tokens)


def test_an_organisation_must_be_named(container: Container) -> None:
    with pytest.raises(InvalidInput) as refused:
        service.open_survey(container.unit_of_work(write=True), ORG_USER, "  ")
    assert refused.value.problems[0].field == "organisation"


def test_two_requests_with_one_link_at_the_same_time_store_one_response(
    container: Container,
) -> None:
    _, tokens = survey_with_links(container, links=1)
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def send() -> None:
        barrier.wait()
        try:
            service.respond(container.unit_of_work(write=True), tokens[0], CALM)
            outcomes.append("stored")
        except Conflict:  # UsedLink, or a store busy with the other writer
            outcomes.append("refused")

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "refused", "refused", "stored"]
    assert _count(container, "workforce_survey_response") == 1

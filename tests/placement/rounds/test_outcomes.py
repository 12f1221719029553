"""Indicators of a published round: the rates, small-cell suppression, the data hub and rights."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from krapte.accounts.core.permissions import ANONYMOUS, SYSTEM, Actor, Role
from krapte.bootstrap import Container, bootstrap
from krapte.cli import app
from krapte.datahub import service as datahub
from krapte.errors import Forbidden, NotFound, Unauthenticated, WrongPhase
from krapte.placement.core.outcomes import (
    ALL_PROVINCES,
    OfferFacts,
    StudentFacts,
    indicators,
)
from krapte.placement.rounds import outcomes
from placement.rounds.outcome_builders import offer, record_outcome, store_published_round

ANALYST = Actor(user_id=7, name="analist", roles=frozenset({Role.ANALYST}))
ROUND_ADMIN = Actor(user_id=8, name="rondebeheer", roles=frozenset({Role.ROUND_ADMIN}))
SCHOOL = Actor(
    user_id=9, name="school", roles=frozenset({Role.SCHOOL}), schools=frozenset({"Hogeschool PXL"})
)


# --- the pure computation ------------------------------------------------------------------


def test_rate_over_too_few_people_is_suppressed_never_zero() -> None:
    offers = [OfferFacts("P1", "jeugdhulp", "Limburg", 4)]
    students = [StudentFacts("P1", "P1", 1, confirmed=False, job_offered=None)]
    [overall, *_] = indicators(offers, students, threshold=3)
    assert overall.confirmation.suppressed
    assert overall.confirmation.percent is None
    assert overall.to_job.denominator == 0
    assert overall.to_job.percent is None
    assert not overall.fill.suppressed
    assert overall.fill.percent == 25.0


def test_groups_are_overall_then_sectors_then_provinces() -> None:
    offers = [
        OfferFacts("P1", "jeugdhulp", "Limburg", 2),
        OfferFacts("P2", "ouderenzorg", "Antwerpen", 2),
    ]
    students = [
        StudentFacts("P1", "P1", 1, confirmed=True, job_offered=True),
        StudentFacts("P1", "P2", 2, confirmed=False, job_offered=False),
        StudentFacts("P2", None, 0),
    ]
    groups = indicators(offers, students, threshold=1)
    keys = [(g.geography, g.category) for g in groups]
    assert keys == [
        (ALL_PROVINCES, ""),
        (ALL_PROVINCES, "jeugdhulp"),
        (ALL_PROVINCES, "ouderenzorg"),
        ("Antwerpen", ""),
        ("Limburg", ""),
    ]
    overall, youth = groups[0], groups[1]
    assert (overall.fill.numerator, overall.fill.denominator) == (2, 4)
    assert (overall.first_choice.numerator, overall.first_choice.denominator) == (1, 3)
    assert (overall.confirmation.numerator, overall.confirmation.denominator) == (1, 2)
    assert (overall.to_job.numerator, overall.to_job.denominator) == (1, 2)
    # two students ranked P1 (youth care) first; one got it
    assert (youth.first_choice.numerator, youth.first_choice.denominator) == (1, 2)
    assert (youth.fill.numerator, youth.fill.denominator) == (1, 2)


# --- the service on a stored round ------------------------------------------------------------

OFFERS = [
    offer("P1", 3, sector="jeugdhulp", province="Limburg"),
    offer("P2", 3, sector="ouderenzorg", province="Oost-Vlaanderen"),
]
LISTS = {
    "S1": ["P1", "P2"],
    "S2": ["P1", "P2"],
    "S3": ["P1"],
    "S4": ["P2", "P1"],
    "S5": [],
}
PLACED = {"S1": "P1", "S2": "P1", "S3": "P1", "S4": "P1"}


def _published(container: Container, name: str = "2026-voorjaar") -> int:
    stored = store_published_round(container, OFFERS, LISTS, PLACED, name=name)
    record_outcome(container, stored.round_id, "S1", "P1", confirmed=True, job=True)
    record_outcome(container, stored.round_id, "S2", "P1", confirmed=True, job=False)
    record_outcome(container, stored.round_id, "S3", "P1", confirmed=True, job=True)
    return stored.round_id


def test_indicators_of_a_published_round(container: Container) -> None:
    round_id = _published(container)
    found = outcomes.round_indicators(container.unit_of_work(), ANALYST, round_id, threshold=2)
    overall = found.overall()
    assert (overall.fill.numerator, overall.fill.denominator) == (4, 6)
    # students with a list: S1..S4 (S5 has none); first choice: S1, S2, S3
    assert (overall.first_choice.numerator, overall.first_choice.denominator) == (3, 4)
    assert (overall.confirmation.numerator, overall.confirmation.denominator) == (3, 4)
    assert (overall.to_job.numerator, overall.to_job.denominator) == (2, 3)
    assert found.period == "2026"
    elderly = next(g for g in found.groups if g.category == "ouderenzorg")
    assert elderly.first_choice.denominator == 1
    assert elderly.first_choice.suppressed
    assert elderly.fill.numerator == 0
    assert not elderly.fill.suppressed


def test_no_indicators_before_publication(container: Container) -> None:
    round_id = store_published_round(container, OFFERS, LISTS, PLACED).round_id
    with container.unit_of_work(write=True) as uow:
        from krapte.placement.tables import PlacementRound

        stored = uow.session.get(PlacementRound, round_id)
        assert stored is not None
        stored.published_run_id, stored.phase = None, "allocated"
        uow.commit()
    with pytest.raises(WrongPhase, match="nog niet gepubliceerd"):
        outcomes.round_indicators(container.unit_of_work(), SYSTEM, round_id)


@pytest.mark.parametrize(("actor", "error"), [(ANONYMOUS, Unauthenticated), (SCHOOL, Forbidden)])
def test_indicators_refused_to_others(container: Container, actor: Actor, error: type) -> None:
    round_id = _published(container)
    with pytest.raises(error):
        outcomes.round_indicators(container.unit_of_work(), actor, round_id)


@pytest.mark.parametrize("actor", [ANONYMOUS, ANALYST, SCHOOL])
def test_publishing_refused_stores_nothing(container: Container, actor: Actor) -> None:
    round_id = _published(container)
    with pytest.raises((Unauthenticated, Forbidden)):
        outcomes.publish_indicators(container.unit_of_work(write=True), actor, round_id)
    with pytest.raises(NotFound):
        datahub.observations(container.unit_of_work(), outcomes.DATASET)


def test_publishing_stores_unsuppressed_rates_in_the_data_hub(container: Container) -> None:
    round_id = _published(container)
    published = outcomes.publish_indicators(
        container.unit_of_work(write=True), ROUND_ADMIN, round_id, threshold=2
    )
    assert published.created
    assert published.version == 1
    stored = datahub.observations(container.unit_of_work(), outcomes.DATASET)
    assert len(stored) == published.figures
    by_key = {(o.measure, o.geography, o.category): o for o in stored}
    fill = by_key[("stage_vulgraad", ALL_PROVINCES, "")]
    assert fill.value == pytest.approx(66.7)
    assert fill.unit == "percent"
    assert fill.period == "2026"
    assert fill.source.startswith("krapte stageronde 2026-voorjaar, gepubliceerde toewijzing ")
    assert by_key[("stage_naar_job", ALL_PROVINCES, "")].value == pytest.approx(66.7)
    assert ("stage_eerste_keuze", ALL_PROVINCES, "ouderenzorg") not in by_key  # suppressed
    rate = outcomes.measured_internship_to_job_rate(container.unit_of_work())
    assert rate == pytest.approx(0.667)  # 66,7% as published


def test_publishing_again_replaces_only_this_rounds_figures(container: Container) -> None:
    round_id = _published(container)
    other = _published(container, name="2025-najaar")
    uow = container.unit_of_work
    outcomes.publish_indicators(uow(write=True), SYSTEM, other, threshold=2)
    first = outcomes.publish_indicators(uow(write=True), SYSTEM, round_id, threshold=2)
    again = outcomes.publish_indicators(uow(write=True), SYSTEM, round_id, threshold=2)
    assert first.created
    assert not again.created
    assert again.version == first.version
    record_outcome(container, round_id, "S4", "P1", confirmed=True, job=True)
    changed = outcomes.publish_indicators(uow(write=True), SYSTEM, round_id, threshold=2)
    assert changed.created
    assert changed.version == first.version + 1
    stored = datahub.observations(uow(), outcomes.DATASET, measure="stage_naar_job")
    tables = sorted(
        (o.table, o.value) for o in stored if o.geography == ALL_PROVINCES and not o.category
    )
    assert tables == [("2025-najaar", pytest.approx(66.7)), ("2026-voorjaar", 75.0)]


def test_no_measured_rate_without_published_indicators(container: Container) -> None:
    assert outcomes.measured_internship_to_job_rate(container.unit_of_work()) is None


@pytest.mark.e2e
def test_indicators_command_publishes(cli_database: str) -> None:
    container = bootstrap()
    container.store.initialise()
    round_id = _published(container)
    runner = CliRunner()
    result = runner.invoke(app, ["placement", "indicators", str(round_id), "--publish"])
    assert result.exit_code == 0, result.output
    assert "versie 1 van dataset stageplaatsing" in result.output
    shown = runner.invoke(app, ["placement", "indicators", str(round_id), "--format", "json"])
    rows = json.loads(shown.output)
    assert rows[0]["fill"] == pytest.approx(66.7)
    missing = runner.invoke(app, ["placement", "indicators", "999"])
    assert missing.exit_code == 2
    assert "bestaat niet" in missing.output

"""The pulse survey's use cases: open, hand out one-time links, answer, close, read results.

Who: an organisation's users (and administrators) manage their organisation's surveys and read
their results (actions ``survey.manage`` and ``survey.results`` on
``Resource("workforce", organisation=<name>)``). Answering needs no account: the one-time token of
the link is the only key, and only its SHA-256 is stored. A response row holds the answers and its
survey, nothing that leads back to the link.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from krapte.accounts.core.permissions import Actor, Resource, Role, require
from krapte.datahub import service as datahub
from krapte.db.uow import UnitOfWork
from krapte.errors import Conflict, InvalidInput, NotFound
from krapte.workforce.survey import repository
from krapte.workforce.survey.core.questionnaire import DATASET, QUESTIONS, parse_answers
from krapte.workforce.survey.core.results import (
    MIN_RESPONSES,
    Comparison,
    QuestionResult,
    withheld_because,
)
from krapte.workforce.survey.repository import SurveyInfo
from krapte.workforce.survey.tables import MAX_ORGANISATION, MAX_TITLE

__all__ = [
    "MAX_LINKS",
    "MAX_LINKS_PER_REQUEST",
    "MIN_RESPONSES",
    "ClosedSurvey",
    "Invitation",
    "SurveyInfo",
    "SurveyResults",
    "UnknownLink",
    "UsedLink",
    "close_survey",
    "get_survey",
    "invitation",
    "list_surveys",
    "make_links",
    "open_survey",
    "respond",
    "results",
]

MAX_LINKS_PER_REQUEST: Final = 500
MAX_LINKS: Final = 5000
"""Links one survey may have in all."""
LIST_LIMIT: Final = 200
TOKEN_BYTES: Final = 32


class UnknownLink(NotFound):
    def __init__(self) -> None:
        super().__init__(
            "deze link van de bevraging bestaat niet; controleer of je hem volledig kopieerde"
        )


class UsedLink(Conflict):
    def __init__(self) -> None:
        super().__init__("met deze link is al geantwoord; elke link geldt voor één antwoord")


class ClosedSurvey(Conflict):
    def __init__(self) -> None:
        super().__init__("deze bevraging is afgesloten; er kunnen geen antwoorden meer bij")


def _now() -> datetime:
    return datetime.now(UTC)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _resource(organisation: str) -> Resource:
    return Resource("workforce", organisation=organisation)


def _survey(uow: UnitOfWork, actor: Actor, action: str, survey_id: int) -> SurveyInfo:
    found = repository.get_survey(uow.session, survey_id)
    if found is None:
        raise NotFound(f"bevraging {survey_id} bestaat niet")
    require(actor, action, _resource(found.organisation))
    return found


# --- the organisation -------------------------------------------------------------------------


def open_survey(uow: UnitOfWork, actor: Actor, organisation: str, title: str = "") -> SurveyInfo:
    """A new, open survey for ``organisation`` (the name as on the actor's memberships)."""
    organisation = organisation.strip()
    title = title.strip()
    problems = []
    if not organisation:
        problems.append(("kies de organisatie", "organisation"))
    elif len(organisation) > MAX_ORGANISATION:
        problems.append((f"hoogstens {MAX_ORGANISATION} tekens", "organisation"))
    if len(title) > MAX_TITLE:
        problems.append((f"hoogstens {MAX_TITLE} tekens", "title"))
    if problems:
        message, field = problems[0]
        raise InvalidInput.single(message, field=field)
    require(actor, "survey.manage", _resource(organisation))
    with uow:
        survey_id = repository.add_survey(uow.session, organisation, title, _now(), actor.user_id)
        uow.commit()
        found = repository.get_survey(uow.session, survey_id)
    assert found is not None
    return found


def list_surveys(uow: UnitOfWork, actor: Actor) -> list[SurveyInfo]:
    """The surveys of the actor's organisations (an administrator: of every organisation)."""
    # Allowed on the actor's own organisations: refuses everyone without one (and no admin).
    require(actor, "survey.manage", Resource("workforce", organisations=actor.organisations))
    with uow:
        organisations = None if actor.has(Role.ADMIN) else sorted(actor.organisations)
        return repository.list_surveys(uow.session, organisations, LIST_LIMIT)


def get_survey(uow: UnitOfWork, actor: Actor, survey_id: int) -> SurveyInfo:
    with uow:
        return _survey(uow, actor, "survey.manage", survey_id)


def make_links(uow: UnitOfWork, actor: Actor, survey_id: int, count: int) -> list[str]:
    """``count`` new one-time tokens for an open survey; they are shown now and never again."""
    if not 1 <= count <= MAX_LINKS_PER_REQUEST:
        raise InvalidInput.single(
            f"vraag tussen 1 en {MAX_LINKS_PER_REQUEST} links tegelijk", field="count"
        )
    with uow:
        found = _survey(uow, actor, "survey.manage", survey_id)
        if found.closed:
            raise ClosedSurvey()
        if found.links + count > MAX_LINKS:
            raise InvalidInput.single(
                f"een bevraging heeft hoogstens {MAX_LINKS} links; er zijn er al {found.links}",
                field="count",
            )
        tokens = [secrets.token_urlsafe(TOKEN_BYTES) for _ in range(count)]
        repository.add_links(uow.session, survey_id, [_digest(token) for token in tokens])
        uow.commit()
    return tokens


def close_survey(uow: UnitOfWork, actor: Actor, survey_id: int) -> SurveyInfo:
    """Close the survey: no answers can be added any more (closing twice changes nothing)."""
    with uow:
        _survey(uow, actor, "survey.manage", survey_id)
        repository.close_survey(uow.session, survey_id, _now())
        uow.commit()
        found = repository.get_survey(uow.session, survey_id)
    assert found is not None
    return found


# --- the respondent (no account: the token is the key) ----------------------------------------


@dataclass(frozen=True)
class Invitation:
    organisation: str
    title: str


def _open_link(uow: UnitOfWork, token: str) -> SurveyInfo:
    link = repository.find_link(uow.session, _digest(token))
    if link is None:
        raise UnknownLink()
    if link.used:
        raise UsedLink()
    found = repository.get_survey(uow.session, link.survey_id)
    assert found is not None  # links are removed with their survey
    if found.closed:
        raise ClosedSurvey()
    return found


def invitation(uow: UnitOfWork, token: str) -> Invitation:
    """What the form of a link shows; UnknownLink, UsedLink or ClosedSurvey when it cannot."""
    with uow:
        found = _open_link(uow, token)
        return Invitation(found.organisation, found.title)


def respond(uow: UnitOfWork, token: str, form: Mapping[str, str]) -> None:
    """Store one anonymous response and use up the link, together or not at all."""
    answers = parse_answers(form)
    with uow:
        found = _open_link(uow, token)
        if not repository.use_link(uow.session, _digest(token)):
            raise UsedLink()  # another request with the same link came first
        repository.add_response(uow.session, found.survey_id, answers)
        uow.commit()


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyResults:
    survey: SurveyInfo
    withheld: str | None
    """Why no results are shown (Dutch), or None."""
    questions: tuple[QuestionResult, ...]
    min_responses: int = MIN_RESPONSES

    def as_dict(self) -> dict[str, object]:
        return {
            "survey": self.survey.as_dict(),
            "shown": self.withheld is None,
            "withheld_because": self.withheld,
            "min_responses": self.min_responses,
            "questions": [question.as_dict() for question in self.questions],
        }


def _comparisons(uow: UnitOfWork) -> dict[tuple[str, str], Comparison]:
    """(measure, category) -> the latest werkbaarheid figure in the data hub (none: empty)."""
    try:
        figures = datahub.observations(uow, DATASET)
    except NotFound:
        return {}
    latest: dict[tuple[str, str], Comparison] = {}
    for obs in figures:
        if obs.category not in {"sector", "subsector"} or obs.unit != "percent":
            continue
        key = (obs.measure, obs.category)
        if key not in latest or obs.period > latest[key].period:
            latest[key] = Comparison(obs.category, obs.period, obs.value, obs.source)
    return latest


def results(uow: UnitOfWork, actor: Actor, survey_id: int) -> SurveyResults:
    """The shares of respondents with each problem, beside the sector's figures; withheld (with
    the reason) while the survey is open or has fewer than ten responses."""
    with uow:
        found = _survey(uow, actor, "survey.results", survey_id)
        withheld = withheld_because(found.closed, found.responses)
        if withheld is not None:
            return SurveyResults(found, withheld, ())
        responses, problems = repository.problem_counts(uow.session, survey_id)
        sector = _comparisons(uow)
        questions = tuple(
            QuestionResult(
                question.key,
                question.kind,
                question.label,
                question.text,
                problems[question.key],
                responses,
                sector.get((question.measure, "sector")),
                sector.get((question.measure, "subsector")),
            )
            for question in QUESTIONS
        )
        return SurveyResults(found, None, questions)

"""Storage of the pulse survey; returns domain dataclasses, never ORM rows.

Counts and the shares of answers are computed in SQL (one aggregate query per survey), so no
response is ever loaded into Python.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, case, func, select, update
from sqlalchemy.orm import Session

from krapte.workforce.survey.core.questionnaire import KEYS, PROBLEM_FROM
from krapte.workforce.survey.tables import (
    WorkforceSurvey,
    WorkforceSurveyLink,
    WorkforceSurveyResponse,
)


@dataclass(frozen=True)
class SurveyInfo:
    survey_id: int
    organisation: str
    title: str
    opened_at: datetime
    closed_at: datetime | None
    links: int
    used_links: int
    responses: int

    @property
    def closed(self) -> bool:
        return self.closed_at is not None

    def as_dict(self) -> dict[str, object]:
        return {
            "survey_id": self.survey_id,
            "organisation": self.organisation,
            "title": self.title,
            "opened_at": self.opened_at.isoformat(),
            "closed_at": self.closed_at.isoformat() if self.closed_at else None,
            "closed": self.closed,
            "links": self.links,
            "used_links": self.used_links,
            "responses": self.responses,
        }


def add_survey(
    session: Session, organisation: str, title: str, opened_at: datetime, opened_by: int | None
) -> int:
    row = WorkforceSurvey(
        organisation=organisation, title=title, opened_at=opened_at, opened_by=opened_by
    )
    session.add(row)
    session.flush()
    return row.id


def _counts(session: Session, survey_ids: list[int]) -> dict[int, tuple[int, int, int]]:
    """survey id -> (links, used links, responses)."""
    if not survey_ids:
        return {}
    links = session.execute(
        select(
            WorkforceSurveyLink.survey_id,
            func.count(),
            func.sum(case((WorkforceSurveyLink.used, 1), else_=0)),
        )
        .where(WorkforceSurveyLink.survey_id.in_(survey_ids))
        .group_by(WorkforceSurveyLink.survey_id)
    ).all()
    responses = session.execute(
        select(WorkforceSurveyResponse.survey_id, func.count())
        .where(WorkforceSurveyResponse.survey_id.in_(survey_ids))
        .group_by(WorkforceSurveyResponse.survey_id)
    ).all()
    found = {survey_id: [0, 0, 0] for survey_id in survey_ids}
    for survey_id, count, used in links:
        found[survey_id][0:2] = [int(count), int(used or 0)]
    for survey_id, count in responses:
        found[survey_id][2] = int(count)
    return {key: (value[0], value[1], value[2]) for key, value in found.items()}


def _infos(session: Session, rows: Iterable[WorkforceSurvey]) -> list[SurveyInfo]:
    rows = list(rows)
    counts = _counts(session, [row.id for row in rows])
    return [
        SurveyInfo(
            row.id,
            row.organisation,
            row.title,
            row.opened_at,
            row.closed_at,
            *counts[row.id],
        )
        for row in rows
    ]


def get_survey(session: Session, survey_id: int) -> SurveyInfo | None:
    row = session.get(WorkforceSurvey, survey_id)
    return _infos(session, [row])[0] if row is not None else None


def list_surveys(
    session: Session, organisations: Iterable[str] | None, limit: int
) -> list[SurveyInfo]:
    """Surveys of ``organisations`` (None: of every organisation), newest first."""
    query = select(WorkforceSurvey).order_by(WorkforceSurvey.id.desc()).limit(limit)
    if organisations is not None:
        query = query.where(WorkforceSurvey.organisation.in_(list(organisations)))
    return _infos(session, session.scalars(query))


def close_survey(session: Session, survey_id: int, at: datetime) -> None:
    session.execute(
        update(WorkforceSurvey)
        .where(WorkforceSurvey.id == survey_id, WorkforceSurvey.closed_at.is_(None))
        .values(closed_at=at)
    )


def add_links(session: Session, survey_id: int, token_hashes: Iterable[str]) -> None:
    session.add_all(
        WorkforceSurveyLink(token_hash=digest, survey_id=survey_id, used=False)
        for digest in token_hashes
    )
    session.flush()


@dataclass(frozen=True)
class LinkState:
    survey_id: int
    used: bool


def find_link(session: Session, token_hash: str) -> LinkState | None:
    row = session.get(WorkforceSurveyLink, token_hash)
    return LinkState(row.survey_id, row.used) if row is not None else None


def use_link(session: Session, token_hash: str) -> bool:
    """Mark the link used; False when it was used already (by another request, too)."""
    done = session.execute(
        update(WorkforceSurveyLink)
        .where(WorkforceSurveyLink.token_hash == token_hash, WorkforceSurveyLink.used.is_(False))
        .values(used=True)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(done, "rowcount", 0) == 1)


def add_response(session: Session, survey_id: int, answers: Mapping[str, int]) -> None:
    session.add(
        WorkforceSurveyResponse(
            id=secrets.token_hex(16), survey_id=survey_id, **{key: answers[key] for key in KEYS}
        )
    )
    session.flush()


def problem_counts(session: Session, survey_id: int) -> tuple[int, dict[str, int]]:
    """(responses, question key -> respondents who answered "vaak" or "altijd")."""
    columns = [getattr(WorkforceSurveyResponse, key) for key in KEYS]
    row = session.execute(
        select(
            func.count(),
            *(
                func.coalesce(func.sum(case((column >= PROBLEM_FROM, 1), else_=0)), 0).cast(Integer)
                for column in columns
            ),
        ).where(WorkforceSurveyResponse.survey_id == survey_id)
    ).one()
    return int(row[0]), {key: int(value) for key, value in zip(KEYS, row[1:], strict=True)}

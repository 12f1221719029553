"""Reading and writing vacancies and applications; takes a session, returns core dataclasses.

Searches filter, count and page in SQL (never all rows in Python); only open vacancies (posted,
not past their closing date, not withdrawn) are ever found by the public queries.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session

from krapte.vacancies.core.application import Answered, Application, ApplicationForm
from krapte.vacancies.core.search import Search
from krapte.vacancies.core.statistics import Posted
from krapte.vacancies.core.vacancy import FULL_TIME_HOURS, Vacancy
from krapte.vacancies.tables import ApplicationRow, VacancyRow


def _utc(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; the store keeps UTC."""
    if moment is None:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _vacancy(row: VacancyRow) -> Vacancy:
    return Vacancy(
        id=row.id,
        organisation=row.organisation,
        title=row.title,
        occupation=row.occupation,
        specialisation=row.specialisation,
        level=row.level,
        programme=row.programme,
        accepted_diplomas=tuple(json.loads(row.accepted_diplomas)),
        competence_route=row.competence_route,
        municipality=row.municipality,
        province=row.province,
        sector=row.sector,
        hours=row.hours,
        contract=row.contract,
        joint_committee=row.joint_committee,
        pay_scale=row.pay_scale,
        description=row.description,
        posted_on=row.posted_on,
        closes_on=row.closes_on,
        apply_url=row.apply_url,
        withdrawn_at=_utc(row.withdrawn_at),
        created_at=_utc(row.created_at),
        warnings=tuple(json.loads(row.warnings)),
    )


def add(
    session: Session,
    vacancy: Vacancy,
    *,
    reference: str | None,
    created_by: int | None,
    at: datetime,
) -> Vacancy:
    row = VacancyRow(
        organisation=vacancy.organisation,
        reference=reference or None,
        title=vacancy.title,
        occupation=vacancy.occupation,
        specialisation=vacancy.specialisation,
        level=vacancy.level,
        programme=vacancy.programme,
        accepted_diplomas=json.dumps(list(vacancy.accepted_diplomas), ensure_ascii=False),
        programmes=";" + ";".join(vacancy.programmes) + ";",
        competence_route=vacancy.competence_route,
        municipality=vacancy.municipality,
        province=vacancy.province,
        sector=vacancy.sector,
        hours=vacancy.hours,
        contract=vacancy.contract,
        joint_committee=vacancy.joint_committee,
        pay_scale=vacancy.pay_scale,
        description=vacancy.description,
        apply_url=vacancy.apply_url,
        posted_on=vacancy.posted_on,
        closes_on=vacancy.closes_on,
        created_at=at,
        created_by=created_by,
        warnings=json.dumps(list(vacancy.warnings), ensure_ascii=False),
    )
    session.add(row)
    session.flush()
    return _vacancy(row)


def get(session: Session, vacancy_id: int) -> Vacancy | None:
    row = session.get(VacancyRow, vacancy_id)
    return None if row is None else _vacancy(row)


def withdraw(session: Session, vacancy_id: int, at: datetime) -> None:
    row = session.get(VacancyRow, vacancy_id)
    if row is not None and row.withdrawn_at is None:
        row.withdrawn_at = at
        session.flush()


def existing_references(session: Session, organisation: str, references: Iterable[str]) -> set[str]:
    wanted = [ref for ref in references if ref]
    if not wanted:
        return set()
    found = session.scalars(
        select(VacancyRow.reference).where(
            VacancyRow.organisation == organisation, VacancyRow.reference.in_(wanted)
        )
    )
    return {ref for ref in found if ref}


def _open(query: Select[Any], today: date) -> Select[Any]:
    return query.where(
        VacancyRow.withdrawn_at.is_(None),
        VacancyRow.posted_on <= today,
        VacancyRow.closes_on >= today,
    )


def _filtered(query: Select[Any], search: Search) -> Select[Any]:
    if search.region:
        query = query.where(VacancyRow.province == search.region)
    if search.diploma:
        query = query.where(VacancyRow.programmes.contains(f";{search.diploma};"))
    if search.level:
        query = query.where(VacancyRow.level == search.level)
    if search.sector:
        query = query.where(VacancyRow.sector == search.sector)
    if search.hours == "voltijds":
        query = query.where(VacancyRow.hours >= FULL_TIME_HOURS)
    elif search.hours == "deeltijds":
        query = query.where(VacancyRow.hours < FULL_TIME_HOURS)
    if search.organisation:
        query = query.where(VacancyRow.organisation == search.organisation)
    if search.text:
        pattern = "%" + search.text.lower().replace("%", "").replace("_", "") + "%"
        query = query.where(func.lower(VacancyRow.title).like(pattern))
    return query


def version(session: Session) -> tuple[str, ...]:
    """What changes whenever the open vacancies may change (besides the day): the store, the
    newest vacancy (id and time) and the latest withdrawal; a few index lookups."""
    newest = session.scalar(select(func.max(VacancyRow.id)))
    withdrawn = session.scalar(
        select(func.max(VacancyRow.withdrawn_at)).where(VacancyRow.withdrawn_at.is_not(None))
    )
    created = session.scalar(select(VacancyRow.created_at).where(VacancyRow.id == newest))
    store = str(session.get_bind().engine.url)
    return store, str(newest or 0), str(created or ""), str(withdrawn or "")


def count(session: Session, search: Search, today: date, cap: int) -> int:
    """How many open vacancies match ``search``, counted up to ``cap`` + 1 at most."""
    query = _filtered(_open(select(VacancyRow.id), today), search).limit(cap + 1)
    return int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)


def search(
    session: Session, search: Search, today: date, *, offset: int, limit: int
) -> list[Vacancy]:
    """Open vacancies matching ``search``, newest first, one page."""
    query = _filtered(_open(select(VacancyRow), today), search)
    rows = session.scalars(
        query.order_by(VacancyRow.posted_on.desc(), VacancyRow.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return [_vacancy(row) for row in rows]


def of_organisation(session: Session, organisation: str) -> list[Vacancy]:
    """Every vacancy of ``organisation`` (open, closed and withdrawn), newest first."""
    rows = session.scalars(
        select(VacancyRow)
        .where(VacancyRow.organisation == organisation)
        .order_by(VacancyRow.posted_on.desc(), VacancyRow.id.desc())
    )
    return [_vacancy(row) for row in rows]


def open_ids(session: Session, today: date, limit: int) -> list[tuple[int, date]]:
    """Id and posting date of open vacancies, newest first (for the sitemap)."""
    query = _open(select(VacancyRow), today).order_by(VacancyRow.id.desc()).limit(limit)
    return [
        (vid, posted)
        for vid, posted in session.execute(
            query.with_only_columns(VacancyRow.id, VacancyRow.posted_on)
        )
    ]


def open_per_region(session: Session, today: date) -> dict[str, int]:
    query = _open(select(VacancyRow), today).with_only_columns(VacancyRow.province, func.count())
    return {
        province: int(count)
        for province, count in session.execute(query.group_by(VacancyRow.province))
    }


def posted(session: Session, today: date) -> list[Posted]:
    """Every vacancy as the statistics see it (the columns they need only)."""
    query = select(
        VacancyRow.programme,
        VacancyRow.level,
        VacancyRow.province,
        VacancyRow.sector,
        VacancyRow.posted_on,
        VacancyRow.closes_on,
        VacancyRow.withdrawn_at,
    ).order_by(VacancyRow.id)
    found = []
    for programme, level, province, sector, posted_on, closes_on, withdrawn_at in session.execute(
        query
    ):
        closed: date | None = None
        if withdrawn_at is not None:
            closed = min(closes_on, withdrawn_at.date())
        elif closes_on < today:
            closed = closes_on
        found.append(Posted(programme, level, province, sector, posted_on, closed))
    return found


# --- applications ------------------------------------------------------------------------------


def _application(row: ApplicationRow, title: str) -> Application:
    applied_at, consent_at = _utc(row.applied_at), _utc(row.consent_at)
    assert applied_at is not None
    assert consent_at is not None
    return Application(
        id=row.id,
        vacancy_id=row.vacancy_id,
        vacancy_title=title,
        organisation=row.organisation,
        name=row.name,
        email=row.email,
        phone=row.phone,
        message=row.message,
        applied_at=applied_at,
        consent_at=consent_at,
        consent_version=row.consent_version,
        answered_at=_utc(row.answered_at),
        answer=row.answer,
        source_fair_id=row.source_fair_id,
    )


def add_application(
    session: Session,
    vacancy: Vacancy,
    form: ApplicationForm,
    *,
    at: datetime,
    consent_version: str,
    source_fair_id: int | None,
) -> Application:
    row = ApplicationRow(
        vacancy_id=vacancy.id,
        organisation=vacancy.organisation,
        name=form.name,
        email=form.email,
        phone=form.phone,
        message=form.message,
        applied_at=at,
        consent_at=at,
        consent_version=consent_version,
        answer="",
        source_fair_id=source_fair_id,
    )
    session.add(row)
    session.flush()
    return _application(row, vacancy.title)


def application(session: Session, application_id: int) -> Application | None:
    found = session.execute(
        select(ApplicationRow, VacancyRow.title)
        .join(VacancyRow, VacancyRow.id == ApplicationRow.vacancy_id)
        .where(ApplicationRow.id == application_id)
    ).one_or_none()
    return None if found is None else _application(*found)


def applications(
    session: Session, organisations: Sequence[str], *, vacancy_id: int | None = None
) -> list[Application]:
    """The applications to ``organisations``' vacancies, newest first."""
    query = (
        select(ApplicationRow, VacancyRow.title)
        .join(VacancyRow, VacancyRow.id == ApplicationRow.vacancy_id)
        .where(ApplicationRow.organisation.in_(list(organisations)))
        .order_by(ApplicationRow.applied_at.desc(), ApplicationRow.id.desc())
    )
    if vacancy_id is not None:
        query = query.where(ApplicationRow.vacancy_id == vacancy_id)
    return [_application(row, title) for row, title in session.execute(query)]


def answer(session: Session, application_id: int, text: str, at: datetime) -> None:
    """Record an answer; the first answer's moment stays (it is what the statistics measure)."""
    row = session.get(ApplicationRow, application_id)
    assert row is not None
    row.answer = text
    if row.answered_at is None:
        row.answered_at = at
    session.flush()


def answered(session: Session) -> list[Answered]:
    """Every application's organisation, sector and days to a first answer (no personal data)."""
    query = select(
        ApplicationRow.organisation,
        VacancyRow.sector,
        ApplicationRow.applied_at,
        ApplicationRow.answered_at,
    ).join(VacancyRow, VacancyRow.id == ApplicationRow.vacancy_id)
    found = []
    for organisation, sector, applied_at, answered_at in session.execute(query):
        start, end = _utc(applied_at), _utc(answered_at)
        days = None if end is None or start is None else (end - start).total_seconds() / 86400
        found.append(Answered(organisation, sector, days))
    return found


def delete_applications_closed_before(session: Session, day: date) -> int:
    """Delete every application to a vacancy that closed before ``day``; how many went."""
    closed = select(VacancyRow.id).where(VacancyRow.closes_on < day)
    result = session.execute(delete(ApplicationRow).where(ApplicationRow.vacancy_id.in_(closed)))
    return int(getattr(result, "rowcount", 0) or 0)


def applications_from_fair(session: Session, fair_id: int) -> dict[str, int]:
    """How many applications carry ``source_fair_id`` = ``fair_id``, per organisation."""
    query = (
        select(ApplicationRow.organisation, func.count())
        .where(ApplicationRow.source_fair_id == fair_id)
        .group_by(ApplicationRow.organisation)
    )
    return {organisation: int(count) for organisation, count in session.execute(query)}

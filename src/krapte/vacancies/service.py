"""Use cases of vacancies: publish, withdraw, search, read, apply, answer, and the figures.

Services take a unit of work first and, where anything personal or an organisation's own data is
involved, the actor, whom they check with the permission function before they read or write.
Public reads (search, a vacancy, regions, the sitemap) need no actor: they only ever show open
vacancies and never an applicant. Imports and statistics are in :mod:`krapte.vacancies.imports`
and :mod:`krapte.vacancies.figures`.

Other capabilities call :func:`open_vacancies_of` (job fairs show a participant's vacancies) and
hear of each published vacancy (job alerts, :func:`_published_hooks`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar, cast
from zoneinfo import ZoneInfo

from krapte.accounts.core.permissions import Actor, Resource, require
from krapte.accounts.mail import send_after_commit
from krapte.datahub import service as datahub
from krapte.datahub.core.records import ClassificationRef
from krapte.db.uow import UnitOfWork
from krapte.errors import InvalidInput, NotFound
from krapte.placement.municipalities import check_municipality
from krapte.settings import get_settings
from krapte.vacancies import repository
from krapte.vacancies.core import application as applications_core
from krapte.vacancies.core.application import (
    CONSENT_VERSION,
    AnswerTimes,
    Application,
    ApplicationForm,
    check_application,
)
from krapte.vacancies.core.notice import VacancyNotice
from krapte.vacancies.core.search import HOURS, MAX_PAGE_SIZE, PAGE_SIZE, REGIONS, Search
from krapte.vacancies.core.vacancy import (
    CONTRACTS,
    SECTOR_NAMES,
    Draft,
    Place,
    Vacancy,
    check_draft,
)

BRUSSELS = ZoneInfo("Europe/Brussels")
MAX_ANSWER = 4000
SITEMAP_LIMIT = 50_000
"""A sitemap file holds at most 50,000 addresses (sitemaps.org)."""

MAX_COUNT = 1000
"""A search counts its matches up to this many ("meer dan 1.000"): counting costs a scan."""
CACHE_SIZE = 4096
_CACHE: dict[Hashable, object] = {}
_LOCK = threading.Lock()
T = TypeVar("T")

PUBLISHED_HOOKS: list[Callable[[UnitOfWork, VacancyNotice], None]] = []
"""Called with every vacancy just published, inside its unit of work (before the commit; a hook
that mails registers the mail with ``uow.after_commit``), after the job alerts."""


def _published_hooks() -> list[Callable[[UnitOfWork, VacancyNotice], None]]:
    """The job alerts of :mod:`krapte.experts.alerts` (always), then the registered hooks."""
    from krapte.experts.alerts import on_vacancy_published

    return [on_vacancy_published, *PUBLISHED_HOOKS]


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    """Today in Belgium (a vacancy closes at the end of its closing day, Belgian time)."""
    return datetime.now(BRUSSELS).date()


def vacancy_path(vacancy_id: int) -> str:
    return f"/vacatures/{vacancy_id}"


def notice(vacancy: Vacancy) -> VacancyNotice:
    return VacancyNotice(
        id=vacancy.id,
        title=vacancy.title,
        organisation=vacancy.organisation,
        municipality=vacancy.municipality,
        province=vacancy.province,
        programmes=vacancy.programmes,
        levels=(vacancy.level,),
        url=vacancy_path(vacancy.id),
    )


def _resource(organisation: str, kind: str = "vacancy") -> Resource:
    return Resource(kind, organisation=organisation)


def place_of(municipality: str) -> tuple[Place | None, str]:
    """The official municipality and its province, or ``None`` and a Dutch reason."""
    found, why = check_municipality(municipality)
    return (Place(found.name, found.province), "") if found else (None, why)


def check(
    uow: UnitOfWork,
    organisation: str,
    draft: Draft,
    *,
    posted_on: date | None = None,
    file: str = "formulier",
    row: int | None = None,
    classification: list[ClassificationRef] | None = None,
) -> Vacancy:
    """The vacancy ``draft`` describes (checked, not stored), or :class:`InvalidInput`
    (``classification``: the list, when the caller already read it)."""
    place, why = place_of(draft.municipality)
    return check_draft(
        draft,
        organisation=organisation,
        classification=datahub.classification(uow) if classification is None else classification,
        place=place,
        place_problem=why,
        posted_on=posted_on or today(),
        file=file,
        row=row,
    )


def publish(
    uow: UnitOfWork,
    actor: Actor,
    organisation: str,
    draft: Draft,
    *,
    reference: str = "",
    posted_on: date | None = None,
) -> Vacancy:
    """Check and publish a vacancy of ``organisation``; tell every published hook."""
    require(actor, "vacancy.write", _resource(organisation))
    vacancy = check(uow, organisation, draft, posted_on=posted_on)
    with uow:
        if reference and repository.existing_references(uow.session, organisation, [reference]):
            raise InvalidInput.single(
                f"{organisation} heeft al een vacature met referentie '{reference}'",
                field="reference",
            )
        stored = store(uow, actor, vacancy, reference=reference)
        uow.commit()
    return stored


def store(uow: UnitOfWork, actor: Actor, vacancy: Vacancy, *, reference: str = "") -> Vacancy:
    """Store one checked vacancy and call the hooks (inside the caller's unit of work)."""
    stored = repository.add(
        uow.session, vacancy, reference=reference, created_by=actor.user_id, at=now()
    )
    for hook in _published_hooks():
        hook(uow, notice(stored))
    return stored


def withdraw(uow: UnitOfWork, actor: Actor, vacancy_id: int) -> Vacancy:
    """Take a vacancy offline at once (it leaves the search, the sitemap and the feeds)."""
    with uow:
        found = repository.get(uow.session, vacancy_id)
        if found is None:
            raise NotFound(f"vacature {vacancy_id} bestaat niet")
        require(actor, "vacancy.write", _resource(found.organisation))
        repository.withdraw(uow.session, vacancy_id, now())
        uow.commit()
        withdrawn = repository.get(uow.session, vacancy_id)
    assert withdrawn is not None
    return withdrawn


@dataclass(frozen=True)
class Choices:
    """What the forms and filters offer: the classification and the fixed lists."""

    classification: list[ClassificationRef]
    sectors: tuple[str, ...] = SECTOR_NAMES
    contracts: tuple[tuple[str, str], ...] = tuple(CONTRACTS.items())
    regions: tuple[str, ...] = REGIONS
    hours: tuple[tuple[str, str], ...] = tuple(HOURS.items())

    @property
    def programmes(self) -> list[str]:
        return sorted({ref.programme for ref in self.classification})

    @property
    def levels(self) -> list[str]:
        return list(dict.fromkeys(ref.level for ref in self.classification))

    @property
    def occupations(self) -> list[str]:
        return sorted({ref.occupation for ref in self.classification})

    @property
    def specialisations(self) -> list[str]:
        return sorted({ref.specialisation for ref in self.classification} - {""})


def choices(uow: UnitOfWork) -> Choices:
    return Choices(datahub.classification(uow))


# --- public reads ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    """One page of a search."""

    vacancies: list[Vacancy]
    total: int
    page: int
    page_size: int
    capped: bool = False
    """More than :data:`MAX_COUNT` match: ``total`` is the cap (pages go as far as it)."""

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def search(uow: UnitOfWork, query: Search, *, page: int = 1, page_size: int = PAGE_SIZE) -> Found:
    """Open vacancies matching ``query``, newest first (expired and withdrawn ones never)."""
    size = max(1, min(page_size, MAX_PAGE_SIZE))
    day = today()
    with uow:
        key = (repository.version(uow.session), day, query)
        total = _cached(key, lambda: repository.count(uow.session, query, day, MAX_COUNT))
        found = repository.search(
            uow.session, query, day, offset=(max(page, 1) - 1) * size, limit=size
        )
    return Found(found, min(total, MAX_COUNT), max(page, 1), size, capped=total > MAX_COUNT)


def version(uow: UnitOfWork) -> Hashable:
    """Changes whenever the open vacancies may change: a vacancy published or withdrawn in this
    store, or a new day (vacancies close at the end of their closing day)."""
    with uow:
        return (repository.version(uow.session), today())


def _cached(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` once per ``key`` (a store's version, the day, the question) per process."""
    with _LOCK:
        if key in _CACHE:
            return cast(T, _CACHE[key])
    value = compute()
    with _LOCK:
        if len(_CACHE) >= CACHE_SIZE:
            _CACHE.clear()
        _CACHE[key] = value
    return value


MAX_ID = 2_147_483_647


def vacancy(uow: UnitOfWork, vacancy_id: int | str) -> Vacancy:
    """A vacancy by id (a number, or its text from a path), open or not (the page says when it
    is closed); never an applicant. An id that is no number is not found either."""
    with uow:
        text = str(vacancy_id)
        number = int(text) if text.isdigit() and len(text) <= len(str(MAX_ID)) else 0
        found = repository.get(uow.session, number) if 1 <= number <= MAX_ID else None
    if found is None:
        raise NotFound(f"vacature {vacancy_id} bestaat niet")
    return found


def open_vacancies_of(uow: UnitOfWork, organisation: str) -> list[Vacancy]:
    """The open vacancies of ``organisation``, newest first (public; for the job fairs)."""
    return search(uow, Search(organisation=organisation), page_size=MAX_PAGE_SIZE).vacancies


def organisation_vacancies(uow: UnitOfWork, actor: Actor, organisation: str) -> list[Vacancy]:
    """Every vacancy of ``organisation``, also closed and withdrawn ones (its own account)."""
    require(actor, "vacancy.write", _resource(organisation))
    with uow:
        return repository.of_organisation(uow.session, organisation)


@dataclass(frozen=True)
class RegionCount:
    region: str
    open: int


def regions(uow: UnitOfWork) -> list[RegionCount]:
    """Every region with its number of open vacancies (zero included)."""
    day = today()
    with uow:
        key = (repository.version(uow.session), day, "regions")
        counts = _cached(key, lambda: repository.open_per_region(uow.session, day))
    return [RegionCount(region, counts.get(region, 0)) for region in REGIONS]


def sitemap_entries(uow: UnitOfWork) -> list[tuple[int, date]]:
    """Id and posting date of every open vacancy (expired ones leave the sitemap)."""
    with uow:
        return repository.open_ids(uow.session, today(), SITEMAP_LIMIT)


# --- applications ------------------------------------------------------------------------------


def apply(
    uow: UnitOfWork,
    vacancy_id: int,
    form: ApplicationForm,
    *,
    source_fair_id: int | None = None,
) -> Application:
    """Store an application for an open vacancy (anyone may apply; consent is recorded with the
    time) and mail the applicant a confirmation after the commit."""
    checked = check_application(form)
    with uow:
        found = repository.get(uow.session, vacancy_id)
        if found is None:
            raise NotFound(f"vacature {vacancy_id} bestaat niet")
        if not found.open_on(today()):
            raise InvalidInput.single("deze vacature is afgesloten", field="vacancy")
        if found.apply_url:
            raise InvalidInput.single(
                "voor deze vacature solliciteer je via de link van de organisatie", field="vacancy"
            )
        stored = repository.add_application(
            uow.session,
            found,
            checked,
            at=now(),
            consent_version=CONSENT_VERSION,
            source_fair_id=source_fair_id,
        )
        body = (
            f"Dag {stored.name},\n\nJe sollicitatie voor '{found.title}' bij {found.organisation} "
            "is goed aangekomen. De organisatie antwoordt je via krapte.\n"
        )
        send_after_commit(uow, get_settings(), stored.email, "Je sollicitatie is verstuurd", body)
        uow.commit()
    return stored


def applications(
    uow: UnitOfWork, actor: Actor, organisation: str, *, vacancy_id: int | None = None
) -> list[Application]:
    """The applications to ``organisation``'s vacancies (only that organisation may read them)."""
    require(actor, "application.read", _resource(organisation, "application"))
    with uow:
        return repository.applications(uow.session, [organisation], vacancy_id=vacancy_id)


def answer(uow: UnitOfWork, actor: Actor, application_id: int, text: str) -> Application:
    """The organisation answers an application; the answer is mailed to the applicant."""
    cleaned = text.strip()
    with uow:
        found = repository.application(uow.session, application_id)
        if found is None:
            raise NotFound(f"sollicitatie {application_id} bestaat niet")
        require(actor, "application.answer", _resource(found.organisation, "application"))
        if not cleaned or len(cleaned) > MAX_ANSWER:
            raise InvalidInput.single(
                f"schrijf een antwoord (hoogstens {MAX_ANSWER} tekens)", field="answer"
            )
        repository.answer(uow.session, application_id, cleaned, now())
        body = (
            f"Dag {found.name},\n\n{found.organisation} antwoordt op je sollicitatie voor "
            f"'{found.vacancy_title}':\n\n{cleaned}\n"
        )
        send_after_commit(
            uow, get_settings(), found.email, f"Antwoord van {found.organisation}", body
        )
        uow.commit()
        answered = repository.application(uow.session, application_id)
    assert answered is not None
    return answered


def applications_from_fair(uow: UnitOfWork, fair_id: int) -> dict[str, int]:
    """Applications that came from job fair ``fair_id`` (their ``source_fair_id``), counted per
    organisation: counts only, no personal data (for :func:`krapte.fairs.service.
    record_applications`)."""
    with uow:
        return repository.applications_from_fair(uow.session, fair_id)


KEEP_APPLICATIONS_DAYS = 365
"""Applications are deleted a year after their vacancy closed (the consent text says so)."""


def purge_applications(uow: UnitOfWork, actor: Actor, *, on: date | None = None) -> int:
    """Delete the applications to vacancies closed more than a year before ``on`` (today)."""
    require(actor, "person.delete")
    day = (on or today()) - timedelta(days=KEEP_APPLICATIONS_DAYS)
    with uow:
        deleted = repository.delete_applications_closed_before(uow.session, day)
        uow.commit()
    return deleted


@dataclass(frozen=True)
class AnswerReport:
    """Days to a first answer: the organisation's own figure and the sector's cells."""

    own: AnswerTimes | None
    sectors: list[AnswerTimes]

    def as_dict(self) -> dict[str, object]:
        return {
            "own": self.own.as_dict() if self.own else None,
            "sectors": [cell.as_dict() for cell in self.sectors],
            "min_organisations": applications_core.MIN_ORGANISATIONS,
            "min_applications": applications_core.MIN_APPLICATIONS,
        }


def sector_answer_times(uow: UnitOfWork) -> list[AnswerTimes]:
    """Days to a first answer per sector and overall, small cells suppressed (public)."""
    with uow:
        return applications_core.by_sector(repository.answered(uow.session))


def answer_times(uow: UnitOfWork, actor: Actor, organisation: str) -> AnswerReport:
    """The organisation's own days to a first answer (only for itself) beside the sector's."""
    require(actor, "application.read", _resource(organisation, "application"))
    with uow:
        rows = repository.answered(uow.session)
    own = applications_core.by_organisation(r for r in rows if r.organisation == organisation)
    return AnswerReport(own[0] if own else None, applications_core.by_sector(rows))

"""Job fairs: organisers create them, everyone reads them, organisers record what came of them.

Who may organise: administrators and analysts (the sector federation) every fair, organisation
users the fairs of their own organisations (``fair.manage``). Reading a fair is public and shows
no personal data: registration counts, never names or addresses (those are in
:mod:`krapte.fairs.registrations`, for visitors and organisers).

Other capabilities: a participant's open vacancies come from :mod:`krapte.vacancies` (and any
function added to :data:`VACANCY_SOURCES`); applications made through krapte's vacancy pages
from a fair's links count for it, beside those the organiser records
(:func:`record_applications`, e.g. applications received elsewhere).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from krapte.accounts.core.permissions import (
    SYSTEM,
    Actor,
    Resource,
    Role,
    allowed,
    require,
)
from krapte.db.uow import UnitOfWork
from krapte.errors import InvalidInput, KrapteError, NotFound, Problem
from krapte.fairs import repository as repo
from krapte.fairs.core.form import parse_form
from krapte.fairs.core.ical import fair_calendar
from krapte.fairs.core.records import FORM, Fair, NewFair, check_new_fair
from krapte.placement.municipalities import check_municipality
from krapte.vacancies import service as vacancies

MANAGE = "fair.manage"
MAX_PAGE_SIZE = 100


def now() -> datetime:
    return datetime.now(UTC)


def fair_resource(organiser: str) -> Resource:
    return Resource("fair", organisation=organiser)


def may_organise(actor: Actor) -> bool:
    """Whether ``actor`` may create a fair at all (for the pages' links; services check again)."""
    return allowed(actor, MANAGE, Resource("fair", organisations=actor.organisations))


def may_manage(actor: Actor, fair: Fair) -> bool:
    return allowed(actor, MANAGE, fair_resource(fair.organiser))


def create_fair(uow: UnitOfWork, actor: Actor, new: NewFair) -> Fair:
    """Store a new fair: every problem at once in Dutch, nothing stored when there is one."""
    require(actor, MANAGE, fair_resource(new.organiser))
    problems = check_new_fair(new)
    municipality, reason = check_municipality(new.municipality)
    if municipality is None:
        problems.append(Problem(reason, file=FORM, field="municipality"))
    if problems:
        raise InvalidInput(problems)
    assert municipality is not None
    with uow:
        checked = replace(new, municipality=municipality.name)
        fair_id = repo.add_fair(uow.session, checked, municipality.province, now())
        uow.commit()
    return get_fair(uow, fair_id)


def create_fair_from_form(uow: UnitOfWork, actor: Actor, form: Mapping[str, str]) -> Fair:
    """A new fair from the organiser's form (see :mod:`krapte.fairs.core.form`): every problem
    of every field at once, the municipality's included; nothing stored when there is one."""
    require(actor, MANAGE, fair_resource(form.get("organiser", "").strip()))
    new, problems = parse_form(form)
    _, reason = check_municipality(form.get("municipality", ""))
    if reason:
        problems.append(Problem(reason, file=FORM, field="municipality"))
    if problems or new is None:
        raise InvalidInput(problems)
    return create_fair(uow, actor, new)


def require_organiser(actor: Actor) -> None:
    """Refuse (401/403) who may organise no fair at all (the new fair's form)."""
    require(actor, MANAGE, Resource("fair", organisations=actor.organisations))


def get_fair(uow: UnitOfWork, fair_id: int) -> Fair:
    """One fair with its counts (public: no personal data)."""
    with uow:
        found = repo.load_fair(uow.session, fair_id)
    if found is None:
        raise NotFound(f"jobbeurs {fair_id} bestaat niet")
    return found


@dataclass(frozen=True)
class FairPage:
    fairs: list[Fair]
    total: int
    provinces: list[str]
    past: bool
    province: str = ""
    offset: int = 0
    limit: int = 50


def list_fairs(
    uow: UnitOfWork,
    *,
    province: str = "",
    past: bool = False,
    offset: int = 0,
    limit: int = 50,
    at: datetime | None = None,
) -> FairPage:
    """Coming fairs (soonest first) or, with ``past``, fairs that are over (latest first)."""
    moment = at or now()
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    offset = max(0, offset)
    with uow:
        fairs, total = repo.list_fairs(
            uow.session,
            province=province,
            after=None if past else moment,
            before=moment if past else None,
            offset=offset,
            limit=limit,
        )
        provinces = repo.provinces(uow.session)
    return FairPage(fairs, total, provinces, past, province, offset, limit)


def managed_fairs(uow: UnitOfWork, actor: Actor) -> list[Fair]:
    """The fairs ``actor`` organises (administrators and analysts: every fair), latest first."""
    require(actor, MANAGE, Resource("fair", organisations=actor.organisations))
    every = allowed(actor, MANAGE)
    with uow:
        fairs, _ = repo.list_fairs(
            uow.session, organisers=None if every else actor.organisations, limit=MAX_PAGE_SIZE
        )
    return fairs


def calendar_file(uow: UnitOfWork, fair_id: int, url: str) -> bytes:
    """The fair as an iCalendar file (one event)."""
    return fair_calendar(get_fair(uow, fair_id), url, now())


# --- participants: their internship offers and open vacancies --------------------------------


@dataclass(frozen=True, slots=True)
class VacancyLink:
    """An open vacancy of a participating organisation, as the fair's page links it."""

    title: str
    url: str
    municipality: str = ""


#: The query parameter a vacancy link from a fair's page carries: the application form can keep
#: it as the application's ``source_fair_id`` (what :func:`record_applications` counts).
SOURCE_PARAMETER = "jobbeurs"


def from_fair(url: str, fair_id: int) -> str:
    """``url`` with ``?jobbeurs=<fair_id>`` (or ``&jobbeurs=...``) added before any fragment."""
    base, hash_, fragment = url.partition("#")
    joiner = "&" if "?" in base else "?"
    return f"{base}{joiner}{SOURCE_PARAMETER}={fair_id}{hash_}{fragment}"


VacancySource = Callable[[UnitOfWork, str], list[VacancyLink]]
VACANCY_SOURCES: list[VacancySource] = []
"""Functions giving an organisation's open vacancies; the vacancies capability's
``open_vacancies_of`` is added here at merge (an adapter to :class:`VacancyLink`)."""


@dataclass(frozen=True)
class Participant:
    organisation: str
    offers: int = 0
    """Internship offers in the fair's placement round (0 without a round)."""
    places: int = 0
    vacancies: list[VacancyLink] = field(default_factory=list)
    applications: int | None = None


def participants(uow: UnitOfWork, fair: Fair) -> list[Participant]:
    """Each participating organisation with its offers in the fair's round and its vacancies."""
    offers = _offers_by_organisation(uow, fair)
    through_krapte = vacancies.applications_from_fair(uow, fair.id)
    found = []
    for name in fair.participants:
        count, places = offers.get(name, (0, 0))
        links = [
            replace(link, url=from_fair(link.url, fair.id))
            for source in (_open_vacancies, *VACANCY_SOURCES)
            for link in source(uow, name)
        ]
        applications = fair.applications.get(name)
        if name in through_krapte:
            applications = (applications or 0) + through_krapte[name]
        found.append(Participant(name, count, places, links, applications))
    return found


def _open_vacancies(uow: UnitOfWork, organisation: str) -> list[VacancyLink]:
    """The organisation's open vacancies on krapte (:mod:`krapte.vacancies`)."""
    return [
        VacancyLink(found.title, f"/vacatures/{found.id}", found.municipality)
        for found in vacancies.open_vacancies_of(uow, organisation)
    ]


def _offers_by_organisation(uow: UnitOfWork, fair: Fair) -> dict[str, tuple[int, int]]:
    """Offers and places per participant in the fair's round (none when there is no round or
    the round is gone). Offers are public to the round's participants; the fair shows counts."""
    if fair.round_id is None or not fair.participants:
        return {}
    from krapte.placement.rounds.offers import MAX_PAGE_SIZE as OFFERS_PAGE
    from krapte.placement.rounds.offers import list_offers

    reader = Actor(
        user_id=SYSTEM.user_id,
        name="jobbeurs",
        roles=frozenset({Role.ADMIN}),
        organisations=frozenset(fair.participants),
    )
    found: dict[str, tuple[int, int]] = {}
    offset = 0
    try:
        while True:
            page = list_offers(uow, reader, fair.round_id, mine=True, offset=offset,
                               limit=OFFERS_PAGE)  # fmt: skip
            for offer in page.offers:
                count, places = found.get(offer.organisation, (0, 0))
                found[offer.organisation] = (count + 1, places + offer.capacity)
            offset += len(page.offers)
            if not page.offers or offset >= page.total:
                return found
    except KrapteError:  # the round is gone (anonymised) or not readable in its phase
        return {}


# --- after the event ----------------------------------------------------------------------------


def _managed(uow: UnitOfWork, actor: Actor, fair_id: int) -> Fair:
    """The fair, for one who may manage it (a stranger learns nothing else)."""
    fair = get_fair(uow, fair_id)
    require(actor, MANAGE, fair_resource(fair.organiser))
    return fair


def record_applications(
    uow: UnitOfWork, actor: Actor, fair_id: int, counts: Mapping[str, int]
) -> Fair:
    """Record the applications that came from the fair, per participating organisation.

    The integration point for vacancies: count the applications whose ``source_fair_id`` is
    this fair per organisation and pass them here (as :data:`SYSTEM` from a job, or as the
    organiser). Organisations that do not take part are refused; counts replace earlier ones.
    """
    fair = _managed(uow, actor, fair_id)
    problems = [
        Problem(f"'{name}' neemt niet deel aan deze jobbeurs", FORM, None, "applications")
        for name in counts
        if name not in fair.participants
    ] + [
        Problem(f"het aantal sollicitaties van '{name}' moet 0 of meer zijn", FORM, None,
                "applications")
        for name, count in counts.items()
        if count < 0
    ]  # fmt: skip
    if problems:
        raise InvalidInput(problems)
    with uow:
        repo.set_applications(uow.session, fair_id, counts)
        uow.commit()
    return get_fair(uow, fair_id)

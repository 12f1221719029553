"""Visitors of a job fair: registering, the waiting list, cancelling by a one-time link, and the
organiser's list of registrations and attendance.

A registration holds a name and an e-mail address (personal data), the version of the privacy
text the visitor agreed to and when. It gets a place while places are left, otherwise a place on
the waiting list; each registration mails its cancellation link (only its digest is stored).
Cancelling deletes the registration at once; the freed place goes to the first on the waiting
list, who is mailed. Mails go out after the commit: a failed write mails nobody.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote

from krapte.accounts.core.permissions import Actor, require
from krapte.accounts.mail import send_after_commit
from krapte.accounts.service import normalise_email
from krapte.db.uow import UnitOfWork
from krapte.errors import Conflict, InvalidInput, NotFound, Problem
from krapte.fairs import repository as repo
from krapte.fairs.core.records import FORM, MAX_CAPACITY, MAX_NAME, Fair, Registration, Status
from krapte.fairs.core.waiting_list import status_for_newcomer, to_move_up
from krapte.fairs.service import MANAGE, fair_resource, get_fair, now
from krapte.settings import Settings, get_settings

log = logging.getLogger(__name__)

CONSENT_TEXT = "jobbeurs-privacy-2026-11"
"""The version of the consent sentence on the registration form (``jobbeurs.html``), recorded
with each consent: change it whenever that sentence changes."""


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def cancel_link(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/jobbeurzen/annuleren/{quote(token)}"


@dataclass(frozen=True)
class Registered:
    """What a visitor sees after registering: a place, or their place on the waiting list."""

    fair: Fair
    status: Status
    position: int = 0
    """Their place on the waiting list (1: first); 0 with a place at the fair."""


def _check(name: str, email: str, consent: bool) -> str:
    problems: list[Problem] = []
    if not name.strip():
        problems.append(Problem("vul je naam in", FORM, None, "name"))
    elif len(name) > MAX_NAME:
        problems.append(Problem(f"je naam is te lang (hoogstens {MAX_NAME} tekens)", FORM, None,
                                "name"))  # fmt: skip
    address = ""
    try:
        address = normalise_email(email, field="email")
    except InvalidInput as exc:
        problems.extend(exc.problems)
    if not consent:
        problems.append(
            Problem("geef je toestemming om je inschrijving te bewaren", FORM, None, "consent")
        )
    if problems:
        raise InvalidInput(problems)
    return address


def register(
    uow: UnitOfWork,
    fair_id: int,
    name: str,
    email: str,
    *,
    consent: bool,
    base_url: str,
    settings: Settings | None = None,
) -> Registered:
    """Register a visitor: a place while places are left, else the waiting list; mailed."""
    address = _check(name, email, consent)
    settings = settings or get_settings()
    token = secrets.token_urlsafe(32)
    with uow:
        row = repo.fair_row(uow.session, fair_id, for_update=True)  # one registration at a time
        if row is None:
            raise NotFound(f"jobbeurs {fair_id} bestaat niet")
        if repo.utc(row.ends_at) <= now():
            raise Conflict("deze jobbeurs is voorbij; inschrijven kan niet meer")
        if repo.has_registration(uow.session, fair_id, address):
            raise Conflict(
                f"{address} is al ingeschreven voor deze jobbeurs; "
                "de mail met je inschrijving heeft een link om te annuleren"
            )
        status = status_for_newcomer(row.capacity, repo.registered_count(uow.session, fair_id))
        made = repo.add_registration(
            uow.session, fair_id, name.strip(), address, status, digest(token), CONSENT_TEXT, now()
        )
        position = 0
        if status is Status.WAITING:
            position = repo.waiting_position(uow.session, fair_id, made)
        fair = repo.load_fair(uow.session, fair_id)
        assert fair is not None
        link = cancel_link(base_url, token)
        send_after_commit(uow, settings, address, *_registered_mail(fair, status, link))
        uow.commit()
    return Registered(fair, status, position)


def _registered_mail(fair: Fair, status: Status, link: str) -> tuple[str, str]:
    if status is Status.REGISTERED:
        subject = f"Je bent ingeschreven: {fair.title}"
        opening = "Je bent ingeschreven voor de jobbeurs"
    else:
        subject = f"Je staat op de wachtlijst: {fair.title}"
        opening = (
            "De jobbeurs is volzet: je staat op de wachtlijst. Komt er een plaats vrij, dan "
            "krijg je die en een mail. Het gaat om de jobbeurs"
        )
    return subject, _body(opening, fair, link)


def _body(opening: str, fair: Fair, link: str) -> str:
    from krapte.formatting import long_date

    when = long_date(fair.starts_at.date())
    return (
        f"Dag,\n\n{opening} '{fair.title}' op {when} in {fair.venue}, {fair.municipality}.\n\n"
        f"Kun je niet komen? Annuleer dan met deze link, zodat iemand anders je plaats krijgt:\n"
        f"{link}\n"
    )


@dataclass(frozen=True)
class Cancellation:
    """What the cancellation page shows before the visitor confirms."""

    fair: Fair
    status: Status


PAST = "de jobbeurs is voorbij: annuleren kan niet meer (de aanwezigheden liggen vast)"


def cancellation(uow: UnitOfWork, token: str) -> Cancellation:
    with uow:
        found = repo.registration_by_token(uow.session, digest(token))
        if found is None:
            raise NotFound("deze link werkt niet (meer): de inschrijving is al geannuleerd")
        fair = repo.load_fair(uow.session, found.fair_id)
    assert fair is not None
    if fair.ends_at <= now():
        raise Conflict(PAST)
    return Cancellation(fair, found.status)


def cancel(
    uow: UnitOfWork, token: str, *, base_url: str, settings: Settings | None = None
) -> Cancellation:
    """Delete the registration of the link at once; a freed place goes to the first waiting."""
    settings = settings or get_settings()
    with uow:
        found = repo.registration_by_token(uow.session, digest(token))
        if found is None:
            raise NotFound("deze link werkt niet (meer): de inschrijving is al geannuleerd")
        row = repo.fair_row(uow.session, found.fair_id, for_update=True)
        assert row is not None
        if repo.utc(row.ends_at) <= now():
            raise Conflict(PAST)
        repo.delete_registration(uow.session, found.id)
        _fill_free_places(uow, row.id, row.capacity, base_url, settings)
        fair = repo.load_fair(uow.session, found.fair_id)
        assert fair is not None
        uow.commit()
    return Cancellation(fair, found.status)


def _fill_free_places(
    uow: UnitOfWork, fair_id: int, capacity: int, base_url: str, settings: Settings
) -> list[Registration]:
    """Move the first waiting registrations up into the free places and mail them."""
    registered = repo.registered_count(uow.session, fair_id)
    moved = repo.move_up(
        uow.session, to_move_up(capacity, registered, repo.waiting_ids(uow.session, fair_id))
    )
    if moved:
        fair = repo.load_fair(uow.session, fair_id)
        assert fair is not None
        for registration in moved:
            token = secrets.token_urlsafe(32)  # a new link: the old one was for the waiting list
            repo.set_token(uow.session, registration.id, digest(token))
            opening = "Er is een plaats vrijgekomen: je bent nu ingeschreven voor de jobbeurs"
            body = _body(opening, fair, cancel_link(base_url, token))
            subject = f"Je hebt een plaats: {fair.title}"
            send_after_commit(uow, settings, registration.email, subject, body)
    return moved


# --- the organiser's side --------------------------------------------------------------------


@dataclass(frozen=True)
class Visitors:
    """The organiser's view of a fair's registrations (personal data)."""

    fair: Fair
    registrations: list[Registration]

    @property
    def registered(self) -> list[Registration]:
        return [r for r in self.registrations if r.status is Status.REGISTERED]

    @property
    def waiting(self) -> list[Registration]:
        return [r for r in self.registrations if r.status is Status.WAITING]


def visitors(uow: UnitOfWork, actor: Actor, fair_id: int) -> Visitors:
    """Every registration of the fair, for who may manage it (checked before reading them)."""
    fair = get_fair(uow, fair_id)
    require(actor, MANAGE, fair_resource(fair.organiser))
    with uow:
        return Visitors(fair, repo.registrations(uow.session, fair_id))


def change_capacity(
    uow: UnitOfWork,
    actor: Actor,
    fair_id: int,
    capacity: int,
    *,
    base_url: str,
    settings: Settings | None = None,
) -> Fair:
    """A new number of places: more places go to the first on the waiting list (mailed); fewer
    places take no one's place away (the next freed places then stay free)."""
    fair = get_fair(uow, fair_id)
    require(actor, MANAGE, fair_resource(fair.organiser))
    if not 1 <= capacity <= MAX_CAPACITY:
        raise InvalidInput.single(
            f"het aantal plaatsen moet tussen 1 en {MAX_CAPACITY} liggen", field="capacity"
        )
    if fair.over(now()):
        raise Conflict("de jobbeurs is voorbij; het aantal plaatsen ligt vast")
    settings = settings or get_settings()
    with uow:
        repo.fair_row(uow.session, fair_id, for_update=True)  # registrations wait for this
        repo.set_capacity(uow.session, fair_id, capacity)
        _fill_free_places(uow, fair_id, capacity, base_url, settings)
        uow.commit()
    return get_fair(uow, fair_id)


MAX_WALK_INS = 1_000_000


def record_attendance(
    uow: UnitOfWork, actor: Actor, fair_id: int, present: set[int], walk_ins: int
) -> Fair:
    """After the fair has begun: who of the registered came, and how many came unregistered."""
    fair = get_fair(uow, fair_id)
    require(actor, MANAGE, fair_resource(fair.organiser))
    if fair.starts_at > now():
        raise Conflict("de jobbeurs is nog niet begonnen; aanwezigheden noteer je erna")
    problems = []
    if not 0 <= walk_ins <= MAX_WALK_INS:
        problems.append(Problem("het aantal bezoekers zonder inschrijving moet 0 of meer zijn",
                                FORM, None, "walk_ins"))  # fmt: skip
    with uow:
        known = {r.id for r in repo.registrations(uow.session, fair_id)
                 if r.status is Status.REGISTERED}  # fmt: skip
        strangers = sorted(present - known)
        if strangers:
            problems.append(Problem(f"geen ingeschreven bezoeker van deze beurs: {strangers[0]}",
                                    FORM, None, "present"))  # fmt: skip
        if problems:
            raise InvalidInput(problems)
        repo.set_attendance(uow.session, fair_id, present, walk_ins)
        uow.commit()
    return get_fair(uow, fair_id)


#: Days after a fair that its visitors' names and addresses are kept (for the organiser's
#: attendance list); then they are cleared.
KEEP_DAYS = 30


def forget_past_visitors(
    uow: UnitOfWork, actor: Actor, *, days: int = KEEP_DAYS, at: datetime | None = None
) -> int:
    """Clear the names and addresses of the visitors of fairs that ended more than ``days`` ago
    (administrators; `krapte fairs forget`). The counts of visitors stay. Returns how many."""
    require(actor, "person.delete")
    if days < 0:
        raise InvalidInput.single("de bewaartermijn kan niet negatief zijn", field="days")
    with uow:
        cleared = repo.forget_registrations_of_fairs_before(
            uow.session, (at or now()) - timedelta(days=days)
        )
        uow.commit()
    return cleared

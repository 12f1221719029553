"""The expert directory (rec 20): opt in, confirm, approve, search, contact, withdraw.

Every function takes the unit of work first (and the :class:`Actor` where someone acts on a
profile). Mails go out only after the commit (``uow.after_commit``), so a failed store sends
nothing. A withdrawn profile is deleted in the same transaction as the request: its pages and
API answers are gone at once (they are never cached: the routes answer ``no-store``).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from krapte.accounts.core.permissions import Actor, Resource, require
from krapte.accounts.mail import send_after_commit
from krapte.db.uow import UnitOfWork
from krapte.errors import InvalidInput, NotFound, Problem
from krapte.experts import repository as repo
from krapte.experts.core.profile import (
    CONSENT_VERSION,
    MAX_NAME,
    Profile,
    ProfileDraft,
    PublicProfile,
    Search,
    Status,
    check_email,
    checked,
)
from krapte.experts.throttle import Limit, check_and_record
from krapte.settings import Settings, get_settings

PAGE_SIZE = 20
CONFIRM_TTL = timedelta(days=7)
"""An opt-in not confirmed within this time is deleted (at the next opt-in)."""
MAX_PAGE_SIZE = 100
MAX_MESSAGE = 3000
DIRECTORY = Resource("expert")
OPT_IN_LIMITS = (Limit(5, timedelta(hours=1)),)
CONTACT_LIMITS = (
    Limit(5, timedelta(hours=1)),
    Limit(20, timedelta(days=1), by_subject=True),
)
GONE = "dit expertprofiel bestaat niet (meer)"
BAD_LINK = "deze link is niet (meer) geldig"


def now() -> datetime:
    return datetime.now(UTC)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _link(base_url: str, path: str, token: str) -> str:
    return f"{base_url.rstrip('/')}{path}/{quote(token)}"


@dataclass(frozen=True, slots=True)
class OptIn:
    """A profile made; the confirmation mail (outbox file name or "verstuurd") follows it."""

    profile: Profile
    confirm_link: str
    withdraw_link: str


def opt_in(
    uow: UnitOfWork,
    actor: Actor,
    draft: ProfileDraft,
    *,
    base_url: str,
    client: str,
    settings: Settings | None = None,
) -> OptIn:
    """Store a profile waiting for its e-mail address to be confirmed, and mail both links.

    A signed-in user's profile is linked to their account, so they can withdraw it there too.
    """
    clean = checked(draft)
    settings = settings or get_settings()
    confirm, withdraw = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    moment = now()
    with uow:
        check_and_record(uow.session, "optin", client, moment, OPT_IN_LIMITS)
        repo.forget_unconfirmed_profiles(uow.session, moment - CONFIRM_TTL)
        made = repo.add_profile(
            uow.session,
            clean,
            consent_version=CONSENT_VERSION,
            at=moment,
            confirm_hash=digest(confirm),
            withdraw_hash=digest(withdraw),
            user_id=actor.user_id if actor.authenticated and actor.user_id else None,
        )
        confirm_link = _link(base_url, "/experten/bevestigen", confirm)
        withdraw_link = _link(base_url, "/experten/intrekken", withdraw)
        body = (
            f"Dag {clean.name},\n\nJe vroeg om in de expertenlijst van krapte te staan. "
            f"Bevestig je e-mailadres met deze link:\n\n{confirm_link}\n\n"
            "Daarna kijkt een beheerder je profiel na. Je e-mailadres wordt nooit getoond.\n\n"
            "Wil je niet (meer) in de lijst staan? Met deze link trek je je toestemming in en "
            f"wissen we je gegevens meteen (bewaar deze mail):\n\n{withdraw_link}\n"
        )
        send_after_commit(
            uow, settings, clean.email, "Bevestig je profiel in de expertenlijst", body
        )
        uow.commit()
    return OptIn(made, confirm_link, withdraw_link)


def confirm(uow: UnitOfWork, token: str) -> Profile:
    """Confirm the e-mail address of a profile (the link works once, for seven days)."""
    with uow:
        found = repo.profile_by_hash(uow.session, "confirm", digest(token))
        if found is None or found.created_at + CONFIRM_TTL < now():
            raise NotFound(BAD_LINK)
        repo.confirm_profile(uow.session, found.id)
        uow.commit()
    return _with_status(found, Status.PENDING)


def _with_status(profile: Profile, status: Status) -> Profile:
    return replace(profile, status=status)


def profiles(uow: UnitOfWork, actor: Actor, status: Status | None = None) -> list[Profile]:
    """Every profile (or those with ``status``), for administrators."""
    require(actor, "expert.manage", DIRECTORY)
    with uow:
        return repo.profiles_by_status(uow.session, status)


def approve(
    uow: UnitOfWork, actor: Actor, expert_id: int, *, settings: Settings | None = None
) -> Profile:
    """Make a confirmed profile public, and tell the expert."""
    require(actor, "expert.manage", DIRECTORY)
    settings = settings or get_settings()
    with uow:
        found = repo.profile(uow.session, expert_id)
        if found is None:
            raise NotFound(GONE)
        if found.status is not Status.PENDING:
            raise InvalidInput.single(
                f"alleen een bevestigd profiel kan goedgekeurd worden; dit is: {found.status}",
                field="status",
            )
        repo.approve_profile(uow.session, expert_id, now(), actor.user_id)
        body = (
            f"Dag {found.public.name},\n\nJe profiel staat nu in de expertenlijst van krapte. "
            "Journalisten en anderen bereiken je via het contactformulier; je e-mailadres ziet "
            "niemand.\n\nJe kunt je toestemming altijd intrekken met de link uit je eerste mail."
        )
        send_after_commit(uow, settings, found.email, "Je staat in de expertenlijst", body)
        uow.commit()
    return _with_status(found, Status.APPROVED)


def remove(uow: UnitOfWork, actor: Actor, expert_id: int) -> None:
    """An administrator refuses or removes a profile: it is deleted with all its data."""
    require(actor, "expert.manage", DIRECTORY)
    with uow:
        if not repo.delete_profile(uow.session, expert_id):
            raise NotFound(GONE)
        uow.commit()


@dataclass(frozen=True, slots=True)
class ExpertPage:
    experts: list[PublicProfile]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def search(
    uow: UnitOfWork, wanted: Search, page: int = 1, page_size: int = PAGE_SIZE
) -> ExpertPage:
    """One page of approved experts that match (public: nothing personal beyond the profile)."""
    size = max(1, min(page_size, MAX_PAGE_SIZE))
    page = max(1, page)
    with uow:
        found, total = repo.search_profiles(uow.session, wanted, (page - 1) * size, size)
    return ExpertPage(found, total, page, size)


def public_profile(uow: UnitOfWork, expert_id: int) -> PublicProfile:
    """An approved expert's public profile (NotFound for anything else)."""
    with uow:
        found = repo.profile(uow.session, expert_id)
    if found is None or found.status is not Status.APPROVED:
        raise NotFound(GONE)
    return found.public


def contact(
    uow: UnitOfWork,
    expert_id: int,
    *,
    sender_name: str,
    sender_email: str,
    message: str,
    client: str,
    settings: Settings | None = None,
) -> None:
    """Relay a message to an approved expert; the sender never learns their address.

    The expert gets the message with the sender's address as ``Reply-To``; nothing of the
    message is stored (only a throttle entry: which expert, when, the client's digest).
    """
    settings = settings or get_settings()
    problems: list[Problem] = []
    name = " ".join(sender_name.split())
    text = message.strip()
    if not name or len(name) > MAX_NAME:
        problems.append(Problem(f"vul je naam in (hoogstens {MAX_NAME} tekens)", field="naam"))
    if not text or len(text) > MAX_MESSAGE:
        limit = f"schrijf een bericht (hoogstens {MAX_MESSAGE} tekens)"
        problems.append(Problem(limit, field="bericht"))
    try:
        email = check_email(sender_email)
    except InvalidInput as exc:
        email = ""
        problems.extend(exc.problems)
    if problems:
        raise InvalidInput(problems, "het bericht is niet in orde")
    with uow:
        found = repo.profile(uow.session, expert_id)
        if found is None or found.status is not Status.APPROVED:
            raise NotFound(GONE)
        moment = now()
        check_and_record(
            uow.session, "contact", client, moment, CONTACT_LIMITS, subject=str(expert_id)
        )
        body = (
            f"Dag {found.public.name},\n\n{name} ({email}) stuurt je dit bericht via de "
            f"expertenlijst van krapte:\n\n{text}\n\n"
            "Je e-mailadres is niet gedeeld. Antwoord je op deze mail, dan ziet de afzender "
            "je adres; wil je dat niet, antwoord dan niet.\n"
        )
        subject = f"Bericht via de expertenlijst van {name}"[:150]
        send_after_commit(uow, settings, found.email, subject, body, {"Reply-To": email})
        uow.commit()


def withdrawal(uow: UnitOfWork, token: str) -> PublicProfile:
    """The profile a withdrawal link belongs to (to ask "are you sure?")."""
    with uow:
        found = repo.profile_by_hash(uow.session, "withdraw", digest(token))
    if found is None:
        raise NotFound(BAD_LINK)
    return found.public


def withdraw(uow: UnitOfWork, token: str) -> str:
    """Withdraw consent by the mailed link: the profile and its data are deleted at once."""
    with uow:
        found = repo.profile_by_hash(uow.session, "withdraw", digest(token))
        if found is None:
            raise NotFound(BAD_LINK)
        repo.delete_profile(uow.session, found.id)
        uow.commit()
    return found.public.name


def own_profiles(uow: UnitOfWork, actor: Actor) -> list[Profile]:
    """The signed-in user's own profiles (with their status)."""
    require(actor, "expert.own", DIRECTORY)
    with uow:
        return repo.profiles_of_user(uow.session, actor.user_id or 0)


def withdraw_own(uow: UnitOfWork, actor: Actor, expert_id: int) -> None:
    """Withdraw one's own profile from one's account: deleted at once."""
    require(actor, "expert.own", DIRECTORY)
    with uow:
        found = repo.profile(uow.session, expert_id)
        if found is None or found.user_id is None or found.user_id != actor.user_id:
            raise NotFound(GONE)
        repo.delete_profile(uow.session, expert_id)
        uow.commit()

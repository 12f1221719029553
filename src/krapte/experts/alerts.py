"""Job alerts (report 4.2.2.2): subscribe by region, diploma and level; double opt-in; one-click
unsubscribe in every mail; and :func:`on_vacancy_published`, the hook the vacancies capability
calls after it publishes a vacancy (the lead adds it to ``krapte.vacancies.service.
PUBLISHED_HOOKS``; this module never imports vacancies).

Subscribing answers the same whatever the address (already subscribed or not), so the form does
not tell anyone who is subscribed; the mail says what happened. Unsubscribing deletes the
subscription with its links and deliveries. Mails go out after the commit.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from krapte.accounts.mail import send_after_commit, send_message
from krapte.db.uow import UnitOfWork
from krapte.errors import InvalidInput, KrapteError, NotFound
from krapte.experts import repository as repo
from krapte.experts.core.alerts import CONSENT_VERSION, Criteria, Notice, alert_body, matches
from krapte.experts.core.profile import check_email
from krapte.experts.repository import Subscription
from krapte.experts.service import digest
from krapte.experts.throttle import Limit, check_and_record
from krapte.settings import Settings, get_settings

log = logging.getLogger(__name__)
CONFIRM_TTL = timedelta(days=3)
SUBSCRIBE_LIMITS = (Limit(5, timedelta(hours=1)),)
CONFIRM_PATH = "/jobmeldingen/bevestigen"
UNSUBSCRIBE_PATH = "/jobmeldingen/uitschrijven"
BAD_LINK = "deze link is niet (meer) geldig; misschien ben je al uitgeschreven"
MAX_BASE_URL = 300


def now() -> datetime:
    return datetime.now(UTC)


def _link(base_url: str, path: str, token: str) -> str:
    return f"{base_url.rstrip('/')}{path}/{quote(token)}"


def _new_token(uow: UnitOfWork, subscription: Subscription, purpose: str, at: datetime) -> str:
    token = secrets.token_urlsafe(32)
    repo.add_token(uow.session, subscription.id, digest(token), purpose, at)
    return token


def _unsubscribe_headers(link: str) -> dict[str, str]:
    return {"List-Unsubscribe": f"<{link}>"}


def subscribe(
    uow: UnitOfWork,
    email: str,
    criteria: Criteria,
    *,
    consent: bool,
    base_url: str,
    client: str,
    settings: Settings | None = None,
) -> None:
    """Ask for alerts: a confirmation mail (double opt-in), or a reminder when already active."""
    address = check_email(email)
    if not consent:
        raise InvalidInput.single(
            "geef je toestemming om jobmeldingen te ontvangen", field="toestemming"
        )
    settings = settings or get_settings()
    moment = now()
    with uow:
        check_and_record(uow.session, "subscribe", client, moment, SUBSCRIBE_LIMITS)
        repo.forget_unconfirmed_subscriptions(uow.session, moment - CONFIRM_TTL)
        found = repo.subscription_for(uow.session, address, criteria)
        if found is None:
            found = repo.add_subscription(
                uow.session, address, criteria, CONSENT_VERSION, moment, base_url[:MAX_BASE_URL]
            )
        if found.active:
            link = _link(
                found.base_url, UNSUBSCRIBE_PATH, _new_token(uow, found, "unsubscribe", moment)
            )
            subject = "Je jobmelding loopt al"
            body = (
                f"Je bent al ingeschreven voor jobmeldingen {criteria.describe()}.\n\n"
                f"Wil je geen jobmeldingen meer? Schrijf je met één klik uit:\n{link}\n"
            )
            headers = _unsubscribe_headers(link)
        else:
            link = _link(base_url, CONFIRM_PATH, _new_token(uow, found, "confirm", moment))
            subject = "Bevestig je jobmelding"
            body = (
                f"Je vroeg jobmeldingen {criteria.describe()}.\n\n"
                f"Bevestig met deze link (hij werkt {CONFIRM_TTL.days} dagen):\n{link}\n\n"
                "Vroeg je niets? Dan hoef je niets te doen: zonder bevestiging krijg je niets.\n"
            )
            headers = {}
        send_after_commit(uow, settings, address, subject, body, headers)
        uow.commit()


def confirm(uow: UnitOfWork, token: str) -> Criteria:
    """Confirm a subscription (double opt-in); the link works once, for three days."""
    with uow:
        found = repo.subscription_by_token(uow.session, digest(token), "confirm")
        if found is None or found[1] + CONFIRM_TTL < now():
            raise NotFound(BAD_LINK)
        repo.activate(uow.session, found[0].id, now())
        uow.commit()
    return found[0].criteria


def unsubscription(uow: UnitOfWork, token: str) -> Criteria:
    """What an unsubscribe link would end (to show before the one click)."""
    with uow:
        found = repo.subscription_by_token(uow.session, digest(token), "unsubscribe")
    if found is None:
        raise NotFound(BAD_LINK)
    return found[0].criteria


def unsubscribe(uow: UnitOfWork, token: str) -> Criteria:
    """End a subscription by a link from one of its mails: deleted at once, with its data."""
    with uow:
        found = repo.subscription_by_token(uow.session, digest(token), "unsubscribe")
        if found is None:
            raise NotFound(BAD_LINK)
        repo.delete_subscription(uow.session, found[0].id)
        uow.commit()
    return found[0].criteria


@dataclass(frozen=True, slots=True)
class Sent:
    """What :func:`on_vacancy_published` queued: how many subscribers get the vacancy."""

    vacancy_id: int
    recipients: int


def on_vacancy_published(uow: UnitOfWork, notice: Notice) -> None:
    """The hook for ``krapte.vacancies.service.PUBLISHED_HOOKS``: see :func:`alert_vacancy`."""
    alert_vacancy(uow, notice)


def alert_vacancy(uow: UnitOfWork, notice: Notice, settings: Settings | None = None) -> Sent:
    """Mail every confirmed subscriber whose criteria the new vacancy meets (once per vacancy).

    Runs inside the publishing unit of work: the deliveries are stored with the vacancy and the
    mails leave only after the commit, each with its own one-click unsubscribe link.
    """
    settings = settings or get_settings()
    moment = now()
    with uow:
        already = repo.delivered(uow.session, notice.id)
        chosen = [
            found
            for found in repo.active_subscriptions(uow.session, notice.province)
            if found.id not in already and matches(found.criteria, notice)
        ]
        mails: list[tuple[str, str, str, dict[str, str]]] = []
        for found in chosen:
            link = _link(
                found.base_url, UNSUBSCRIBE_PATH, _new_token(uow, found, "unsubscribe", moment)
            )
            repo.add_delivery(uow.session, found.id, notice.id, moment)
            subject = f"Nieuwe vacature: {' '.join(notice.title.split())}"[:150]
            body = alert_body(notice, found.criteria, link)
            mails.append((found.email, subject, body, _unsubscribe_headers(link)))

        def send_all() -> None:
            for to, subject, body, headers in mails:
                try:
                    send_message(settings, to, subject, body, headers)
                except KrapteError as exc:  # one bad address or a busy server: the rest still go
                    log.warning("jobmelding niet verstuurd: %s", exc.message)

        if mails:
            uow.after_commit(send_all)
        uow.commit()
    return Sent(notice.id, len(mails))

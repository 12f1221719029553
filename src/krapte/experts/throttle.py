"""Rate limits of the public forms (opt-in, contact, subscribe), kept in the store.

A client is known only by the SHA-256 of its address; uses older than the longest window are
forgotten at every new use, so the log never grows beyond a day of traffic.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from krapte.errors import Conflict
from krapte.experts import repository as repo

KEEP = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Limit:
    """At most ``count`` uses per ``window``, by client or (``by_subject``) by what is used."""

    count: int
    window: timedelta
    by_subject: bool = False


class TooFast(Conflict):
    """Too many uses of a form: wait ``retry_after_s`` seconds (the web answers 429)."""

    code = "too_many_requests"
    http_status = 429

    def __init__(self, retry_after_s: int) -> None:
        minutes = max(1, math.ceil(retry_after_s / 60))
        super().__init__(
            "je gebruikte dit formulier te vaak na elkaar; probeer het opnieuw over "
            f"{minutes} {'minuut' if minutes == 1 else 'minuten'}"
        )
        self.retry_after_s = retry_after_s


def client_key(client: str) -> str:
    return hashlib.sha256(client.encode("utf-8", "replace")).hexdigest()


def check_and_record(
    session: Session,
    kind: str,
    client: str,
    moment: datetime,
    limits: tuple[Limit, ...],
    subject: str = "",
) -> None:
    """Raise :class:`TooFast` when a limit is reached; otherwise record this use."""
    key = client_key(client)
    repo.forget_uses(session, moment - KEEP)
    for limit in limits:
        since = moment - limit.window
        count, oldest = (
            repo.count_uses(session, kind, since, subject=subject)
            if limit.by_subject
            else repo.count_uses(session, kind, since, client=key)
        )
        if count >= limit.count and oldest is not None:
            wait = math.ceil((oldest + limit.window - moment).total_seconds())
            raise TooFast(max(wait, 1))
    repo.record_use(session, kind, subject, key, moment)

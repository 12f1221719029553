"""Tiny builders for the job fairs' tests: actors, a new fair, registering, the outbox."""

from __future__ import annotations

import email
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from krapte.accounts.core.permissions import Actor, Role
from krapte.bootstrap import Container
from krapte.fairs import registrations, service
from krapte.fairs.core.records import Fair, ItemKind, NewFair, ProgrammeItem

ORGANISER = "Sociare Oost"
ANALYST = Actor(user_id=21, name="Ann Analist", roles=frozenset({Role.ANALYST}))
ORGANISER_USER = Actor(
    user_id=22, name="Olga", roles=frozenset({Role.ORGANISATION}),
    organisations=frozenset({ORGANISER}),
)  # fmt: skip
STRANGER = Actor(
    user_id=23, name="Stijn", roles=frozenset({Role.ORGANISATION}),
    organisations=frozenset({"Andere Vzw"}),
)  # fmt: skip
STUDENT = Actor(user_id=24, name="Sam", roles=frozenset({Role.STUDENT}))
BASE_URL = "https://krapte.example"
_LINK = re.compile(r"https?://\S+?/jobbeurzen/annuleren/(\S+)")


def soon(days: int = 10, hour: int = 9) -> datetime:
    start = datetime.now(UTC) + timedelta(days=days)
    return start.replace(hour=hour, minute=0, second=0, microsecond=0)


def new_fair(
    capacity: int = 2,
    *,
    organiser: str = ORGANISER,
    municipality: str = "Gent",
    starts_at: datetime | None = None,
    hours: int = 6,
    participants: tuple[str, ...] = ("Vzw De Link", "OCMW Gent"),
    round_id: int | None = None,
    **kwargs: object,
) -> NewFair:
    start = starts_at or soon()
    programme = (
        ProgrammeItem(
            start + timedelta(hours=1), "Werken in het OCMW", ItemKind.PITCH, "OCMW Gent"
        ),
        ProgrammeItem(start + timedelta(hours=2), "Solliciteren zonder diploma", ItemKind.WORKSHOP),
    )
    fields: dict[str, object] = {
        "title": "Jobbeurs sociaal werk Gent",
        "organiser": organiser,
        "municipality": municipality,
        "venue": "ICC, Van Rysselberghedreef 2",
        "starts_at": start,
        "ends_at": start + timedelta(hours=hours),
        "capacity": capacity,
        "description": "Maak kennis met werkgevers uit de sector.",
        "participants": participants,
        "programme": programme,
        "round_id": round_id,
        **kwargs,
    }
    return NewFair(**fields)  # type: ignore[arg-type]


def add_fair(container: Container, capacity: int = 2, **kwargs: object) -> Fair:
    return service.create_fair(
        container.unit_of_work(write=True), ANALYST, new_fair(capacity, **kwargs)
    )


def register(
    container: Container, fair_id: int, address: str, name: str = "Bezoeker"
) -> registrations.Registered:
    return registrations.register(
        container.unit_of_work(write=True),
        fair_id,
        name,
        address,
        consent=True,
        base_url=BASE_URL,
        settings=container.settings,
    )


def mails(container: Container, to: str) -> list[email.message.Message]:
    """The messages to ``to`` in the outbox, oldest first."""
    folder: Path = container.settings.outbox_folder
    found = [email.message_from_string(p.read_text("utf-8")) for p in _by_age(folder)]
    return [m for m in found if m["To"] == to]


def cancel_token(container: Container, to: str) -> str:
    """The cancellation token of the latest mail to ``to`` (as the visitor would follow it)."""
    body = mails(container, to)[-1].get_payload(decode=True)
    assert isinstance(body, bytes)
    found = _LINK.search(body.decode("utf-8"))
    assert found, "no cancellation link in the mail"
    return found.group(1)


def _by_age(folder: Path) -> list[Path]:
    """The outbox's files, oldest first (names hold the second only, not the order within it)."""
    return sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)

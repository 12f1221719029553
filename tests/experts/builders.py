"""Tiny builders for expert and job-alert tests: a draft, a profile at any step, the outbox."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from krapte.accounts.core.permissions import ANONYMOUS, SYSTEM
from krapte.bootstrap import Container
from krapte.experts import service
from krapte.experts.core.profile import ProfileDraft

BASE = "http://krapte.test"
_LINK = re.compile(r"http://krapte\.test(/[^\s>]+)")


def draft(**overrides: Any) -> ProfileDraft:
    """A valid opt-in; override any field."""
    fields: dict[str, Any] = {
        "name": "An Peeters",
        "email": "an.peeters@voorbeeld.be",
        "fields": ("jeugdhulp",),
        "region": "Antwerpen",
        "languages": ("Nederlands", "Frans"),
        "availability": "Op weekdagen na 16 uur",
        "summary": "Maatschappelijk werker in de jeugdhulp sinds 2010.",
        "consent": True,
    }
    fields.update(overrides)
    return ProfileDraft(**fields)


@dataclass(frozen=True)
class Made:
    id: int
    confirm_token: str
    withdraw_token: str


def opted_in(container: Container, client: str = "10.0.0.1", **overrides: Any) -> Made:
    made = service.opt_in(
        container.unit_of_work(write=True),
        overrides.pop("actor", ANONYMOUS),
        draft(**overrides),
        base_url=BASE,
        client=client,
        settings=container.settings,
    )
    return Made(
        made.profile.id,
        made.confirm_link.rsplit("/", 1)[1],
        made.withdraw_link.rsplit("/", 1)[1],
    )


def approved(container: Container, **overrides: Any) -> Made:
    """A profile that is confirmed and approved (public)."""
    made = opted_in(container, **overrides)
    service.confirm(container.unit_of_work(write=True), made.confirm_token)
    service.approve(
        container.unit_of_work(write=True), SYSTEM, made.id, settings=container.settings
    )
    return made


def outbox(container: Container) -> list[str]:
    """The text of every mail in the outbox, oldest first."""
    folder: Path = container.settings.outbox_folder
    if not folder.is_dir():
        return []
    return [_readable(path.read_bytes()) for path in sorted(folder.glob("*.eml"), key=_written)]


def _written(path: Path) -> tuple[int, str]:
    return path.stat().st_mtime_ns, path.name


def _readable(raw: bytes) -> str:
    """A mail's headers and its decoded body (the file may be quoted-printable)."""
    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    headers = "\n".join(f"{name}: {value}" for name, value in message.items())
    return f"{headers}\n\n{message.get_content()}"


def links(mail: str) -> list[str]:
    """The site paths of the links in a mail (``/experten/bevestigen/...``)."""
    return _LINK.findall(mail)

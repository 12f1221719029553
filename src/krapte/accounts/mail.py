"""Mail from krapte: by SMTP when ``KRAPTE_SMTP_HOST`` is set, otherwise an ``.eml`` file in the
outbox folder (``KRAPTE_OUTBOX``, default ``KRAPTE_HOME/outbox``) that an administrator can open
or forward. Messages are built with the standard library's :mod:`email` package.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
from collections.abc import Mapping
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from krapte.errors import Conflict, KrapteError, os_error
from krapte.settings import Settings
from krapte.tabular import write_text_atomically

if TYPE_CHECKING:
    from krapte.db.uow import UnitOfWork

SENT = "verstuurd"


def build_message(
    settings: Settings,
    to: str,
    subject: str,
    body: str,
    headers: Mapping[str, str] | None = None,
) -> EmailMessage:
    """A plain-text message; ``headers`` adds others (``Reply-To``, ``List-Unsubscribe``)."""
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain="krapte")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    return message


def send_message(
    settings: Settings,
    to: str,
    subject: str,
    body: str,
    headers: Mapping[str, str] | None = None,
) -> str:
    """Send one plain-text message; returns "verstuurd" or the outbox file's name."""
    message = build_message(settings, to, subject, body, headers)
    if settings.smtp_host:
        return _send_smtp(settings, message)
    return _write_outbox(settings.outbox_folder, message).name


def send_after_commit(
    uow: UnitOfWork,
    settings: Settings,
    to: str,
    subject: str,
    body: str,
    headers: Mapping[str, str] | None = None,
) -> None:
    """Send once ``uow`` commits (never for work that was rolled back). A mail that fails then is
    logged, not raised: the stored work stands, and an error page would make the person try
    again and be stored twice."""

    def send() -> None:
        try:
            send_message(settings, to, subject, body, headers)
        except KrapteError as exc:
            logging.getLogger(__name__).warning("mail niet verstuurd: %s", exc.message)

    uow.after_commit(send)


def _send_smtp(settings: Settings, message: EmailMessage) -> str:
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise Conflict(
            f"de mail kon niet verstuurd worden via {settings.smtp_host}: {type(exc).__name__}"
        ) from exc
    return SENT


def _write_outbox(folder: Path, message: EmailMessage) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = folder / f"{stamp}-{secrets.token_hex(4)}.eml"
    text = message.as_string()

    def fill(handle: TextIO) -> None:
        handle.write(text)

    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_text_atomically(target, fill)
    except OSError as exc:
        raise Conflict(f"de mail kon niet in de map {folder.name} komen: {os_error(exc)}") from exc
    return target

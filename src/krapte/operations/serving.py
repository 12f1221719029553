"""Serving for real: the settings `krapte serve` checks at start, and the store's readiness.

:func:`check_serving` runs before the server binds its port. In production
(``KRAPTE_ENV=production``) it refuses, with Dutch reasons that name the setting:

* a secret key that is missing, short or a well-known placeholder (the development default is a
  random key in a file in KRAPTE_HOME, which every server of a cluster would make differently);
* every host allowed (``*``): Host-header attacks, and links built from a forged host;
* every address trusted as a proxy (``*``): any client could then claim any address with
  ``X-Forwarded-For`` and dodge the sign-in throttle and the API's rate limit;
* rate limits counted in memory with several workers (each worker would count apart);
* a metrics token too short to be a secret.

:func:`readiness` answers ``/ready``: the database answers and its structure is the newest.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Final

from krapte.db.store import Store
from krapte.errors import InvalidInput, Problem
from krapte.settings import Settings

MIN_SECRET_LENGTH: Final = 32
MIN_METRICS_TOKEN_LENGTH: Final = 24
#: Values that are never a secret (examples from documentation, deploy files and habits).
PLACEHOLDERS: Final = frozenset(
    {
        "changeme",
        "change-me",
        "secret",
        "geheim",
        "development",
        "dev",
        "test",
        "vervang-door-een-lange-willekeurige-sleutel-van-minstens-32-tekens",
    }
)


def check_serving(settings: Settings, workers: int) -> None:
    """Raise :class:`InvalidInput` (every problem at once) when these settings cannot serve."""
    problems: list[Problem] = []

    def problem(setting: str, message: str) -> None:
        problems.append(Problem(message, field=setting))

    if settings.production:
        key = settings.secret_key.strip()
        if not key:
            problem(
                "KRAPTE_SECRET_KEY",
                "in productie moet de geheime sleutel uit de omgeving komen; hij ontbreekt",
            )
        elif key.lower() in PLACEHOLDERS or len(set(key)) < 8:
            problem("KRAPTE_SECRET_KEY", "de geheime sleutel is een voorbeeldwaarde; kies een "
                    "lange willekeurige sleutel")  # fmt: skip
        elif len(key) < MIN_SECRET_LENGTH:
            problem(
                "KRAPTE_SECRET_KEY",
                f"de geheime sleutel is te kort: minstens {MIN_SECRET_LENGTH} tekens",
            )
        if "*" in settings.host_names:
            problem("KRAPTE_ALLOWED_HOSTS", "noem de hostnamen van de site (bijvoorbeeld "
                    "krapte.example.org); in productie is * niet toegestaan")  # fmt: skip
        if "*" in (address.strip() for address in settings.trusted_proxies.split(",")):
            problem("KRAPTE_TRUSTED_PROXIES", "noem de adressen van de proxy; met * kan elke "
                    "bezoeker zich voor een ander adres uitgeven")  # fmt: skip
    if workers > 1 and settings.rate_limit_uri.startswith("memory://"):
        problem("KRAPTE_RATE_LIMIT_STORAGE", f"met {workers} processen telt memory:// de vragen "
                "per proces; laat de instelling leeg (een gedeeld bestand) of kies redis:// of "
                "memcached://")  # fmt: skip
    token = settings.metrics_token.strip()
    if token and len(token) < MIN_METRICS_TOKEN_LENGTH:
        problem(
            "KRAPTE_METRICS_TOKEN",
            f"het token voor /metrics is te kort: minstens {MIN_METRICS_TOKEN_LENGTH} tekens",
        )
    if problems:
        raise InvalidInput(problems, "krapte kan zo niet starten")


@dataclass(frozen=True)
class Readiness:
    """``ready``, or the machine-readable ``reason`` it is not."""

    ready: bool
    reason: str = ""


@cache
def _head() -> str | None:
    from alembic.script import ScriptDirectory

    from krapte.db.migrate import MIGRATIONS

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def readiness(store: Store) -> Readiness:
    """Whether ``store`` answers now and has the newest structure (checked on every call: a
    database can go away while the site runs)."""
    from sqlalchemy.exc import SQLAlchemyError

    from krapte.db.migrate import current_revision

    file = store.sqlite_file
    if file is not None and not file.is_file():
        return Readiness(False, "not_initialised")
    try:
        current = current_revision(store.engine)
    except (SQLAlchemyError, OSError):
        return Readiness(False, "database_unreachable")
    if current is None:
        return Readiness(False, "not_initialised")
    if current != _head():
        return Readiness(False, "migrations_pending")
    return Readiness(True)

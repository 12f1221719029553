"""One validated settings object, built by a factory (see :func:`get_settings`).

krapte keeps its files in one folder, ``KRAPTE_HOME``: the embedded SQLite database
(``krapte.db``) unless ``KRAPTE_DATABASE_URL`` names another database. It defaults to the user's
data folder (``~/.local/share/krapte`` on Linux), resolved once here, so that a command gives the
same answer from whatever folder it is started.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DATABASE_FILE = "krapte.db"


def default_home() -> Path:
    """The user's data folder for krapte (platformdirs: XDG on Linux, AppData on Windows)."""
    from platformdirs import user_data_path

    return user_data_path("krapte", appauthor=False)


class Settings(BaseSettings):
    """Runtime settings, read from ``KRAPTE_*`` environment variables."""

    model_config = SettingsConfigDict(env_prefix="KRAPTE_", extra="ignore", frozen=True)

    home: Path = Field(
        default_factory=default_home,
        description="Folder of krapte's own files: the embedded SQLite database krapte.db.",
    )
    database_url: str = Field(
        default="",
        description="SQLAlchemy URL: sqlite:///path or postgresql+psycopg://user@host/db; "
        "empty: the SQLite file krapte.db in KRAPTE_HOME",
    )
    sql_echo: bool = False
    env: Literal["development", "production"] = Field(
        default="development",
        description="production: `krapte serve` refuses to start without a secret key, allowed "
        "hosts and shared rate limits (krapte.operations.serving).",
    )
    busy_timeout_s: float = Field(
        default=15.0,
        ge=0,
        description="Seconds a SQLite writer waits for another writer before giving up.",
    )
    small_cell_threshold: int = Field(
        default=5, ge=1, description="Aggregates over fewer people than this are suppressed."
    )
    placement_retention_days: int = Field(
        default=730,
        ge=0,
        description="Days a placement round keeps its personal data after its publication (or "
        "creation); `krapte placement anonymise` anonymises older rounds.",
    )
    backups_kept: int = Field(
        default=10,
        ge=1,
        description="Backups kept in the folder backups in KRAPTE_HOME (taken before an "
        "upgrade); older ones are removed.",
    )
    # The public website's bounds (krapte.web.security).
    api_rate_limit: str = Field(
        default="120/minute",
        description="Requests per client address on /api/v1 (a `limits` string, e.g. "
        "'120/minute').",
    )
    rate_limit_storage: str = Field(
        default="",
        description="Where the API's rate-limit counts live: empty: the file ratelimits.db in "
        "KRAPTE_HOME, shared by every worker of this server; memory:// (one worker only); or a "
        "`limits` URL such as redis://host:6379 or memcached://host:11211 for several servers.",
    )
    # Serving (krapte serve, krapte.operations.serving).
    allowed_hosts: str = Field(
        default="*",
        description="Host names the site answers to, comma-separated (Starlette's "
        "TrustedHostMiddleware); * answers every host (development only).",
    )
    trusted_proxies: str = Field(
        default="127.0.0.1",
        description="Addresses whose X-Forwarded-For and X-Forwarded-Proto headers are "
        "believed (uvicorn's forwarded_allow_ips), comma-separated: the reverse proxy.",
    )
    metrics_token: str = Field(
        default="",
        description="Bearer token that opens /metrics; empty: /metrics answers only clients "
        "on this machine (loopback).",
    )
    log_level: Literal["debug", "info", "warning", "error"] = Field(
        default="info", description="Least severe log level `krapte serve` writes."
    )
    max_query_length: int = Field(
        default=2048, ge=64, description="Longest query string (bytes) a request may carry."
    )
    max_query_parameters: int = Field(
        default=40, ge=1, description="Most query parameters a request may carry."
    )
    max_response_bytes: int = Field(
        default=32 * 1024 * 1024,
        ge=1024,
        description="Largest response body (bytes, by its Content-Length) the site sends.",
    )
    forecast_draws: int = Field(
        default=2000,
        ge=10,
        le=20000,
        description="Monte Carlo draws of the forecast the site shows (as `krapte forecast`).",
    )
    forecast_wait_s: float = Field(
        default=20.0,
        gt=0,
        le=300,
        description="Seconds a page waits for the forecast being computed before it answers 503.",
    )

    # Accounts (krapte.accounts): sessions, invitations and the mail they send.
    session_ttl_h: float = Field(
        default=12.0, gt=0, le=24 * 90, description="Hours a sign-in session lasts."
    )
    invitation_ttl_h: float = Field(
        default=72.0, gt=0, le=24 * 90, description="Hours an invitation link stays valid."
    )
    secret_key: str = Field(
        default="",
        description="Key that signs the sign-in form's CSRF cookie; empty: a random key kept "
        "in the file secret_key in KRAPTE_HOME.",
    )
    outbox: Path | None = Field(
        default=None,
        description="Folder where mail is written as .eml files when no SMTP server is set; "
        "default: the folder outbox in KRAPTE_HOME.",
    )
    smtp_host: str = Field(default="", description="SMTP server for mail; empty: the outbox.")
    smtp_port: int = Field(default=587, ge=1, le=65535, description="Port of the SMTP server.")
    smtp_user: str = Field(default="", description="SMTP user name (empty: no login).")
    smtp_password: str = Field(default="", description="SMTP password.")
    smtp_from: str = Field(
        default="krapte <noreply@localhost>", description="Sender address of krapte's mail."
    )
    smtp_starttls: bool = Field(default=True, description="Use STARTTLS with the SMTP server.")
    site_url: str = Field(
        default="http://127.0.0.1:8000",
        pattern=r"^https?://[^/?#\s]+$",
        max_length=200,
        description="The site's public address (https://host, no path), for absolute links in "
        "the sitemap, feeds and JSON-LD; never taken from a request's Host header.",
    )

    @model_validator(mode="before")
    @classmethod
    def _home_database(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("database_url"):
            home = (
                Path(data["home"]).expanduser().absolute() if data.get("home") else default_home()
            )
            data = {**data, "home": home, "database_url": f"sqlite:///{home / DATABASE_FILE}"}
        return data

    @field_validator("home")
    @classmethod
    def _absolute_home(cls, value: Path) -> Path:
        return value.expanduser().absolute()

    @field_validator("database_url")
    @classmethod
    def _supported_backend(cls, value: str) -> str:
        if not value.startswith(("sqlite", "postgresql")):
            raise ValueError("KRAPTE_DATABASE_URL must be a sqlite:// or postgresql:// URL")
        return value

    @field_validator("api_rate_limit")
    @classmethod
    def _rate_limit(cls, value: str) -> str:
        from limits import parse_many

        try:
            parse_many(value)
        except ValueError as exc:
            raise ValueError("KRAPTE_API_RATE_LIMIT must look like '120/minute'") from exc
        return value

    @property
    def outbox_folder(self) -> Path:
        """Where mail goes without an SMTP server."""
        return self.outbox.expanduser().absolute() if self.outbox else self.home / "outbox"

    @property
    def backup_folder(self) -> Path:
        """Where the backups taken before an upgrade go."""
        return self.home / "backups"

    @property
    def production(self) -> bool:
        return self.env == "production"

    @property
    def host_names(self) -> list[str]:
        """The allowed hosts as a list (``["*"]``: every host)."""
        return [host.strip() for host in self.allowed_hosts.split(",") if host.strip()] or ["*"]

    @property
    def rate_limit_uri(self) -> str:
        """The `limits` storage URL of the API's rate limit (see ``rate_limit_storage``)."""
        if self.rate_limit_storage:
            return self.rate_limit_storage
        return f"sqlitefile://{self.home / 'ratelimits.db'}"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings; tests build their own :class:`Settings` instead."""
    return Settings()

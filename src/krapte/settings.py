"""One validated settings object, built by a factory (see :func:`get_settings`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DB_PATH = Path("var") / "krapte.db"


class Settings(BaseSettings):
    """Runtime settings, read from ``KRAPTE_*`` environment variables."""

    model_config = SettingsConfigDict(env_prefix="KRAPTE_", extra="ignore", frozen=True)

    database_url: str = Field(
        default=f"sqlite:///{DEFAULT_DB_PATH}",
        description="SQLAlchemy URL: sqlite:///path or postgresql+psycopg://user@host/db",
    )
    sql_echo: bool = False
    small_cell_threshold: int = Field(
        default=5, ge=1, description="Aggregates over fewer people than this are suppressed."
    )

    @field_validator("database_url")
    @classmethod
    def _supported_backend(cls, value: str) -> str:
        if not value.startswith(("sqlite", "postgresql")):
            raise ValueError("KRAPTE_DATABASE_URL must be a sqlite:// or postgresql:// URL")
        return value

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings; tests build their own :class:`Settings` instead."""
    return Settings()

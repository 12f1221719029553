"""Settings are validated and read from KRAPTE_* variables."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from krapte.settings import Settings


def test_default_database_is_the_embedded_sqlite_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KRAPTE_DATABASE_URL", raising=False)
    settings = Settings()
    assert settings.database_url == "sqlite:///var/krapte.db"
    assert settings.is_sqlite


def test_database_url_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KRAPTE_DATABASE_URL", "postgresql+psycopg://u@localhost/krapte")
    assert not Settings().is_sqlite


def test_unsupported_database_is_refused() -> None:
    with pytest.raises(ValidationError, match="sqlite:// or postgresql://"):
        Settings(database_url="mysql://u@localhost/krapte")


def test_small_cell_threshold_must_be_positive() -> None:
    with pytest.raises(ValidationError):
        Settings(small_cell_threshold=0)

"""Settings are validated and read from KRAPTE_* variables; KRAPTE_HOME holds the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from krapte.settings import Settings


def test_default_database_is_the_embedded_sqlite_file_in_krapte_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KRAPTE_HOME", str(tmp_path / "thuis"))
    settings = Settings()
    assert settings.database_url == f"sqlite:///{tmp_path / 'thuis' / 'krapte.db'}"
    assert settings.is_sqlite


def test_a_relative_home_is_resolved_once_not_per_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KRAPTE_HOME", "data")
    assert Settings().database_url == f"sqlite:///{tmp_path / 'data' / 'krapte.db'}"


def test_without_krapte_home_the_store_is_in_the_users_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("KRAPTE_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert Settings().home == tmp_path / "xdg" / "krapte"


def test_database_url_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KRAPTE_DATABASE_URL", "postgresql+psycopg://u@localhost/krapte")
    assert not Settings().is_sqlite


def test_unsupported_database_is_refused() -> None:
    with pytest.raises(ValidationError, match="sqlite:// or postgresql://"):
        Settings(database_url="mysql://u@localhost/krapte")


def test_small_cell_threshold_must_be_positive() -> None:
    with pytest.raises(ValidationError):
        Settings(small_cell_threshold=0)

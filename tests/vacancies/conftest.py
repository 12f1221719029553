"""Every vacancy test starts without kept public answers (they are kept per process)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from krapte.vacancies.routes import cache


@pytest.fixture(autouse=True)
def _fresh_public_answers() -> Iterator[None]:
    cache.forget()
    yield
    cache.forget()

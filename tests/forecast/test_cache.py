"""The forecast the site shows is computed once per data version, never once per request."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

import pytest

from builders import obs, write_package
from krapte.bootstrap import Container
from krapte.datahub.core.bundle import load_package
from krapte.datahub.service import load_bundle
from krapte.errors import NotInitialised, StillComputing
from krapte.forecast import cache
from krapte.forecast.cache import ComputedOnce
from krapte.forecast.loading import FROM_STORE
from krapte.web.site import data_version, forget_versions


def small(container: Container, draws: int = 20) -> Container:
    """The same store, with the site's forecast at a few draws (fast tests)."""
    settings = container.settings.model_copy(update={"forecast_draws": draws})
    return dataclasses.replace(container, settings=settings)


def current(container: Container) -> str:
    forget_versions()
    return data_version(container).key


def import_starters(container: Container, folder: Path, bachelor: float) -> None:
    rows = [
        obs(
            dataset="studiestarters",
            measure="studiestarters",
            period="2024",
            value=bachelor,
            level="bachelor",
            programme="",
        )
    ]
    package = load_package(write_package(folder, {"studiestarters": rows}))
    load_bundle(container.unit_of_work(write=True), package)


def test_second_request_for_the_same_data_version_does_not_recompute(
    container: Container,
) -> None:
    site = small(container)
    before = cache.computations()
    first = cache.published_forecast(site, current(site))
    second = cache.published_forecast(site, current(site))
    assert second is first
    assert cache.computations() == before + 1
    assert first.draws == 20


def test_a_new_import_gives_a_new_forecast_with_the_new_data(
    container: Container, tmp_path: Path
) -> None:
    site = small(container)
    old = cache.published_forecast(site, current(site))
    import_starters(site, tmp_path / "pkg", bachelor=2345)
    before = cache.computations()
    new = cache.published_forecast(site, current(site))
    assert new is not old
    assert cache.computations() == before + 1
    assert new.version == current(site) != old.version
    assert new.starters_note == FROM_STORE
    assert new.projections[0].scenario.parameters["studiestarters_bachelor"].value == 2345


def test_another_draw_count_is_another_forecast(container: Container) -> None:
    version = current(container)
    assert cache.published_forecast(small(container, 20), version).draws == 20
    assert cache.published_forecast(small(container, 30), version).draws == 30


def test_concurrent_requests_share_one_computation() -> None:
    computed: list[int] = []
    release = threading.Event()

    def compute() -> list[int]:
        release.wait(5)
        computed.append(1)
        return computed

    once: ComputedOnce[list[int]] = ComputedOnce()
    answers: list[list[int]] = []
    threads = [
        threading.Thread(target=lambda: answers.append(once.get("v1", compute, 5)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    release.set()
    for thread in threads:
        thread.join(10)
    assert len(answers) == 8
    assert all(answer is computed for answer in answers)
    assert computed == [1]
    assert once.computed == 1


def test_a_request_waits_a_bounded_time_then_gets_a_dutch_503() -> None:
    release = threading.Event()
    once: ComputedOnce[str] = ComputedOnce()

    def compute() -> str:
        release.wait(5)
        return "klaar"

    with pytest.raises(StillComputing, match="wordt berekend") as caught:
        once.get("v1", compute, 0.01)
    assert caught.value.http_status == 503
    release.set()
    assert once.get("v1", compute, 5) == "klaar"
    assert once.computed == 1


def test_a_failed_computation_is_tried_again() -> None:
    attempts: list[int] = []
    once: ComputedOnce[int] = ComputedOnce()

    def compute() -> int:
        attempts.append(1)
        if len(attempts) == 1:
            raise NotInitialised("de databank is nog niet ingericht")
        return len(attempts)

    with pytest.raises(NotInitialised):
        once.get("v1", compute, 5)
    assert once.get("v1", compute, 5) == 2


def test_only_the_latest_keys_are_kept() -> None:
    once: ComputedOnce[str] = ComputedOnce(size=2)
    for key in ("v1", "v2", "v3"):
        once.get(key, lambda key=key: key, 5)  # type: ignore[misc]
    once.get("v3", lambda: "opnieuw", 5)
    assert once.computed == 3
    assert once.get("v1", lambda: "opnieuw", 5) == "opnieuw"
    assert once.computed == 4

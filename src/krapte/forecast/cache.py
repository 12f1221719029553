"""The forecast the site shows, computed once per data version and kept in memory.

Running the eight built-in scenarios takes seconds (2000 draws each), so no page runs them.
:func:`published_forecast` computes them once per store, data version (the key the web reads
from :func:`krapte.web.site.data_version`, which changes with every import or restore), draw
count and seed, and keeps only the summary (:mod:`krapte.forecast.published`).

How a request waits (the choice, documented in docs/forecast.md):

* One computation per key, whoever asks first starts it in a background thread; every request
  for the same key waits for that one computation (single flight), never starts its own.
* A request waits at most ``forecast_wait_s`` seconds (settings); if the forecast is still being
  computed it gets a Dutch 503 ("probeer het zo opnieuw") instead of hanging, and the
  computation goes on, so the next request finds it ready.
* A failed computation (e.g. a store that is not built) is not kept: the next request tries again.
* At most :data:`KEPT` keys are kept (least recently used goes first): old data versions fall out.

Nothing is computed when the site starts: a site (or a test) that never shows the forecast
pays nothing for it. The first request after an import pays the computation, on every worker.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Final, Generic, TypeVar

from krapte.bootstrap import Container
from krapte.errors import NotFound, StillComputing
from krapte.forecast.core import scenarios
from krapte.forecast.core.parameters import Scenario
from krapte.forecast.loading import LoadedScenarios, load_scenarios
from krapte.forecast.published import PublishedForecast, summarise
from krapte.forecast.service import run_scenarios

T = TypeVar("T")

#: Keys kept per cache: a few data versions (and stores, in tests).
KEPT: Final = 4
#: The seed of the published forecast (as `krapte forecast` by default).
SEED: Final = 0


COMPUTING = (
    "De prognose wordt berekend na een nieuwe versie van de gegevens. "
    "Probeer het over enkele seconden opnieuw"
)


class ComputedOnce(Generic[T]):
    """Values computed once per key in a background thread; bounded, thread-safe."""

    def __init__(self, size: int = KEPT) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._futures: OrderedDict[Hashable, Future[T]] = OrderedDict()
        self.computed = 0  # how many computations were started (tests observe it)

    def get(self, key: Hashable, compute: Callable[[], T], wait_s: float) -> T:
        """The value of ``key``, computing it (once) when it is not there yet.

        Raises what the computation raised, or :class:`StillComputing` after ``wait_s``.
        """
        with self._lock:
            future = self._futures.get(key)
            if future is None:
                future = Future()
                self._futures[key] = future
                while len(self._futures) > self._size:
                    self._futures.popitem(last=False)
                self.computed += 1
                threading.Thread(target=self._run, args=(key, future, compute), daemon=True).start()
            else:
                self._futures.move_to_end(key)
        try:
            return future.result(timeout=wait_s)
        except FutureTimeout:
            raise StillComputing(COMPUTING) from None

    def _run(self, key: Hashable, future: Future[T], compute: Callable[[], T]) -> None:
        try:
            future.set_result(compute())
        except BaseException as exc:  # handed to every waiting request, then forgotten
            with self._lock:
                if self._futures.get(key) is future:
                    del self._futures[key]
            future.set_exception(exc)

    def clear(self) -> None:
        with self._lock:
            self._futures.clear()


@dataclass(frozen=True, slots=True, eq=False)
class ScenarioSet:
    """Every built-in scenario loaded for one data version (compared by identity)."""

    version: str
    loaded: LoadedScenarios

    @property
    def scenarios(self) -> list[Scenario]:
        return self.loaded.scenarios

    def find(self, name: str) -> Scenario:
        """One scenario by name; NotFound (in Dutch) naming the built-in ones."""
        for scenario in self.loaded.scenarios:
            if scenario.name == name:
                return scenario
        known = ", ".join(scenario.name for scenario in self.loaded.scenarios)
        raise NotFound(f"onbekend scenario: {name} (kies uit {known})")


_scenario_sets: ComputedOnce[ScenarioSet] = ComputedOnce()
_forecasts: ComputedOnce[PublishedForecast] = ComputedOnce()


def published_scenarios(container: Container, version: str) -> ScenarioSet:
    """Every built-in scenario with the store's data applied (parameters, titles)."""
    names = tuple(scenarios.builtin_names())
    return _scenario_sets.get(
        (container.store, version, names),
        lambda: ScenarioSet(version, load_scenarios(names, container.unit_of_work)),
        container.settings.forecast_wait_s,
    )


def published_forecast(container: Container, version: str) -> PublishedForecast:
    """Every built-in scenario run with the site's draws and summarised, once per version."""
    draws = container.settings.forecast_draws
    names = tuple(scenarios.builtin_names())

    def compute() -> PublishedForecast:
        loaded = published_scenarios(container, version).loaded
        simulations = run_scenarios(loaded.scenarios, draws, SEED, data=loaded.data)
        return summarise(simulations, version=version, starters_note=loaded.starters_note)

    return _forecasts.get(
        (container.store, version, names, draws, SEED), compute, container.settings.forecast_wait_s
    )


def computations() -> int:
    """How many forecasts were computed in this process (tests observe it)."""
    return _forecasts.computed


def forget() -> None:
    """Drop every cached forecast and scenario set."""
    _scenario_sets.clear()
    _forecasts.clear()

"""Prometheus metrics: request latency per route template and the durations of long operations.

Services mark their entry points with ``@measured("import")`` or ``with timed("import"): ...``
(imports, forecasts, allocations); the web layer records every request
(:mod:`krapte.web.observe`) and serves the figures at ``/metrics`` (:mod:`krapte.web.health`).
prometheus-client loads only when a figure is first recorded, so commands start as fast as
before.

Several uvicorn workers: `krapte serve --workers N` sets ``PROMETHEUS_MULTIPROC_DIR`` before the
workers start, so that each writes its figures to files there and ``/metrics`` (answered by any
worker) adds them up (prometheus-client's multiprocess mode). A command run in another process
(`krapte data import`) records nothing that the site shows, unless it is given the same folder.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache, wraps
from typing import TYPE_CHECKING, Final, ParamSpec, TypeVar

if TYPE_CHECKING:
    from prometheus_client import Histogram

MULTIPROCESS_ENV: Final = "PROMETHEUS_MULTIPROC_DIR"
#: Bucket bounds (seconds) of request latencies: the site aims at well under 100 ms.
REQUEST_BUCKETS: Final = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
#: Bucket bounds (seconds) of operations: imports and forecasts take seconds to minutes.
OPERATION_BUCKETS: Final = (0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 900.0)


@cache
def _request_histogram() -> Histogram:
    from prometheus_client import Histogram

    return Histogram(
        "krapte_http_request_duration_seconds",
        "Time to answer a request, per route template (not the raw path).",
        ["method", "route", "status"],
        buckets=REQUEST_BUCKETS,
    )


@cache
def _operation_histogram() -> Histogram:
    from prometheus_client import Histogram

    return Histogram(
        "krapte_operation_duration_seconds",
        "Duration of long operations: imports, forecasts and allocations.",
        ["operation", "outcome"],
        buckets=OPERATION_BUCKETS,
    )


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    _request_histogram().labels(method, route, str(status)).observe(seconds)


@contextmanager
def timed(operation: str) -> Iterator[None]:
    """Record how long the block takes as ``operation`` (outcome ``ok`` or ``error``)."""
    started = time.perf_counter()
    outcome = "error"
    try:
        yield
        outcome = "ok"
    finally:
        _operation_histogram().labels(operation, outcome).observe(time.perf_counter() - started)


P = ParamSpec("P")
R = TypeVar("R")


def measured(operation: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a service's entry point: every call is timed as ``operation``."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @wraps(function)
        def timed_call(*args: P.args, **kwargs: P.kwargs) -> R:
            with timed(operation):
                return function(*args, **kwargs)

        return timed_call

    return decorate


def exposition() -> tuple[bytes, str]:
    """The text that Prometheus scrapes, and its content type (every worker's figures)."""
    from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest

    if os.environ.get(MULTIPROCESS_ENV):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST

"""Browser tests: the site served by uvicorn on loopback, driven by Playwright in Debian's Chromium.

One server per test session holds the bundled data (``krapte init``); tests must not change it.
Chromium is Debian's package (``.ci/run`` installs it; see DEVELOPERS.md): without it the browser
tests are skipped locally and fail on CI, where ``CI`` is set.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from krapte.bootstrap import Container, bootstrap, initialise
from krapte.settings import Settings
from krapte.web.app import create_app

CHROMIUM = os.environ.get("KRAPTE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def site_container(tmp_path_factory: pytest.TempPathFactory) -> Container:
    """A store with the bundled data, as `make run` builds it."""
    built = bootstrap(Settings(home=tmp_path_factory.mktemp("site")))
    initialise(built)
    return built


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def served(container: Container) -> Iterator[str]:
    """The site of ``container`` on a free loopback port while the block runs (for tests that
    need a store of their own; the shared site must not change)."""
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(container), host="127.0.0.1", port=_free_port(), log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the site did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{server.config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_url(site_container: Container) -> Iterator[str]:
    """The site on a free loopback port, for browsers and HTTP clients alike."""
    with served(site_container) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing at {CHROMIUM}; .ci/run installs Debian's package")
        pytest.skip("no Chromium: install Debian's chromium package (`.ci/run` does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


class ConsoleErrors(list[str]):
    """Console errors and failed requests a page produced."""


@pytest.fixture
def page(browser: Any, live_url: str) -> Iterator[Any]:
    """A fresh page at 1280 px in Dutch; it fails the test on any console error or page error."""
    context = browser.new_context(
        base_url=live_url, locale="nl-BE", viewport={"width": 1280, "height": 900}
    )
    opened = context.new_page()
    errors = ConsoleErrors()
    opened.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    opened.console_errors = errors
    yield opened
    context.close()
    assert not errors, f"console errors: {errors}"

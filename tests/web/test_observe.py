"""Every request gets a request id and one JSON log line with its route template, never its
personal values."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from logging.config import dictConfig
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from krapte.bootstrap import bootstrap
from krapte.settings import Settings
from krapte.web.app import create_app
from krapte.web.observe import log_config
from logs import collected_log, lines


@pytest.fixture
def access_log() -> Iterator[io.StringIO]:
    """The JSON lines of krapte's loggers, formatted as `krapte serve` formats them."""
    with collected_log() as stream:
        yield stream


def test_every_answer_carries_a_new_request_id(tmp_path: Path) -> None:
    client = TestClient(create_app(bootstrap(Settings(home=tmp_path))))
    first = client.get("/health").headers["x-request-id"]
    second = client.get("/health").headers["x-request-id"]
    assert len(first) == 32
    assert first != second


def test_a_proxy_request_id_is_kept_and_a_strange_one_replaced(tmp_path: Path) -> None:
    client = TestClient(create_app(bootstrap(Settings(home=tmp_path))))
    kept = client.get("/health", headers={"x-request-id": "nginx-0a1b2c3d4e5f"})
    assert kept.headers["x-request-id"] == "nginx-0a1b2c3d4e5f"
    odd = client.get("/health", headers={"x-request-id": 'x"}\n{"level":"ERROR"'})
    assert odd.headers["x-request-id"] != 'x"}\n{"level":"ERROR"'
    assert len(odd.headers["x-request-id"]) == 32


def test_the_log_line_names_the_route_template_not_the_path_or_query(
    tmp_path: Path, access_log: io.StringIO
) -> None:
    client = TestClient(create_app(bootstrap(Settings(home=tmp_path))))
    answer = client.get(
        "/uitnodiging/geheim-token-0123456789", params={"email": "jan@voorbeeld.be"}
    )
    [line] = lines(access_log)
    assert line["route"] == "/uitnodiging/{token}"
    assert line["method"] == "GET"
    assert line["status"] == answer.status_code
    assert line["request_id"] == answer.headers["x-request-id"]
    assert isinstance(line["duration_ms"], float)
    assert line["level"] == "INFO"
    assert line["logger"] == "krapte.access"
    assert str(line["timestamp"]).endswith("+00:00")
    text = access_log.getvalue()
    assert "geheim-token" not in text
    assert "voorbeeld.be" not in text


def test_cached_answers_and_unknown_paths_are_logged_with_a_template(
    tmp_path: Path, access_log: io.StringIO
) -> None:
    container = bootstrap(Settings(home=tmp_path))
    container.store.initialise()
    client = TestClient(create_app(container))
    first, cached = client.get("/api"), client.get("/api")
    assert first.text == cached.text
    assert first.headers["x-request-id"] != cached.headers["x-request-id"]
    assert [line["route"] for line in lines(access_log)] == ["/api", "/api"]
    access_log.truncate(0)
    access_log.seek(0)
    client.get("/static/krapte.css")
    client.get("/bestaat/niet/jan.peeters")
    client.head("/uitnodiging/geheim-token-0123456789")
    routes = [line["route"] for line in lines(access_log)]
    assert routes == ["/static/{path}", "<unmatched>", "/uitnodiging/{token}"]
    assert lines(access_log)[-1]["method"] == "HEAD"


def test_the_serve_log_configuration_is_json_at_the_chosen_level() -> None:
    config = log_config("warning")
    assert config["loggers"]["krapte"]["level"] == "WARNING"
    assert config["loggers"]["uvicorn.access"]["handlers"] == []
    dictConfig(config)  # valid for the logging module
    try:
        assert logging.getLogger("krapte").level == logging.WARNING
    finally:
        logging.getLogger("krapte").setLevel(logging.NOTSET)
        logging.getLogger("krapte").propagate = True
        logging.getLogger("krapte").handlers.clear()
        for name in ("uvicorn", "uvicorn.access"):
            logging.getLogger(name).handlers.clear()
            logging.getLogger(name).propagate = True

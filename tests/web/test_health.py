"""/health answers without a database, /ready says why the store is not ready, /metrics is not
public."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from krapte.bootstrap import Container, bootstrap
from krapte.db.migrate import upgrade
from krapte.metrics import timed
from krapte.settings import Settings
from krapte.web.app import create_app

TOKEN = "een-lang-token-voor-prometheus-0123456789"


def test_health_answers_without_a_store_and_creates_nothing(tmp_path: Path) -> None:
    home = tmp_path / "leeg"
    home.mkdir()
    client = TestClient(create_app(bootstrap(Settings(home=home))))
    answer = client.get("/health")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok"}
    assert answer.headers["cache-control"] == "no-store"
    assert list(home.iterdir()) == []


def test_ready_when_the_store_is_at_the_newest_structure(container: Container) -> None:
    answer = TestClient(create_app(container)).get("/ready")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ready"}


def test_not_ready_before_the_store_is_made(tmp_path: Path) -> None:
    answer = TestClient(create_app(bootstrap(Settings(home=tmp_path)))).get("/ready")
    assert answer.status_code == 503
    assert answer.json() == {"status": "unavailable", "reason": "not_initialised"}
    assert not (tmp_path / "krapte.db").exists()


def test_not_ready_while_migrations_are_pending(tmp_path: Path) -> None:
    container = bootstrap(Settings(home=tmp_path))
    upgrade(container.store.engine, "0007_offers_version")
    answer = TestClient(create_app(container)).get("/ready")
    assert answer.status_code == 503
    assert answer.json()["reason"] == "migrations_pending"


def test_not_ready_when_the_database_does_not_answer() -> None:
    settings = Settings(database_url="postgresql+psycopg://nobody@127.0.0.1:9/krapte")
    answer = TestClient(create_app(bootstrap(settings))).get("/ready")
    assert answer.status_code == 503
    assert answer.json()["reason"] == "database_unreachable"


def test_metrics_are_refused_to_the_public(tmp_path: Path) -> None:
    app = create_app(bootstrap(Settings(home=tmp_path)))
    remote = TestClient(app, client=("203.0.113.7", 4000))
    refused = remote.get("/metrics")
    assert refused.status_code == 403
    assert "niet openbaar" in refused.text
    local = TestClient(app, client=("127.0.0.1", 4000))
    assert local.get("/metrics").status_code == 200
    proxied = local.get("/metrics", headers={"x-forwarded-for": "203.0.113.7"})
    assert proxied.status_code == 403


def test_metrics_need_the_token_when_one_is_set(tmp_path: Path) -> None:
    app = create_app(bootstrap(Settings(home=tmp_path, metrics_token=TOKEN)))
    local = TestClient(app, client=("127.0.0.1", 4000))
    assert local.get("/metrics").status_code == 403
    wrong = local.get("/metrics", headers={"authorization": f"Bearer {TOKEN}x"})
    assert wrong.status_code == 403
    remote = TestClient(app, client=("203.0.113.7", 4000))
    answer = remote.get("/metrics", headers={"authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain")


def test_metrics_hold_request_latency_per_route_template_and_operations(tmp_path: Path) -> None:
    app = create_app(bootstrap(Settings(home=tmp_path, metrics_token=TOKEN)))
    client = TestClient(app)
    client.get("/prognose/scenario-dat-niet-bestaat-1234")
    with timed("allocation"):
        pass
    text = client.get("/metrics", headers={"authorization": f"Bearer {TOKEN}"}).text
    assert 'krapte_http_request_duration_seconds_bucket{le="0.1",method="GET",' in text
    assert 'route="/prognose/{name}"' in text
    assert "scenario-dat-niet-bestaat-1234" not in text
    assert 'krapte_operation_duration_seconds_count{operation="allocation",outcome="ok"}' in text

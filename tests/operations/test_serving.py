"""`krapte serve` checks its settings before it binds a port: production needs real secrets."""

from __future__ import annotations

from pathlib import Path

import httpx2 as httpx
import pytest
from click.testing import CliRunner

from krapte.bootstrap import bootstrap
from krapte.cli import app
from krapte.errors import InvalidInput
from krapte.operations.serving import check_serving
from krapte.settings import Settings
from operations.proxy import krapte_serve

GOOD_KEY = "k7Qp2vXr9LmZt4Bn8YwE3sHd6JcF1gUa"


def production(**values: object) -> Settings:
    fields: dict[str, object] = {
        "env": "production",
        "secret_key": GOOD_KEY,
        "allowed_hosts": "krapte.example.org",
        **values,
    }
    return Settings(**fields)  # type: ignore[arg-type]


def refused_fields(settings: Settings, workers: int = 2) -> list[str]:
    with pytest.raises(InvalidInput) as refused:
        check_serving(settings, workers)
    return [problem.field for problem in refused.value.problems]


def test_a_complete_production_setting_starts() -> None:
    check_serving(production(), 4)


def test_development_starts_without_any_secret() -> None:
    check_serving(Settings(), 1)


@pytest.mark.parametrize(
    "key",
    ["", "   ", "changeme", "kort-maar-echt", "a" * 40, "abababababababababababababababab"],
)
def test_production_refuses_a_missing_short_or_placeholder_secret_key(key: str) -> None:
    assert refused_fields(production(secret_key=key)) == ["KRAPTE_SECRET_KEY"]


def test_production_refuses_every_host_and_every_proxy_at_once() -> None:
    fields = refused_fields(production(allowed_hosts="*", trusted_proxies="10.0.0.2, *"))
    assert fields == ["KRAPTE_ALLOWED_HOSTS", "KRAPTE_TRUSTED_PROXIES"]


def test_several_workers_cannot_count_rate_limits_in_memory() -> None:
    settings = Settings(rate_limit_storage="memory://")
    check_serving(settings, 1)
    assert refused_fields(settings, workers=2) == ["KRAPTE_RATE_LIMIT_STORAGE"]


def test_the_default_rate_limit_storage_is_a_file_every_worker_shares(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    assert settings.rate_limit_uri == f"sqlitefile://{tmp_path / 'ratelimits.db'}"
    check_serving(settings, 8)


def test_a_short_metrics_token_is_refused() -> None:
    assert refused_fields(Settings(metrics_token="kort")) == ["KRAPTE_METRICS_TOKEN"]


def test_serve_in_production_without_a_key_stops_in_dutch_before_binding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("KRAPTE_SECRET_KEY", raising=False)
    monkeypatch.setenv("KRAPTE_ALLOWED_HOSTS", "*")
    monkeypatch.setenv("KRAPTE_ENV", "development")  # the flag alone switches production on
    result = CliRunner().invoke(app, ["serve", "--production", "--port", "1"])
    assert result.exit_code == 2
    assert "KRAPTE_SECRET_KEY" in result.output
    assert "geheime sleutel" in result.output
    assert "KRAPTE_ALLOWED_HOSTS" in result.output
    assert "Traceback" not in result.output


@pytest.mark.e2e
def test_several_workers_write_their_metrics_to_one_folder(tmp_path: Path) -> None:
    container = bootstrap(Settings(home=tmp_path))
    container.store.initialise()
    with krapte_serve({"KRAPTE_HOME": str(tmp_path)}, workers=2) as port:
        for _ in range(6):
            assert httpx.get(f"http://127.0.0.1:{port}/ready").status_code == 200
        text = httpx.get(f"http://127.0.0.1:{port}/metrics").text
    ready = 'krapte_http_request_duration_seconds_count{method="GET",route="/ready",status="200"}'
    assert f"{ready} 6.0" in text
    # Which worker answers is the kernel's choice; the proxy test sees two processes add up.
    assert list((tmp_path / "metrics").glob("histogram_*.db"))

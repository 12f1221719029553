"""Only the allowed hosts are answered; others get a Dutch refusal (krapte.web.hosts)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from krapte.bootstrap import bootstrap
from krapte.settings import Settings
from krapte.web.app import create_app


def test_a_host_that_is_not_allowed_gets_a_dutch_refusal_without_its_name(
    tmp_path: Path,
) -> None:
    app = create_app(bootstrap(Settings(home=tmp_path, allowed_hosts="krapte.example.org")))
    client = TestClient(app, base_url="https://krapte.example.org")
    assert client.get("/health").status_code == 200
    page = client.get("/health", headers={"host": "aanvaller.example"})
    assert page.status_code == 400
    assert "niet bereikbaar onder deze naam" in page.text
    assert "aanvaller" not in page.text
    assert page.headers["x-frame-options"] == "DENY"  # the site's headers all the same
    api = client.get(
        "/api/v1/datasets", headers={"host": "aanvaller.example", "accept": "application/json"}
    )
    assert api.status_code == 400
    assert api.json()["detail"] == "Deze site is niet bereikbaar onder deze naam."

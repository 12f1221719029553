"""The docs stay complete: every command and every bundled dataset is documented."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pytest

from cli_tree import commands, groups

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = commands()


def test_readme_starts_with_the_two_setup_commands() -> None:
    first_block = README.split("```")[1]
    assert [line.split()[:2] for line in first_block.strip().splitlines()[1:]] == [
        ["make", "run"],
        ["make", "test"],
    ]


@pytest.mark.parametrize("path", [path for path, _ in COMMANDS])
def test_every_command_is_in_the_readme(path: str) -> None:
    assert f"`{path}" in README, f"README does not document `{path}`"


@pytest.mark.parametrize(("path", "group"), groups())
def test_every_group_has_a_real_help_text(path: str, group: object) -> None:
    text = getattr(group, "help", "") or ""
    assert len(text.split()) > 2, f"{path} needs a real help text"


def test_every_command_has_a_help_text() -> None:
    assert len(COMMANDS) > 10
    for path, command in COMMANDS:
        assert command.help, f"{path} has no help text"


def test_every_bundled_dataset_is_documented() -> None:
    descriptor = json.loads((files("krapte") / "data" / "datapackage.json").read_text("utf-8"))
    data_doc = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    names = [r["name"] for r in descriptor["resources"]]
    missing = [n for n in names if f"`{n}`" not in data_doc and f"`{n}.csv`" not in data_doc]
    assert missing == []


def _site_paths() -> tuple[list[str], list[str]]:
    """The site's page paths and its API paths, read from the app itself."""
    from fastapi.routing import iter_route_contexts

    from krapte.bootstrap import bootstrap
    from krapte.settings import Settings
    from krapte.web.app import create_app

    app = create_app(bootstrap(Settings(database_url="sqlite:///:memory:")))
    paths = {r.path for r in iter_route_contexts(app.routes) if r.path and r.path != "/static"}
    api = sorted(p for p in paths if p.startswith("/api/v1/") and not p.endswith("openapi.json"))
    pages = sorted(
        p for p in paths - set(api) if not p.endswith(".svg") and not p.startswith("/api/v1/")
    )
    return pages, api


PAGES, API_PATHS = _site_paths()


@pytest.mark.parametrize("path", PAGES)
def test_every_page_of_the_site_is_in_the_readme(path: str) -> None:
    assert f"`{path}" in README, f"README does not list the page `{path}`"


@pytest.mark.parametrize("path", API_PATHS)
def test_every_api_endpoint_is_in_the_readme(path: str) -> None:
    assert f"`{path}`" in README, f"README does not list the API endpoint `{path}`"


def test_every_setting_is_in_the_readme() -> None:
    from krapte.settings import Settings

    missing = [
        f"KRAPTE_{name.upper()}"
        for name in Settings.model_fields
        if f"`KRAPTE_{name.upper()}`" not in README
    ]
    assert missing == []


def test_the_readme_shows_the_dashboard() -> None:
    assert "![The dashboard of krapte](docs/img/dashboard.png)" in README
    assert (ROOT / "docs" / "img" / "dashboard.png").stat().st_size > 10_000

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

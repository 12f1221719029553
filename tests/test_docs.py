"""The docs stay complete: every command and every bundled dataset is documented."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
import typer

from krapte.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: Any, prefix: str) -> list[str]:
    """Every leaf command as `krapte group command` (typer groups have a `commands` dict)."""
    found: list[str] = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        if hasattr(command, "commands"):
            found.extend(_commands(command, path))
        else:
            found.append(path)
    return found


COMMANDS = _commands(typer.main.get_group(app), "krapte")


def test_readme_starts_with_the_two_setup_commands() -> None:
    first_block = README.split("```")[1]
    assert [line.split()[:2] for line in first_block.strip().splitlines()[1:]] == [
        ["make", "run"],
        ["make", "test"],
    ]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"`{command}" in README, f"README does not document `{command}`"


def test_every_group_has_a_real_help_text() -> None:
    group = typer.main.get_group(app)
    for name, sub in group.commands.items():
        if hasattr(sub, "commands"):
            assert sub.help, f"krapte {name} needs a help text"
            assert len(sub.help.split()) > 2, f"krapte {name} needs a real help text"


def test_every_command_has_dutch_help() -> None:
    group = typer.main.get_group(app)
    assert len(COMMANDS) > 10
    for path in COMMANDS:
        command: Any = group
        for part in path.split()[1:]:
            command = command.commands[part]
        assert command.help, f"{path} has no help text"


def test_every_bundled_dataset_is_documented() -> None:
    descriptor = json.loads((files("krapte") / "data" / "datapackage.json").read_text("utf-8"))
    data_doc = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    names = [r["name"] for r in descriptor["resources"]]
    missing = [n for n in names if f"`{n}`" not in data_doc and f"`{n}.csv`" not in data_doc]
    assert missing == []

"""Every help screen and every option error of `krapte` is Dutch (Click's texts translated)."""

from __future__ import annotations

import pytest

from builders import run_cli
from cli_tree import commands, groups

ENGLISH = ("Usage:", "Options:", "Commands:", "Show this message", "Error:", "Missing option")


@pytest.mark.parametrize("path", [p for p, _ in commands()] + [p for p, _ in groups()])
def test_every_help_screen_is_dutch(path: str) -> None:
    output = run_cli(*path.split()[1:], "--help").output
    assert "Gebruik: krapte" in output
    assert "Opties:" in output
    assert "Toon deze hulp en stop." in output
    assert not [word for word in ENGLISH if word in output]


def test_the_root_lists_every_group_without_importing_them() -> None:
    output = run_cli("--help").output
    for group in ("data", "claims", "indicators", "forecast", "placement", "init", "serve"):
        assert f"  {group} " in output
    assert "Opdrachten:" in output


def test_a_missing_option_is_named_in_dutch() -> None:
    output = run_cli("data", "restore", "--release", "1", code=2).output
    assert "Fout: Ontbrekende optie '--dataset'." in output
    assert "Probeer 'krapte data restore -h' voor hulp." in output or "--help" in output


def test_a_bad_number_and_a_bad_choice_are_explained_in_dutch() -> None:
    number = run_cli("serve", "--port", "x", code=2).output
    assert "Ongeldige waarde voor '--port': 'x' is geen geldig getal." in number
    choice = run_cli("data", "list", "--format", "xml", code=2).output
    assert "Ongeldige waarde voor '--format': 'xml' is niet een van" in choice


def test_unknown_commands_and_options_are_dutch() -> None:
    assert "Onbekende opdracht 'nergens'." in run_cli("nergens", code=2).output
    assert "Onbekende optie '--bogus'." in run_cli("data", "list", "--bogus", code=2).output

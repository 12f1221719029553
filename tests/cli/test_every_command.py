"""Every command, walked: each `--format` value parses, and bad input is refused cleanly.

Bad input: a Dutch message, exit code 2, no traceback, and the store exactly as it was (its
content checksummed before and after). The tables below must name every command; a new command
without an entry fails `test_every_command_is_walked`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from builders import run_cli
from cli_tree import commands, formats

pytestmark = pytest.mark.e2e

Args = Callable[[Path], list[str]]

#: Valid arguments for every command that offers --format (the bundled data is loaded).
FORMAT_ARGS: dict[str, Args] = {
    "krapte data list": lambda _: [],
    "krapte data export": lambda _: [],
    "krapte data validate": lambda _: ["--dataset", "inschrijvingen"],
    "krapte claims check": lambda _: [],
    "krapte indicators show": lambda _: ["--dataset", "inschrijvingen", "--by", "niveau"],
    "krapte indicators tension": lambda _: [],
}


def _bad_csv(folder: Path) -> Path:
    path = folder / "slecht.csv"
    path.write_text("instelling;2024\nHOGENT;veel\n", encoding="utf-8")
    return path


#: For every command: bad arguments and a fragment of the Dutch message they must give.
BAD_INPUT: dict[str, tuple[Args, str]] = {
    "krapte init": (lambda _: ["--bogus"], "Onbekende optie '--bogus'"),
    "krapte serve": (lambda _: ["--port", "0"], "ligt niet in het bereik"),
    "krapte data list": (lambda _: ["--format", "xml"], "is niet een van"),
    "krapte data export": (
        lambda tmp: ["--out", str(tmp / "nergens" / "x.csv")],
        "kan niet geschreven worden",
    ),
    "krapte data import": (
        lambda tmp: [str(_bad_csv(tmp)), "--dataset", "inschrijvingen"],
        "slecht.csv, rij 2, kolom '2024': geen getal: 'veel'",
    ),
    "krapte data restore": (
        lambda _: ["--dataset", "inschrijvingen", "--release", "99"],
        "versie 99 van dataset inschrijvingen bestaat niet",
    ),
    "krapte data validate": (lambda _: ["--dataset", "nergens"], "onbekende dataset: nergens"),
    "krapte claims check": (
        lambda tmp: ["--file", str(tmp / "nergens.toml")],
        "kan het claimsbestand niet lezen (het bestand of de map bestaat niet)",
    ),
    "krapte indicators show": (
        lambda _: ["--dataset", "inschrijvingen", "--by", "gemeente"],
        "onbekende indeling 'gemeente'",
    ),
    "krapte indicators tension": (lambda _: ["--dataset", "nergens"], "onbekende dataset"),
}


def store_checksum(home: Path) -> str:
    """A checksum of the store's content (every row of every table), independent of WAL state."""
    with sqlite3.connect(home / "krapte.db") as connection:
        dump = "\n".join(connection.iterdump())
    return hashlib.sha256(dump.encode("utf-8")).hexdigest()


def test_every_command_is_walked() -> None:
    paths = {path for path, _ in commands()}
    assert paths - set(BAD_INPUT) == set(), "give every new command a bad-input case"
    offering = {path for path, command in commands() if formats(command)}
    assert offering - set(FORMAT_ARGS) == set(), "give every --format command valid arguments"


FORMAT_CASES = [
    (path, fmt) for path, command in commands() for fmt in formats(command) if path in FORMAT_ARGS
]


@pytest.mark.parametrize(("path", "fmt"), FORMAT_CASES)
def test_every_format_parses_as_that_format(
    initialised: str, tmp_path: Path, path: str, fmt: str
) -> None:
    args = [*path.split()[1:], *FORMAT_ARGS[path](tmp_path), "--format", fmt]
    output = run_cli(*args).stdout
    if fmt == "json":
        assert isinstance(json.loads(output), list)
        assert "NaN" not in output
        assert "Infinity" not in output
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(output)))
        assert rows
        assert len({len(row) for row in rows}) == 1
    else:
        assert output.strip()


@pytest.mark.parametrize("path", sorted(BAD_INPUT))
def test_bad_input_is_refused_in_dutch_and_changes_nothing(
    initialised: str, krapte_home: Path, tmp_path: Path, path: str
) -> None:
    arguments, message = BAD_INPUT[path]
    before = store_checksum(krapte_home)
    result = run_cli(*path.split()[1:], *arguments(tmp_path), code=2)
    assert message in result.output
    assert "Fout:" in result.output
    assert store_checksum(krapte_home) == before

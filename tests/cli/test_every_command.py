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
from importlib.resources import files
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
    "krapte forecast params": lambda _: ["--scenario", "basis", "--scenario", "doorstroom_master"],
    "krapte forecast run": lambda _: ["--draws", "50"],
    "krapte forecast compare": lambda _: ["--draws", "50", "--scenario", "doorstroom_master"],
    "krapte forecast sensitivity": lambda _: ["--samples", "16"],
    "krapte placement rounds": lambda _: [],
    "krapte placement indicators": lambda _: [_published_round()],
    "krapte placement anonymise": lambda _: ["--dry-run"],
    "krapte users list": lambda _: [],
    "krapte actionplan list": lambda _: [],
    "krapte actionplan export": lambda _: [],
    "krapte experts list": lambda _: [],
    "krapte db history": lambda _: [],
    "krapte workforce organisation list": lambda _: [],
    "krapte workforce indicators": lambda _: ["--org", _workforce_organisation()],
    "krapte workforce sector": lambda _: [],
    "krapte fairs list": lambda _: [],
    "krapte vacancies list": lambda _: [],
    "krapte vacancies stats": lambda _: [],
}


def _workforce_organisation() -> str:
    """An organisation in the command line's store (no records yet); its name."""
    from krapte.accounts.core.permissions import SYSTEM
    from krapte.bootstrap import bootstrap
    from krapte.workforce import service

    unit = bootstrap().unit_of_work(write=True)
    service.register_organisation(unit, SYSTEM, "CAW Oost", "jeugdhulp", "1-9", "Limburg")
    return "CAW Oost"


def _published_round() -> str:
    """A small published round in the command line's store; its id."""
    from krapte.bootstrap import bootstrap
    from placement.rounds.outcome_builders import offer, store_published_round

    lists = {f"S{i}": ["P1", "P2"] for i in range(8)}
    stored = store_published_round(
        bootstrap(), [offer("P1", 4), offer("P2", 4)], lists, {f"S{i}": "P1" for i in range(4)}
    )
    return str(stored.round_id)


def _round(folder: Path, *, bad_year: bool = False) -> list[str]:
    """The placement templates as a round, optionally with a study year that is no number."""
    templates = files("krapte") / "data" / "placement_templates"
    for name in ("offers", "students", "preferences"):
        text = (templates / f"{name}.csv").read_text(encoding="utf-8")
        if bad_year and name == "students":
            text = text.replace("sociaal werk,bachelor,3,", "sociaal werk,bachelor,drie,", 1)
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return [f"--{n}={folder / f'{n}.csv'}" for n in ("offers", "students", "preferences")]


BAD_YEAR = "students.csv, rij 2, kolom 'study_year': ongeldig studiejaar: 'drie'"


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
    "krapte forecast params": (lambda _: ["--scenario", "nergens"], "onbekend scenario"),
    "krapte forecast run": (lambda _: ["--base-year", "1900"], "basisjaar"),
    "krapte forecast compare": (lambda _: ["--draws", "0"], "0 ligt niet in het bereik"),
    "krapte forecast sensitivity": (lambda _: ["--scenario", "nergens"], "onbekend scenario"),
    "krapte placement run": (
        lambda tmp: [*_round(tmp, bad_year=True), "--seed", "1", f"--out={tmp / 'uit'}"],
        BAD_YEAR,
    ),
    "krapte placement check": (
        lambda tmp: [*_round(tmp, bad_year=True), f"--assignment={tmp / 'a.csv'}"],
        BAD_YEAR,
    ),
    "krapte placement followup": (
        lambda tmp: [
            *_round(tmp, bad_year=True),
            f"--assignment={tmp / 'a.csv'}",
            "--seed=1",
            f"--out={tmp / 'uit'}",
        ],
        BAD_YEAR,
    ),
    "krapte placement simulate-status-quo": (
        lambda tmp: [*_round(tmp, bad_year=True), "--seed", "1"],
        BAD_YEAR,
    ),
    "krapte placement import-round": (
        lambda tmp: ["--name", "voorjaar", *_round(tmp, bad_year=True)],
        BAD_YEAR,
    ),
    "krapte placement generate": (
        lambda tmp: ["--students", "0", "--offers", "1", "--seed", "1", f"--out={tmp / 'g'}"],
        "0 ligt niet in het bereik",
    ),
    "krapte placement rounds": (lambda _: ["--format", "xml"], "is niet een van"),
    "krapte users add": (lambda _: ["a@voorbeeld.be", "--role", "baas"], "'baas' is niet een van"),
    "krapte users invite": (
        lambda _: ["a@voorbeeld.be", "--role", "baas"],
        "'baas' is niet een van",
    ),
    "krapte users list": (lambda _: ["--format", "xml"], "is niet een van"),
    "krapte users disable": (lambda _: ["niemand@voorbeeld.be"], "geen gebruiker met e-mailadres"),
    "krapte users token": (
        lambda _: ["niemand@voorbeeld.be", "--name", "script"],
        "geen gebruiker met e-mailadres",
    ),
    "krapte placement run-round": (
        lambda tmp: ["--name", "nergens", "--seed", "1", f"--out={tmp / 'uit'}"],
        "ronde 'nergens' bestaat niet",
    ),
    "krapte placement indicators": (lambda _: ["999"], "stageronde 999 bestaat niet"),
    "krapte placement person export": (
        lambda tmp: ["niemand@example.org", "--out", str(tmp / "x.json")],
        "geen student 'niemand@example.org'",
    ),
    "krapte placement person delete": (
        lambda _: ["niemand@example.org", "--yes"],
        "geen student 'niemand@example.org'",
    ),
    "krapte placement anonymise": (lambda _: ["--format", "xml"], "is niet een van"),
    "krapte demo load": (lambda _: ["--students", "0"], "0 ligt niet in het bereik"),
    "krapte actionplan list": (lambda _: ["--status", "bezig"], "onbekende status 'bezig'"),
    "krapte actionplan add": (
        lambda _: ["61", "--title", "Platform", "--owner", "VDAB"],
        "aanbeveling 61 bestaat niet",
    ),
    "krapte actionplan update": (
        lambda _: ["61", "--status", "lopend"],
        "aanbeveling 61 bestaat niet",
    ),
    "krapte actionplan export": (lambda _: ["--format", "xml"], "is niet een van"),
    "krapte actionplan import": (
        lambda tmp: [str(_plan_with_unknown_recommendation(tmp))],
        "aanbeveling 99 bestaat niet",
    ),
    "krapte actionplan report": (
        lambda tmp: ["--actor", "employment_service", "--out", str(tmp / "r.docx")],
        ".html of .pdf",
    ),
    "krapte backup": (
        lambda tmp: ["--out", str(_a_file(tmp) / "back-up.tar.gz")],
        "een deel van het pad is geen map",
    ),
    "krapte restore": (
        lambda tmp: [str(tmp / "nergens.tar.gz"), "--replace"],
        "het bestand of de map bestaat niet",
    ),
    "krapte experts list": (lambda _: ["--status", "weg"], "is niet een van"),
    "krapte experts approve": (lambda _: ["7"], "bestaat niet (meer)"),
    "krapte experts remove": (lambda _: ["7"], "bestaat niet (meer)"),
    "krapte db upgrade": (lambda _: ["--bogus"], "Onbekende optie '--bogus'"),
    "krapte db current": (lambda _: ["--bogus"], "Onbekende optie '--bogus'"),
    "krapte db history": (lambda _: ["--format", "xml"], "is niet een van"),
    "krapte workforce organisation add": (
        lambda _: [
            "CAW",
            "--subsector",
            "bakkerij",
            "--size-class",
            "1-9",
            "--province",
            "Limburg",
        ],
        "kies uit",
    ),
    "krapte workforce organisation list": (lambda _: ["--format", "xml"], "is niet een van"),
    "krapte workforce import": (
        lambda tmp: ["--org", "CAW Oost", str(_bad_csv(tmp))],
        "slecht.csv, rij 1, kolom 'instelling': onbekende kolom",
    ),
    "krapte workforce indicators": (
        lambda _: ["--org", "Niemand"],
        "er is geen organisatie 'Niemand'",
    ),
    "krapte workforce sector": (lambda _: ["--by", "gemeente"], "kies een indeling uit"),
    "krapte fairs list": (lambda _: ["--limit", "0"], "0 ligt niet in het bereik"),
    "krapte fairs forget": (lambda _: ["--days", "-1"], "-1 ligt niet in het bereik"),
    "krapte vacancies list": (lambda _: ["--limiet", "0"], "0 ligt niet in het bereik"),
    "krapte vacancies import": (
        lambda tmp: [str(_vacancy_without_classification(tmp))],
        "vacatures.csv, rij 2, kolom 'occupation'",
    ),
    "krapte vacancies stats": (lambda _: ["--format", "xml"], "is niet een van"),
    "krapte vacancies purge": (lambda _: ["--bogus"], "Onbekende optie '--bogus'"),
}


def _vacancy_without_classification(folder: Path) -> Path:
    path = folder / "vacatures.csv"
    path.write_text(
        "organisation;title;occupation;level;municipality;sector;hours;contract;description;"
        "closes_on\nVzw De Brug;Sociaal werker (m/v/x);;;Gent;jeugdhulp;38;vast;Tekst;2099-01-01\n",
        encoding="utf-8",
    )
    return path


def _plan_with_unknown_recommendation(folder: Path) -> Path:
    path = folder / "plan.csv"
    path.write_text("recommendation,action,title,owner\n99,,Platform,VDAB\n", encoding="utf-8")
    return path


def _a_file(folder: Path) -> Path:
    path = folder / "een-bestand"
    path.write_text("geen map", encoding="utf-8")
    return path


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

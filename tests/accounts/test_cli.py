"""`krapte users ...`: add, invite (to the outbox), list, disable and make a token."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from krapte.cli import app

PASSWORD = "een-lang-geheim-wachtwoord"


def _run(*args: str, stdin: str | None = None, code: int = 0) -> str:
    result = CliRunner().invoke(app, list(args), input=stdin)
    assert result.exit_code == code, result.output
    return result.output


def test_add_list_and_disable_a_user(initialised: str) -> None:
    _run(
        "users",
        "add",
        "Coord@School.be",
        "--role",
        "school_coordinator",
        "--school",
        "HoGent",
        "--school",
        "Odisee",
        "--name",
        "Coord",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    listed = json.loads(_run("users", "list", "--format", "json"))
    rows = listed
    assert rows[0]["email"] == "coord@school.be"
    assert rows[0]["scopes"] == "HoGent;Odisee"
    assert "uitgeschakeld" in _run("users", "disable", "coord@school.be").lower()
    csv = _run("users", "list", "--format", "csv")
    assert "coord@school.be" in csv
    assert "coord@school.be,Coord,school_coordinator,HoGent;Odisee,true," in csv


def test_a_short_password_is_refused_in_dutch(initialised: str) -> None:
    output = _run(
        "users", "add", "a@b.be", "--role", "analyst", "--password-stdin", stdin="kort\n", code=2
    )
    assert "minstens 12 tekens" in output
    assert "a@b.be" not in _run("users", "list", "--format", "csv")


def test_an_invitation_goes_to_the_outbox_folder(initialised: str, krapte_home: Path) -> None:
    output = _run(
        "users",
        "invite",
        "org@vzw.be",
        "--role",
        "organisation_user",
        "--organisation",
        "Vzw A",
        "--base-url",
        "https://krapte.example",
    )
    written = list((krapte_home / "outbox").glob("*.eml"))
    assert [p.name for p in written] == [output.strip().rsplit(" ", 1)[1]]
    assert "https://krapte.example/uitnodiging/" in written[0].read_text("utf-8")


def test_a_token_is_printed_once(initialised: str) -> None:
    _run("users", "add", "a@b.be", "--role", "analyst", "--password-stdin", stdin=PASSWORD + "\n")
    output = _run("users", "token", "a@b.be", "--name", "script")
    assert output.strip().splitlines()[-1].startswith("krp_")


def test_an_unknown_role_is_refused_with_the_roles_listed(initialised: str) -> None:
    output = _run(
        "users",
        "add",
        "a@b.be",
        "--role",
        "koning",
        "--password-stdin",
        stdin=PASSWORD + "\n",
        code=2,
    )
    assert "school_coordinator" in output

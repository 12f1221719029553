"""The one error tree of krapte, and Dutch descriptions of what libraries report in English.

Every service raises a :class:`KrapteError`; its message is Dutch and names the field, file, row
or column concerned, never a command-line flag or a shell command (the edges add such hints).
The command line turns one into a message and an exit code, the web into an HTML or JSON page
with an HTTP status; neither ever shows a traceback for these.

```
KrapteError
├── InvalidInput      bad input: a list of problems (file, row, field, Dutch message)
├── NotFound          something asked for does not exist
├── Conflict          the request clashes with the state of the store or of the disk
│   └── WrongPhase    an action outside the phase of its placement round
├── Unauthenticated   the action needs a signed-in user (or an API token)
├── Forbidden         the signed-in user may not do this (the permission function said no)
├── NotInitialised    the store has not been built (or has an older structure)
└── StillComputing    a result is being computed; ask again shortly
```
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "Conflict",
    "Forbidden",
    "InvalidInput",
    "KrapteError",
    "NotFound",
    "NotInitialised",
    "Problem",
    "StillComputing",
    "Unauthenticated",
    "WrongPhase",
    "os_error",
    "toml_error",
]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input: where (file, row, field or column) and why, in Dutch.

    ``row`` counts as a spreadsheet does (the header is row 1); ``None`` when the problem is not
    about one row. ``field`` is a column of a file, a field of a form or an option's Dutch name.
    """

    message: str
    file: str = ""
    row: int | None = None
    field: str = ""

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(f"rij {self.row}")
        if self.field:
            where.append(f"kolom '{self.field}'" if self.file else self.field)
        return f"{', '.join(where)}: {self.message}" if where else self.message

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "row": self.row, "field": self.field, "message": self.message}


class KrapteError(Exception):
    """Base of every error a user can cause or meet; ``message`` is Dutch.

    ``code`` names the kind for JSON answers, ``http_status`` is the web's answer and
    ``exit_code`` the command line's.
    """

    code = "error"
    http_status = 400
    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def as_dict(self) -> dict[str, object]:
        return {"error": self.code, "message": self.message}


class InvalidInput(KrapteError):
    """The input was refused as a whole; ``problems`` lists every problem found."""

    code = "invalid_input"
    http_status = 422

    def __init__(self, problems: Sequence[Problem], message: str | None = None) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        super().__init__(message or f"de invoer bevat {count} {'fout' if count == 1 else 'fouten'}")

    @classmethod
    def single(
        cls, message: str, *, file: str = "", row: int | None = None, field: str = ""
    ) -> InvalidInput:
        """One problem, shown as the message itself."""
        problem = Problem(message, file=file, row=row, field=field)
        return cls([problem], str(problem))

    def as_dict(self) -> dict[str, object]:
        return {**super().as_dict(), "problems": [p.as_dict() for p in self.problems]}


class NotFound(KrapteError):
    """A dataset, release, round, scenario or file that was asked for does not exist."""

    code = "not_found"
    http_status = 404


class Conflict(KrapteError):
    """The request clashes with what is there: a name taken, a folder not empty, a busy store."""

    code = "conflict"
    http_status = 409


class WrongPhase(Conflict):
    """An action of a placement round asked outside the phase that allows it."""

    code = "wrong_phase"


class Unauthenticated(KrapteError):
    """The action needs a signed-in user or an API token; the web answers with the login page."""

    code = "unauthenticated"
    http_status = 401


class Forbidden(KrapteError):
    """The actor may not do this to this resource (the permission function said no).

    The message never says whether the resource exists for someone else.
    """

    code = "forbidden"
    http_status = 403


class NotInitialised(KrapteError):
    """The store does not exist yet or has an older structure than this version of krapte."""

    code = "not_initialised"
    http_status = 503

    def __init__(self, message: str, *, outdated: bool = False) -> None:
        super().__init__(message)
        self.outdated = outdated


class StillComputing(KrapteError):
    """A result is being computed (a forecast after a new data version); ask again shortly."""

    code = "computing"
    http_status = 503

    def __init__(self, message: str, *, retry_after_s: int = 5) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


# --- Dutch descriptions of English library errors ----------------------------------------------

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOML_END = re.compile(r"\(at end of document\)")


def os_error(exc: OSError) -> str:
    """Why a file could not be read or written, in Dutch."""
    if isinstance(exc, FileNotFoundError):
        return "het bestand of de map bestaat niet"
    if isinstance(exc, PermissionError):
        return "geen toegang"
    if isinstance(exc, IsADirectoryError):
        return "dit is een map, geen bestand"
    if isinstance(exc, NotADirectoryError):
        return "een deel van het pad is geen map"
    if isinstance(exc, FileExistsError):
        return "het bestand of de map bestaat al"
    if getattr(exc, "errno", None) == 28:  # ENOSPC
        return "de schijf is vol"
    if getattr(exc, "errno", None) == 30:  # EROFS
        return "het bestandssysteem is alleen-lezen"
    return "het bestand kan niet gelezen of geschreven worden"


def toml_error(exc: tomllib.TOMLDecodeError) -> str:
    """Where a TOML file is malformed, in Dutch (the parser's own wording is English)."""
    text = str(exc)
    if match := _TOML_POSITION.search(text):
        return f"geen geldige TOML op regel {match.group(1)}, kolom {match.group(2)}"
    if _TOML_END.search(text):
        return "geen geldige TOML: het bestand houdt onverwacht op"
    return "geen geldige TOML"

"""One staff record entered by hand (a form or the API), checked exactly like a file's row.

An entry is a mapping of the staff file's columns to texts. It becomes a table of one row,
named :data:`FORM`, and goes through :func:`~krapte.workforce.core.staff_file.read_staff`: the
same privacy check (no national register number in any field), the same rules per column, the
same Dutch messages naming the field. Ending an employment or adding an absence period re-checks
the whole record with its change, so a hand-made change can never make a record a file would
refuse.

One rule is stricter by hand than in a file: a pseudonym typed into a form must hold a digit
(``MW-0042``), so that a name typed by habit (``JanPeeters``) is refused before it is stored.
Files come from staff administrations, whose codes are their own; that check is kept for them
as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from krapte.errors import InvalidInput, Problem
from krapte.tabular import MAX_CELL_CHARACTERS, Table
from krapte.workforce.core.staff_file import COLUMNS, StaffFile, read_staff

FORM = "formulier"
"""The name of an entry's table; its problems name only the field (a form has no file)."""
_DIGIT = re.compile(r"[0-9]")


def entry_table(fields: Mapping[str, str]) -> Table:
    """A table of one row holding ``fields`` (unknown keys are refused, like unknown columns)."""
    import pyarrow as pa

    header = [*COLUMNS, *(key for key in fields if key not in COLUMNS)]
    cells = [" ".join(str(fields.get(name, "")).split()) for name in header]
    problems = [
        Problem(f"hoogstens {MAX_CELL_CHARACTERS} tekens", field=name)
        for name, cell in zip(header, cells, strict=True)
        if len(cell) > MAX_CELL_CHARACTERS
    ]
    if problems:
        raise InvalidInput(problems)
    return Table(FORM, header, [pa.array([cell], pa.string()) for cell in cells])


def read_entry(fields: Mapping[str, str], as_of: date, *, new: bool = True) -> StaffFile:
    """The record of ``fields`` after every check a file's row gets (InvalidInput otherwise).

    ``new``: the pseudonym is typed now, so it must hold a digit (see the module's note).
    """
    table = entry_table(fields)
    problems: list[Problem] = []
    try:
        found = read_staff(table, as_of)
    except InvalidInput as refused:
        problems = [_unrowed(p) for p in refused.problems]
        found = None
    pseudonym = str(fields.get("pseudonym", "")).strip()
    if new and pseudonym and not _DIGIT.search(pseudonym):
        problems.append(
            Problem(
                "een pseudoniem bevat minstens één cijfer (zoals MW-0042), zodat er nooit een "
                "naam komt te staan",
                field="pseudonym",
            )
        )
    if problems or found is None or len(found) != 1:
        if not problems:
            problems.append(Problem("vul de verplichte velden in"))
        raise InvalidInput(problems, _message(problems))
    return found


def _unrowed(problem: Problem) -> Problem:
    """A problem of the one-row table without its row number (a form has no rows)."""
    return Problem(problem.message, field=problem.field)


def _message(problems: list[Problem]) -> str:
    if len(problems) == 1:
        return str(problems[0])
    return f"{len(problems)} fouten; er is niets bewaard"

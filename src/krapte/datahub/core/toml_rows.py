"""Where the tables of a TOML file start, so that a problem can name its line as its row.

:mod:`tomllib` returns plain values without positions; the files krapte reads (claims, series
declarations) write every entry as an array-of-tables header (``[[claim]]``), whose line is the
row a problem names.
"""

from __future__ import annotations

import re


def header_lines(text: str, table: str, count: int) -> list[int | None]:
    """The line of each ``[[table]]`` header, or ``None`` for all when they cannot be told apart.

    ``count`` is how many entries :mod:`tomllib` found; when the file writes some of them another
    way (an inline array), the headers do not line up with the entries and no line is given.
    """
    header = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]")
    found = [n for n, line in enumerate(text.splitlines(), start=1) if header.match(line)]
    return list(found) if len(found) == count else [None] * count

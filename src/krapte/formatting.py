"""Flemish rendering of numbers and dates (Babel's locale data), shared by the command line and
the web pages: ``1.938``, ``39,9%``, ``29 november 2026``.

Babel is imported on first use, so commands that print no number start quickly.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Final

#: The interface's language: Dutch as written in Flanders.
DEFAULT_LOCALE: Final = "nl_BE"

#: Dutch labels of the units of the tidy format, for the interface.
UNIT_LABELS = {
    "count": "aantal",
    "percent": "%",
    "ratio": "ratio",
    "score": "score",
    "index": "index",
    "years": "jaren",
    "euro": "euro",
}


def unit_label(unit: str) -> str:
    return UNIT_LABELS.get(unit, unit)


def number(value: float | None, decimals: int = 0, locale: str = DEFAULT_LOCALE) -> str:
    """Render a number the Flemish way: 1.938 and 39,9; an empty string for a missing value.

    With ``decimals=0`` a fractional value still shows one decimal, so no figure is rounded away.
    """
    if value is None:
        return ""
    from babel.numbers import format_decimal

    if decimals == 0 and not float(value).is_integer():
        decimals = 1
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return str(format_decimal(value, format=pattern, locale=locale))


def percent(value: float | None, decimals: int = 1, locale: str = DEFAULT_LOCALE) -> str:
    """``39,9%``: a value that is already in percent, the way the report prints it."""
    return "" if value is None else number(value, decimals, locale) + "%"


def long_date(value: date | datetime | str | None, locale: str = DEFAULT_LOCALE) -> str:
    """``29 november 2026``; an ISO text is read first; empty for a missing value."""
    if value is None or value == "":
        return ""
    from babel.dates import format_date

    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime):
        value = value.date()
    return str(format_date(value, "d MMMM y", locale=locale))


def plural(count: int, one: str, many: str) -> str:
    """`1 rij`, `2.000 rijen`: a count in Flemish notation with the Dutch singular or plural."""
    return f"{number(count)} {one if count == 1 else many}"

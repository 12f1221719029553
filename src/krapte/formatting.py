"""Flemish rendering of numbers, shared by the command line and the web pages."""

from __future__ import annotations

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


def number(value: float | None, decimals: int = 0) -> str:
    """Render a number the Flemish way: 1.938 and 39,9; an empty string for a missing value."""
    if value is None:
        return ""
    if decimals == 0 and float(value).is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:,.{max(decimals, 1)}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def plural(count: int, one: str, many: str) -> str:
    """`1 rij`, `2.000 rijen`: a count in Flemish notation with the Dutch singular or plural."""
    return f"{number(count)} {one if count == 1 else many}"

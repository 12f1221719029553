"""Parsing of numbers as Flemish exports print them: ``1.938``, ``39,9``, ``1.234,5``, ``12 %``.

Pure: strings in, floats out. A blank cell is missing (``None``), never zero. Numbers a float
cannot hold exactly enough (beyond 2**53, such as a 400-digit value) or at all (``inf``, ``nan``)
are refused rather than stored as infinity or rounded silently.
"""

from __future__ import annotations

import math
import re

__all__ = ["NumberFormatError", "parse_dutch_number"]

# A dot followed by groups of exactly three digits is a thousands separator (1.938, 12.534.000).
_THOUSANDS_DOTS = re.compile(r"^[1-9]\d{0,2}(\.\d{3})+$")
# Same with a decimal comma after it (1.234,5).
_THOUSANDS_DOTS_DECIMAL_COMMA = re.compile(r"^[1-9]\d{0,2}(\.\d{3})+,\d+$")
_DECIMAL_COMMA = re.compile(r"^\d+,\d+$")
_DECIMAL_POINT = re.compile(r"^\d*\.\d+$|^\d+$")
_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")
_MINUS_SIGNS = ("-", "\u2212", "\u2013")
#: Beyond this magnitude a float no longer holds every whole number exactly.
LARGEST_EXACT = 2.0**53


class NumberFormatError(ValueError):
    """The text is not a number in a format a Flemish export uses; the message is Dutch."""


def parse_dutch_number(text: str | float | int | None) -> float | None:
    """The number written in ``text``, or None for a blank cell.

    Accepted: ``1938``, ``1.938`` (dot = thousands), ``39,9`` (comma = decimal), ``1.234,5``,
    ``1 938`` (space = thousands), a leading minus, a trailing ``%`` (dropped: the unit says it is
    a percentage), and plain ``39.9`` when the dot cannot be a thousands separator.
    Numbers already read as numbers (e.g. from a spreadsheet cell) are returned as floats.
    """
    if text is None:
        return None
    if isinstance(text, bool):
        raise NumberFormatError(f"geen getal: {text!r}")
    if isinstance(text, int | float):
        return _checked(float(text), str(text))
    cleaned = text.strip()
    if not cleaned:
        return None
    body = cleaned.removesuffix("%").translate(_SPACES)
    negative = body.startswith(_MINUS_SIGNS)
    if negative:
        body = body[1:]
    number = _unsigned(body)
    if number is None:
        raise NumberFormatError(f"geen getal: {cleaned!r}")
    return _checked(-number if negative else number, cleaned)


def _checked(value: float, shown: str) -> float:
    if not math.isfinite(value) or abs(value) > LARGEST_EXACT - 1:
        short = shown if len(shown) <= 20 else f"{shown[:17]}..."
        raise NumberFormatError(
            f"getal te groot of ongeldig: {short!r} (hoogstens 9.007.199.254.740.991 in absolute "
            "waarde)"
        )
    return value


def _unsigned(body: str) -> float | None:
    if _THOUSANDS_DOTS.match(body):
        return float(body.replace(".", ""))
    if _THOUSANDS_DOTS_DECIMAL_COMMA.match(body):
        return float(body.replace(".", "").replace(",", "."))
    if _DECIMAL_COMMA.match(body):
        return float(body.replace(",", "."))
    if _DECIMAL_POINT.match(body):
        return float(body)
    return None

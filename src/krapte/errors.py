"""Dutch descriptions of the errors that libraries and the operating system report in English."""

from __future__ import annotations

import re
import tomllib

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
    return "het bestand kan niet gelezen of geschreven worden"


def toml_error(exc: tomllib.TOMLDecodeError) -> str:
    """Where a TOML file is malformed, in Dutch (the parser's own wording is English)."""
    text = str(exc)
    if match := _TOML_POSITION.search(text):
        return f"geen geldige TOML op regel {match.group(1)}, kolom {match.group(2)}"
    if _TOML_END.search(text):
        return "geen geldige TOML: het bestand houdt onverwacht op"
    return "geen geldige TOML"

"""The fixed lists a profile or a job alert chooses from.

- Fields of expertise: ``krapte/data/experts/expertise.csv`` (key, label, source, note). The
  report (Sterk Sociaal Werk, 2025) prints no list of fields; the labels gather the subsectors
  and themes it names, each with the section and line of the report's plain-text export where it
  appears (``source``) and, where krapte combined or renamed, a ``note``.
- Regions: the five Flemish provinces and Brussels, written as the rest of krapte writes them.
- Languages: a short fixed list (the languages a journalist asks for most); free text would make
  the directory unsearchable.
- Diplomas and levels of job alerts: the programmes and levels of the bundled classification
  (``krapte/data/classification.csv``, report 4.1.5), the one vacancies are classified with.

Files are read through the one tabular reader; a malformed bundle raises
:class:`krapte.errors.InvalidInput` naming file, row and column.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import as_file, files
from pathlib import Path

from krapte.datahub.core.records import PROVINCES
from krapte.errors import InvalidInput, Problem
from krapte.tabular import Table, read_table

EXPERTISE_FILE = "experts/expertise.csv"
CLASSIFICATION_FILE = "classification.csv"
BRUSSELS = "Brussel"
REGIONS: tuple[str, ...] = (*PROVINCES, BRUSSELS)
LANGUAGES: tuple[str, ...] = (
    "Nederlands",
    "Frans",
    "Engels",
    "Duits",
    "Spaans",
    "Arabisch",
    "Turks",
    "Berbers",
    "Pools",
    "Roemeens",
    "Oekraïens",
    "Russisch",
    "Vlaamse Gebarentaal",
)
LEVEL_ORDER: tuple[str, ...] = ("graduaat", "bachelor", "master")
INVALID = "de gebundelde lijst is ongeldig"


@dataclass(frozen=True, slots=True)
class Expertise:
    key: str
    label: str
    source: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Diplomas:
    """The programmes and levels a job alert can ask for (from the classification)."""

    programmes: tuple[str, ...]
    levels: tuple[str, ...]


def _bundled(name: str) -> Table:
    with as_file(files("krapte") / "data" / name) as path:
        return read_table(Path(path))


def read_expertise(table: Table) -> tuple[Expertise, ...]:
    """The fields of a table with columns key, label, source (and note); Dutch problems else."""
    problems = table.missing(("key", "label", "source"))
    if problems:
        raise InvalidInput(problems, INVALID)
    keys, labels, sources = table.texts("key"), table.texts("label"), table.texts("source")
    notes = table.texts("note") if "note" in [h.lower() for h in table.header] else [""] * len(keys)
    seen: set[str] = set()
    for index, key in enumerate(keys):
        if not key or not key.replace("-", "").isalnum() or key != key.lower():
            message = "een sleutel is kort, in kleine letters, zonder spaties"
            problems.append(table.problem(index, "key", message))
        elif key in seen:
            problems.append(table.problem(index, "key", f"de sleutel '{key}' staat er al"))
        seen.add(key)
        for column, value in (("label", labels[index]), ("source", sources[index])):
            if not value:
                problems.append(table.problem(index, column, "leeg; vul dit in"))
    if problems:
        raise InvalidInput(problems, INVALID)
    return tuple(Expertise(*row) for row in zip(keys, labels, sources, notes, strict=True))


@cache
def expertise() -> tuple[Expertise, ...]:
    """The bundled fields of expertise, in the order of the file."""
    return read_expertise(_bundled(EXPERTISE_FILE))


def expertise_labels() -> dict[str, str]:
    return {field.key: field.label for field in expertise()}


@cache
def diplomas() -> Diplomas:
    """The programmes and levels of the bundled classification (report 4.1.5)."""
    table = _bundled(CLASSIFICATION_FILE)
    missing = table.missing(("programme", "level"))
    if missing:
        raise InvalidInput(missing, INVALID)
    programmes = tuple(sorted({p for p in table.texts("programme") if p}))
    found = {level for level in table.texts("level") if level}
    levels = tuple(sorted(found, key=lambda lv: (*LEVEL_ORDER, lv).index(lv)))
    return Diplomas(programmes, levels)


def unknown(value: str, allowed: tuple[str, ...], field: str, what: str) -> Problem | None:
    """A problem when ``value`` is not in ``allowed`` (the choices are named)."""
    if value in allowed:
        return None
    return Problem(f"onbekende {what} '{value[:60]}'; kies uit {', '.join(allowed)}", field=field)

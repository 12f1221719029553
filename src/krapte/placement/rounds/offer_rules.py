"""What an offer written in the browser or imported from a spreadsheet may hold, checked the same
way for both: the offer codec and validation of the files (:mod:`krapte.placement.core.validation`)
on a table of cells, then the round's vocabularies (programmes, levels, sectors, languages) and
the official municipality list, which also gives the province.

A form is checked as a one-row table, so a form and a file can never disagree about an offer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from krapte.errors import Problem
from krapte.placement.core.generator import PROGRAMMES, SECTORS
from krapte.placement.core.model import Offer, normalise, split_list
from krapte.placement.core.validation import (
    OFFER_COLUMNS,
    OFFER_OPTIONAL,
    Problems,
    parse_offers,
)
from krapte.placement.municipalities import check_municipality
from krapte.tabular import Table

EXTRA_COLUMNS = ("period", "description")
COLUMNS = OFFER_COLUMNS + OFFER_OPTIONAL + EXTRA_COLUMNS
IMPORT_REQUIRED = ("organisation", "municipality", "sector", "capacity")
"""An imported file needs these; ``offer_id`` may be empty (a new offer gets one) and the
province, when given, must be the municipality's."""
MAX_PERIOD_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 4000

PROGRAMME_NAMES: tuple[str, ...] = tuple(sorted({spec.programme for spec in PROGRAMMES}))
LEVEL_NAMES: tuple[str, ...] = tuple(dict.fromkeys(spec.level for spec in PROGRAMMES))
STUDY_YEARS: tuple[int, ...] = tuple(range(1, max(y for s in PROGRAMMES for y in s.years) + 1))
SECTOR_NAMES: tuple[str, ...] = tuple(sector for sector, _ in SECTORS)
LANGUAGES: dict[str, str] = {"nl": "Nederlands", "fr": "Frans", "en": "Engels", "de": "Duits"}


@dataclass(frozen=True)
class CheckedOffer:
    """A valid offer with what the browser adds to the files' columns."""

    offer: Offer
    period: str
    description: str
    row: int
    """The file row (2 for a form)."""
    new: bool
    """The offer id was empty: the service gives it one."""


def _canonical(
    items: Iterable[str], known: Sequence[str], what: str
) -> tuple[tuple[str, ...], list[str]]:
    by_key = {normalise(name): name for name in known}
    found: list[str] = []
    problems: list[str] = []
    for item in items:
        name = by_key.get(normalise(item))
        if name is None:
            problems.append(f"onbekende {what} '{item}'; kies uit: {', '.join(known)}")
        elif name not in found:
            found.append(name)
    return tuple(found), problems


def _row_problems(cells: Mapping[str, str]) -> tuple[dict[str, object], list[tuple[str, str]]]:
    """The round's vocabularies and the municipality for one row: canonical values, problems."""
    values: dict[str, object] = {}
    problems: list[tuple[str, str]] = []
    if not cells.get("organisation", "").strip():
        problems.append(("organisation", "vul de organisatie in"))
    municipality, why = check_municipality(cells.get("municipality", ""))
    if municipality is None:
        problems.append(("municipality", why))
    else:
        values["municipality"] = municipality.name
        values["province"] = municipality.province
        given = cells.get("province", "").strip()
        if given and normalise(given) != normalise(municipality.province):
            problems.append(
                (
                    "province",
                    f"'{municipality.name}' ligt in '{municipality.province}', niet in '{given}' "
                    "(laat de provincie leeg: ze volgt uit de gemeente)",
                )
            )
    sector = cells.get("sector", "").strip()
    sectors, why_sector = _canonical([sector] if sector else [], SECTOR_NAMES, "sector")
    if not sector:
        problems.append(("sector", "kies een sector"))
    problems.extend(("sector", message) for message in why_sector)
    values["sector"] = sectors[0] if sectors else sector
    for column, known, what in (
        ("programmes", PROGRAMME_NAMES, "opleiding"),
        ("levels", LEVEL_NAMES, "niveau"),
        ("languages", tuple(LANGUAGES), "taal"),
    ):
        found, messages = _canonical(split_list(cells.get(column, "")), known, what)
        values[column] = found
        problems.extend((column, message) for message in messages)
    for column, limit in (("period", MAX_PERIOD_LENGTH), ("description", MAX_DESCRIPTION_LENGTH)):
        length = len(cells.get(column, "").strip())
        if length > limit:
            problems.append((column, f"te lang: {length} tekens, hoogstens {limit}"))
    return values, problems


PLACEHOLDER = "nieuw-aanbod-rij-{}"
"""The id an offer without one carries through the files' validation."""


def check_table(table: Table) -> tuple[list[CheckedOffer], list[Problem]]:
    """Every offer of ``table`` (blank rows skipped) and every problem (file, row, column)."""
    import pyarrow as pa

    ids = table.texts("offer_id")
    new = [not text.strip() for text in ids]
    filled = [
        PLACEHOLDER.format(n) if empty else text
        for n, (text, empty) in enumerate(zip(ids, new, strict=True))
    ]
    header = [name for name in table.header if name.lower() != "offer_id"]
    columns = [table.column(name) for name in header] + [pa.array(filled, pa.string())]
    work = Table(table.file, [*header, "offer_id"], columns, first_row=table.first_row)
    problems = Problems()
    offers = parse_offers(work, problems)
    found = list(problems.found)
    texts = {column: table.texts(column) for column in COLUMNS}
    rows: list[tuple[int, dict[str, str], dict[str, object]]] = []
    for index in np.flatnonzero(~table.blank()).tolist():
        cells = {column: str(texts[column][index] or "") for column in COLUMNS}
        values, row_problems = _row_problems(cells)
        found.extend(table.problem(index, column, message) for column, message in row_problems)
        rows.append((index, cells, values))
    if found or len(offers) != len(rows):
        return [], sorted(found, key=lambda p: (p.row or 0, p.field))
    checked = [
        CheckedOffer(
            offer=replace(
                parsed,
                offer_id="" if new[index] else parsed.offer_id,
                organisation=" ".join(cells["organisation"].split()),
                **values,  # type: ignore[arg-type]
            ),
            period=cells["period"].strip(),
            description=cells["description"].strip(),
            row=table.row(index),
            new=new[index],
        )
        for (index, cells, values), parsed in zip(rows, offers, strict=True)
    ]
    return checked, []


def form_table(cells: Mapping[str, str]) -> Table:
    """One form as a one-row table (the form's fields are the file's columns)."""
    import pyarrow as pa

    return Table(
        "formulier",
        list(COLUMNS),
        [pa.array([str(cells.get(column, ""))], pa.string()) for column in COLUMNS],
    )


def slug(organisation: str, limit: int = 40) -> str:
    """``"CAW Oost-Vlaanderen"`` -> ``"CAW-OOST-VLAANDEREN"`` (the stem of new offer ids)."""
    plain = unicodedata.normalize("NFKD", organisation)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).upper()
    stem = re.sub(r"[^A-Z0-9]+", "-", plain).strip("-")[:limit].strip("-")
    return stem or "AANBOD"

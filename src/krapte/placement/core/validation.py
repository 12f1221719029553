"""Parse and validate the three input tables into a :class:`PlacementRound`.

Every problem is collected (file, row, column, Dutch reason); when there is any, nothing runs.
Checks: missing columns, empty required cells, duplicate ids, non-integer, negative or too large
numbers, texts longer than the database columns hold, malformed quota cells, unknown students or
offers in the preferences, duplicate offers or ranks in a list, lists longer than the maximum, and
choices the student is not eligible for.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import repeat

import numpy as np

from krapte.placement.core.encode import Encoded, encode
from krapte.placement.files import InputError, InputIssue, Table
from krapte.placement.core.instance import IntArray, eligible_pairs
from krapte.placement.core.model import (
    MAX_INTEGER,
    OFFER_MAX_LENGTHS,
    STUDENT_MAX_LENGTHS,
    Offer,
    PlacementRound,
    Student,
    offer_from_cells,
)

OFFER_COLUMNS = (
    "offer_id",
    "organisation",
    "municipality",
    "province",
    "sector",
    "capacity",
    "programmes",
    "levels",
    "study_years",
)
OFFER_OPTIONAL = ("languages", "quota", "priority", "notes")
STUDENT_COLUMNS = ("student_id", "school", "programme", "level", "study_year", "municipality")
PREFERENCE_COLUMNS = ("student_id", "rank", "offer_id")
DEFAULT_MAX_CHOICES = 10


def _integer(text: str) -> int | None:
    try:
        return int(text.strip())
    except ValueError:
        return None


class _Collector:
    def __init__(self) -> None:
        self.issues: list[InputIssue] = []

    def add(self, table: Table, row: int, column: str, message: str) -> None:
        self.issues.append(InputIssue(table.name, row, column, message))


def _getter(table: Table, columns: tuple[str, ...]) -> list[tuple[str, int]]:
    return [
        (column, table.header.index(column) if column in table.header else -1) for column in columns
    ]


def _values(row: list[str], getter: list[tuple[str, int]]) -> dict[str, str]:
    return {column: row[index].strip() if index >= 0 else "" for column, index in getter}


def _too_long(
    table: Table, number: int, values: dict[str, str], limits: dict[str, int], issues: _Collector
) -> None:
    for column, limit in limits.items():
        length = len(values.get(column, ""))
        if length > limit:
            issues.add(table, number, column, f"te lang: {length} tekens, hoogstens {limit}")


def parse_offers(table: Table, issues: _Collector) -> list[Offer]:
    offers: list[Offer] = []
    seen: set[str] = set()
    getter = _getter(table, OFFER_COLUMNS + OFFER_OPTIONAL)
    for index, row in enumerate(table.rows):
        number = index + 2
        values = _values(row, getter)
        if not any(row):
            continue
        offer_id = values["offer_id"]
        if not offer_id:
            issues.add(table, number, "offer_id", "lege aanbod-id")
            continue
        if offer_id in seen:
            issues.add(table, number, "offer_id", f"aanbod '{offer_id}' staat er meer dan één keer")
            continue
        seen.add(offer_id)
        _too_long(table, number, values, OFFER_MAX_LENGTHS, issues)
        offer, problems = offer_from_cells(values)
        for column, message in problems:
            issues.add(table, number, column, message)
        offers.append(offer)
    return offers


def parse_students(table: Table, issues: _Collector) -> list[Student]:
    students: list[Student] = []
    seen: set[str] = set()
    ids, schools, programmes, levels, years, municipalities = (
        table.cells(column) for column in STUDENT_COLUMNS
    )
    rows = zip(ids, schools, programmes, levels, years, municipalities, strict=True)
    for index, (student_id, school, programme, level, year_text, municipality) in enumerate(rows):
        number = index + 2
        student_id, school, programme, level = (
            student_id.strip(),
            school.strip(),
            programme.strip(),
            level.strip(),
        )
        if not student_id:
            if school or programme or level or year_text.strip() or municipality.strip():
                issues.add(table, number, "student_id", "lege student-id")
            continue
        if student_id in seen:
            issues.add(
                table, number, "student_id", f"student '{student_id}' staat er meer dan één keer"
            )
            continue
        seen.add(student_id)
        municipality = municipality.strip()
        cells = {
            "student_id": student_id,
            "school": school,
            "programme": programme,
            "level": level,
            "municipality": municipality,
        }
        _too_long(table, number, cells, STUDENT_MAX_LENGTHS, issues)
        for column, value in (("school", school), ("programme", programme), ("level", level)):
            if not value:
                issues.add(table, number, column, "lege waarde")
        year = _integer(year_text)
        if year is None or year < 1 or year > MAX_INTEGER:
            issues.add(table, number, "study_year", f"ongeldig studiejaar: '{year_text}'")
        students.append(
            Student(
                student_id=student_id,
                school=school,
                programme=programme,
                level=level,
                study_year=year if year is not None and 1 <= year <= MAX_INTEGER else 1,
                municipality=municipality,
            )
        )
    return students


def _codes(column: list[str], index: dict[str, int]) -> IntArray:
    codes = np.fromiter(map(index.get, column, repeat(-1)), np.int64, len(column))
    for position in np.flatnonzero(codes < 0).tolist():
        codes[position] = index.get(column[position].strip(), -1)
    return codes


def _ranks(column: list[str]) -> IntArray:
    try:
        return np.asarray(np.array(column, dtype=np.int64))
    except (ValueError, OverflowError):
        return np.fromiter(((_integer(value) or 0) for value in column), np.int64, len(column))


@dataclass(frozen=True)
class ParsedPreferences:
    pref_ptr: IntArray
    pref_offer: IntArray
    rows: IntArray
    """The file row of every entry."""


def parse_preferences(
    table: Table, issues: _Collector, encoded: Encoded, max_choices: int
) -> ParsedPreferences:
    """The ranked lists (CSR over the encoded students), in rank order; problems collected."""
    student_cells = table.cells("student_id")
    offer_cells = table.cells("offer_id")
    rank_cells = table.cells("rank")
    count = len(table)
    students = _codes(student_cells, encoded.student_index)
    offers = _codes(offer_cells, encoded.offer_index)
    ranks = _ranks(rank_cells)
    numbers = np.arange(2, count + 2, dtype=np.int64)
    suspect = (students < 0) | (offers < 0) | (ranks < 1)
    blank = np.zeros(count, dtype=np.bool_)
    for index in np.flatnonzero(suspect).tolist():
        cells = (student_cells[index], offer_cells[index], rank_cells[index])
        blank[index] = not any(cell.strip() for cell in cells)
    bad = suspect & ~blank
    for index in np.flatnonzero(bad).tolist():
        number = index + 2
        if students[index] < 0:
            issues.add(table, number, "student_id", f"onbekende student '{student_cells[index]}'")
        if offers[index] < 0:
            issues.add(table, number, "offer_id", f"onbekend aanbod '{offer_cells[index]}'")
        if ranks[index] < 1:
            issues.add(
                table, number, "rank", f"rang is geen positief geheel getal: '{rank_cells[index]}'"
            )
    good = np.flatnonzero(~blank & ~bad)
    order = good[np.lexsort((numbers[good], ranks[good], students[good]))]
    students, offers, ranks, numbers = students[order], offers[order], ranks[order], numbers[order]
    ids = encoded.student_ids
    same_student = np.zeros(len(order), dtype=np.bool_)
    same_student[1:] = students[1:] == students[:-1]
    for index in np.flatnonzero(same_student & np.r_[False, ranks[1:] == ranks[:-1]]).tolist():
        issues.add(
            table,
            int(numbers[index]),
            "rank",
            f"student '{ids[students[index]]}' gebruikt rang {ranks[index]} meer dan één keer",
        )
    by_offer = np.lexsort((np.arange(len(order)), offers, students))
    repeat = np.zeros(len(order), dtype=np.bool_)
    repeat[1:] = (students[by_offer][1:] == students[by_offer][:-1]) & (
        offers[by_offer][1:] == offers[by_offer][:-1]
    )
    for index in by_offer[repeat].tolist():
        issues.add(
            table,
            int(numbers[index]),
            "offer_id",
            f"student '{ids[students[index]]}' kiest aanbod "
            f"'{encoded.offer_ids[offers[index]]}' meer dan één keer",
        )
    counts = np.bincount(students, minlength=encoded.instance.n_students)
    ptr = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=ptr[1:])
    for student in np.flatnonzero(counts > max_choices).tolist():
        issues.add(
            table,
            int(numbers[ptr[student] + max_choices]),
            "rank",
            f"lijst van student '{ids[student]}' telt {counts[student]} keuzes; "
            f"maximum is {max_choices}",
        )
    return ParsedPreferences(pref_ptr=ptr, pref_offer=offers, rows=numbers)


def ineligible_choices(encoded: Encoded, rows: IntArray, table: Table) -> list[InputIssue]:
    instance = encoded.instance
    students = instance.entry_student()
    ok = eligible_pairs(instance, students, instance.pref_offer)
    issues = []
    for entry in np.flatnonzero(~ok).tolist():
        student_id = encoded.student_ids[int(students[entry])]
        offer_id = encoded.offer_ids[int(instance.pref_offer[entry])]
        issues.append(
            InputIssue(
                table.name,
                int(rows[entry]),
                "offer_id",
                f"student '{student_id}' komt niet in aanmerking voor aanbod '{offer_id}' "
                "(opleiding, niveau of studiejaar)",
            )
        )
    return issues


@dataclass(frozen=True)
class LoadedRound:
    offers: tuple[Offer, ...]
    students: tuple[Student, ...]
    encoded: Encoded
    entry_rows: IntArray
    """The preference file row of every entry of the encoded instance."""


def load_round(
    offers: Table, students: Table, preferences: Table, max_choices: int = DEFAULT_MAX_CHOICES
) -> LoadedRound:
    """Validate the three tables; raise :class:`InputError` listing every problem."""
    issues = _Collector()
    missing = (
        offers.missing(OFFER_COLUMNS)
        + students.missing(STUDENT_COLUMNS)
        + preferences.missing(PREFERENCE_COLUMNS)
    )
    if missing:
        raise InputError(missing)
    offer_list = tuple(parse_offers(offers, issues))
    student_list = tuple(parse_students(students, issues))
    encoded = encode(PlacementRound(offers=offer_list, students=student_list))
    parsed = parse_preferences(preferences, issues, encoded, max_choices)
    encoded = replace(
        encoded, instance=encoded.instance.with_preferences(parsed.pref_ptr, parsed.pref_offer)
    )
    found = issues.issues + ineligible_choices(encoded, parsed.rows, preferences)
    if found:
        raise InputError(sorted(found, key=lambda i: (i.file, i.row, i.column)))
    return LoadedRound(
        offers=offer_list, students=student_list, encoded=encoded, entry_rows=parsed.rows
    )

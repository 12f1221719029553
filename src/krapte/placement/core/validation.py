"""Validate the three input tables, column by column, into a :class:`LoadedRound`.

Every problem is collected (file, row, column, Dutch reason); when there is any, nothing runs.
Whole columns are checked at once (see :class:`krapte.tabular.Table`); Python objects are built
only for the offers (few) and for the rows that fail. Checks: missing columns, empty required
cells, duplicate ids, control characters (line breaks, tabs) in ids and names, non-integer,
negative or too large numbers, texts longer than the database columns hold, malformed or
repeated quotas, unknown students or offers in the preferences, duplicate offers or ranks in a
list, lists longer than the maximum, choices the student is not eligible for, and a preferences
file without a single choice. Gaps in the ranks of a list (1, 3) are allowed: the choices keep
their order and are numbered 1, 2, … in the outputs; :attr:`LoadedRound.rank_gaps` counts the
students concerned, so a run can say so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from krapte.errors import InvalidInput, Problem
from krapte.placement.core.encode import Encoded, encode, encode_columns
from krapte.placement.core.instance import BoolArray, IntArray, eligible_pairs
from krapte.placement.core.model import (
    MAX_INTEGER,
    OFFER_MAX_LENGTHS,
    STUDENT_MAX_LENGTHS,
    Coded,
    Offer,
    PlacementRound,
    StudentColumns,
    parse_capacity,
    parse_quota,
    parse_years,
    split_list,
)
from krapte.tabular import Table

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
MAX_PROBLEMS_PER_FILE = 1_000
CONTROL = "bevat een regeleinde, tab of ander stuurteken"


class Problems:
    """Problems found so far, at most :data:`MAX_PROBLEMS_PER_FILE` listed per file."""

    def __init__(self) -> None:
        self.found: list[Problem] = []
        self.per_file: Counter[str] = Counter()

    def add(self, problem: Problem) -> None:
        self.per_file[problem.file] += 1
        if self.per_file[problem.file] <= MAX_PROBLEMS_PER_FILE:
            self.found.append(problem)

    def rows(
        self, table: Table, failing: BoolArray | IntArray, field: str, why: Callable[[int], str]
    ) -> None:
        """A problem for every failing row (a mask, or data row indexes) of ``table``."""
        indexes = np.flatnonzero(failing) if failing.dtype == np.bool_ else failing
        for index in indexes.tolist():
            if self.per_file[table.file] >= MAX_PROBLEMS_PER_FILE:
                self.per_file[table.file] += 1
                continue
            self.add(table.problem(index, field, why(index)))

    def __bool__(self) -> bool:
        return bool(self.found)

    def error(self) -> InvalidInput:
        listed = sorted(self.found, key=lambda p: (p.file, p.row or 0, p.field))
        for file, count in self.per_file.items():
            if count > MAX_PROBLEMS_PER_FILE:
                listed.append(Problem(f"… en nog {count - MAX_PROBLEMS_PER_FILE} fouten", file))
        return InvalidInput(listed)


def _texts(table: Table, problems: Problems, limits: dict[str, int], blank: BoolArray) -> None:
    """Control characters and texts longer than the database columns hold."""
    for column, limit in limits.items():
        lengths = table.lengths(column)
        for index in np.flatnonzero((lengths > limit) & ~blank).tolist():
            message = f"te lang: {lengths[index]} tekens, hoogstens {limit}"
            problems.add(table.problem(index, column, message))
        problems.rows(table, table.control_characters(column) & ~blank, column, lambda _: CONTROL)


def _ids(table: Table, column: str, what: str, problems: Problems, blank: BoolArray) -> BoolArray:
    """Rows with a usable id; empty and repeated ids are problems (blank rows are skipped)."""
    ids = table.column(column)
    empty = table.empty(column) & ~blank
    repeated = table.duplicates(column)
    problems.rows(table, empty, column, lambda _: f"lege {what}-id")
    problems.rows(
        table,
        repeated,
        column,
        lambda i: f"{what} '{ids[i].as_py()}' staat er meer dan één keer",
    )
    return ~blank & ~empty & ~repeated


def _parsed(
    table: Table, column: str, parse: Callable[[str], tuple[object, list[str]]], problems: Problems
) -> tuple[IntArray, list[object]]:
    """Column ``column`` parsed once per distinct cell; a problem for every bad row."""
    codes, texts = table.distinct(column)
    values: list[object] = []
    bad: dict[int, list[str]] = {}
    for code, text in enumerate(texts):
        value, messages = parse(text)
        values.append(value)
        if messages:
            bad[code] = messages
    if bad:
        failing = np.flatnonzero(np.isin(codes, list(bad)))
        for index in failing.tolist():
            for message in bad[int(codes[index])]:
                problems.add(table.problem(index, column, message))
    return codes, values


def _lists(cell: str) -> tuple[object, list[str]]:
    return split_list(cell), []


def parse_offers(table: Table, problems: Problems) -> tuple[Offer, ...]:
    blank = table.blank()
    usable = _ids(table, "offer_id", "aanbod", problems, blank)
    _texts(table, problems, OFFER_MAX_LENGTHS, blank)
    capacity = table.integers("capacity", 0, MAX_INTEGER)
    cells = table.column("capacity")
    problems.rows(
        table,
        ~capacity.valid & ~blank & usable,
        "capacity",
        lambda i: parse_capacity(str(cells[i].as_py()))[1] or "geen geheel getal",
    )
    parsed = {
        "programmes": _parsed(table, "programmes", _lists, problems),
        "levels": _parsed(table, "levels", _lists, problems),
        "study_years": _parsed(table, "study_years", parse_years, problems),
        "languages": _parsed(table, "languages", _lists, problems),
        "quota": _parsed(table, "quota", parse_quota, problems),
        "priority": _parsed(table, "priority", _lists, problems),
    }
    rows = np.flatnonzero(usable)

    def per_row(codes: IntArray, values: Sequence[object]) -> list[object]:
        return list(np.asarray(values, dtype=object)[codes[rows]]) if len(values) else []

    def texts(column: str) -> list[object]:
        return per_row(*table.distinct(column))

    def parsed_values(column: str) -> list[object]:
        codes, values = parsed[column]
        found = np.empty(len(values), dtype=object)
        found[:] = values
        return list(found[codes[rows]]) if len(values) else []

    # Offer's fields in their order: ids and texts, capacity, the lists, notes.
    return tuple(
        map(
            Offer,
            texts("offer_id"),
            texts("organisation"),
            texts("municipality"),
            texts("province"),
            texts("sector"),
            capacity.values[rows].tolist(),
            parsed_values("programmes"),
            parsed_values("levels"),
            parsed_values("study_years"),
            parsed_values("languages"),
            parsed_values("quota"),
            parsed_values("priority"),
            texts("notes"),
        )
    )


def _coded(table: Table, column: str, rows: IntArray) -> Coded:
    codes, names = table.distinct(column)
    return Coded(codes[rows], names)


def parse_students(table: Table, problems: Problems) -> StudentColumns:
    """The students in the order of their ids."""
    import pyarrow as pa
    import pyarrow.compute as pc

    blank = table.blank()
    usable = _ids(table, "student_id", "student", problems, blank)
    _texts(table, problems, STUDENT_MAX_LENGTHS, blank)
    for column in ("school", "programme", "level"):
        problems.rows(table, table.empty(column) & usable, column, lambda _: "lege waarde")
    years = table.integers("study_year", 1, MAX_INTEGER)
    cells = table.column("study_year")
    problems.rows(
        table,
        ~years.valid & usable,
        "study_year",
        lambda i: f"ongeldig studiejaar: '{cells[i].as_py()}'",
    )
    rows = np.flatnonzero(usable)
    ids = table.column("student_id").take(pa.array(rows))
    order = pc.sort_indices(ids).to_numpy(zero_copy_only=False)
    rows = rows[order]
    return StudentColumns(
        student_id=ids.take(pa.array(order)).to_pylist(),
        school=_coded(table, "school", rows),
        programme=_coded(table, "programme", rows),
        level=_coded(table, "level", rows),
        study_year=np.where(years.valid[rows], years.values[rows], 1).astype(np.int64),
        municipality=_coded(table, "municipality", rows),
    )


@dataclass(frozen=True)
class ParsedPreferences:
    pref_ptr: IntArray
    pref_offer: IntArray
    rows: IntArray
    """The file row of every entry."""
    rank_gaps: int
    """Students whose ranks are not 1, 2, … (their choices keep their order)."""


def _repeated_offers(students: IntArray, offers: IntArray, longest: int) -> BoolArray:
    """Entries (in list order) whose offer appeared earlier in the same student's list."""
    repeated = np.zeros(len(students), dtype=np.bool_)
    if longest <= 64:
        for shift in range(1, longest):
            same = (students[shift:] == students[:-shift]) & (offers[shift:] == offers[:-shift])
            repeated[shift:] |= same
        return repeated
    by_offer = np.lexsort((np.arange(len(students)), offers, students))
    again = np.zeros(len(students), dtype=np.bool_)
    again[1:] = (students[by_offer][1:] == students[by_offer][:-1]) & (
        offers[by_offer][1:] == offers[by_offer][:-1]
    )
    repeated[by_offer[again]] = True
    return repeated


def parse_preferences(
    table: Table,
    problems: Problems,
    students: StudentColumns,
    offer_ids: Sequence[str],
    max_choices: int,
) -> ParsedPreferences:
    """The ranked lists (CSR over the students in id order), in rank order; problems collected."""
    import pyarrow as pa

    student_ids = pa.array(students.student_id, pa.string())
    student = table.codes("student_id", student_ids)
    offer = table.codes("offer_id", offer_ids)
    rank = table.integers("rank", 1, MAX_INTEGER)
    blank = table.blank()
    student_cells, offer_cells, rank_cells = (
        table.column(name) for name in ("student_id", "offer_id", "rank")
    )
    problems.rows(
        table,
        (student < 0) & ~blank,
        "student_id",
        lambda i: f"onbekende student '{student_cells[i].as_py()}'",
    )
    problems.rows(
        table,
        (offer < 0) & ~blank,
        "offer_id",
        lambda i: f"onbekend aanbod '{offer_cells[i].as_py()}'",
    )
    problems.rows(
        table,
        ~rank.valid & ~blank,
        "rank",
        lambda i: f"rang is geen positief geheel getal: '{rank_cells[i].as_py()}'",
    )
    good = np.flatnonzero(~blank & (student >= 0) & (offer >= 0) & rank.valid)
    if len(good) == 0 and not (~blank).any():
        problems.add(
            Problem(
                "bevat geen enkele keuze (alleen een kopregel); een ronde zonder voorkeuren "
                "plaatst niemand",
                file=table.file,
            )
        )
    key = student[good] * (MAX_INTEGER + 1) + rank.values[good]
    if len(key) > 1 and not (key[1:] >= key[:-1]).all():
        good = good[np.argsort(key, kind="stable")]
    student, offer, rank_values = student[good], offer[good], rank.values[good]
    same_rank = np.zeros(len(good), dtype=np.bool_)
    same_rank[1:] = (student[1:] == student[:-1]) & (rank_values[1:] == rank_values[:-1])
    ids = students.student_id
    problems.rows(
        table,
        good[same_rank],
        "rank",
        lambda i: (
            f"student '{student_cells[i].as_py()}' gebruikt rang "
            f"{rank_cells[i].as_py()} meer dan één keer"
        ),
    )
    counts = np.bincount(student, minlength=len(ids))
    ptr = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=ptr[1:])
    longest = int(counts.max()) if len(counts) else 0
    problems.rows(
        table,
        good[_repeated_offers(student, offer, longest)],
        "offer_id",
        lambda i: (
            f"student '{student_cells[i].as_py()}' kiest aanbod "
            f"'{offer_cells[i].as_py()}' meer dan één keer"
        ),
    )
    for over in np.flatnonzero(counts > max_choices)[:MAX_PROBLEMS_PER_FILE].tolist():
        problems.add(
            table.problem(
                int(good[ptr[over] + max_choices]),
                "rank",
                f"lijst van student '{ids[over]}' telt {counts[over]} keuzes; "
                f"maximum is {max_choices}",
            )
        )
    position = np.arange(len(good), dtype=np.int64) - ptr[student]
    gaps = np.unique(student[rank_values != position + 1])
    return ParsedPreferences(
        pref_ptr=ptr, pref_offer=offer, rows=table.first_row + good, rank_gaps=len(gaps)
    )


def ineligible_choices(encoded: Encoded, rows: IntArray, table: Table, problems: Problems) -> None:
    instance = encoded.instance
    students = instance.entry_student()
    ok = eligible_pairs(instance, students, instance.pref_offer)
    for entry in np.flatnonzero(~ok)[:MAX_PROBLEMS_PER_FILE].tolist():
        student_id = encoded.student_ids[int(students[entry])]
        offer_id = encoded.offer_ids[int(instance.pref_offer[entry])]
        problems.add(
            Problem(
                f"student '{student_id}' komt niet in aanmerking voor aanbod '{offer_id}' "
                "(opleiding, niveau of studiejaar)",
                file=table.file,
                row=int(rows[entry]),
                field="offer_id",
            )
        )


@dataclass(frozen=True)
class LoadedRound:
    offers: tuple[Offer, ...]
    students: StudentColumns
    encoded: Encoded
    entry_rows: IntArray
    """The preference file row of every entry of the encoded instance."""
    rank_gaps: int = 0
    """Students whose ranks have gaps (1, 3): their choices are numbered 1, 2, … in the outputs."""


def loaded_from_records(records: PlacementRound) -> LoadedRound:
    """A round made in memory (generated, or read back from the store) as validated input: its
    records encoded, every entry the row of its own list position."""
    encoded = encode(records)
    return LoadedRound(
        offers=records.offers,
        students=StudentColumns.of(records.students),
        encoded=encoded,
        entry_rows=np.arange(encoded.instance.n_entries, dtype=np.int64),
    )


def missing_columns(tables: Iterable[tuple[Table, tuple[str, ...]]]) -> list[Problem]:
    return [problem for table, required in tables for problem in table.missing(required)]


def load_round(
    offers: Table, students: Table, preferences: Table, max_choices: int = DEFAULT_MAX_CHOICES
) -> LoadedRound:
    """Validate the three tables; raise :class:`InvalidInput` listing every problem."""
    missing = missing_columns(
        ((offers, OFFER_COLUMNS), (students, STUDENT_COLUMNS), (preferences, PREFERENCE_COLUMNS))
    )
    if missing:
        raise InvalidInput(missing)
    problems = Problems()
    offer_list = parse_offers(offers, problems)
    student_columns = parse_students(students, problems)
    offer_ids = [offer.offer_id for offer in offer_list]
    parsed = parse_preferences(preferences, problems, student_columns, offer_ids, max_choices)
    encoded = encode_columns(offer_list, student_columns, parsed.pref_ptr, parsed.pref_offer)
    ineligible_choices(encoded, parsed.rows, preferences, problems)
    if problems:
        raise problems.error()
    return LoadedRound(
        offers=offer_list,
        students=student_columns,
        encoded=encoded,
        entry_rows=parsed.rows,
        rank_gaps=parsed.rank_gaps,
    )

"""The files of a run: assignments, lottery, explanations, statistics and manifest written
column-wise; assignment and lottery files read back column-wise (for `check` and `followup`);
the three input templates written (for `generate`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

import krapte
from krapte.errors import InvalidInput, Problem
from krapte.placement.core.encode import Encoded
from krapte.placement.core.explain import REASONS, Explanations
from krapte.placement.core.instance import IntArray
from krapte.placement.core.model import PlacementRound, offer_cells
from krapte.placement.core.stability import CheckReport
from krapte.placement.core.statistics import (
    OfferLabels,
    RunStatistics,
    UnmatchedLabels,
    run_statistics,
)
from krapte.placement.core.validation import (
    OFFER_COLUMNS,
    OFFER_OPTIONAL,
    PREFERENCE_COLUMNS,
    STUDENT_COLUMNS,
    LoadedRound,
    Problems,
)
from krapte.placement.folders import write_json
from krapte.tabular import Table, read_table, write_columns, write_csv

if TYPE_CHECKING:
    import pyarrow as pa

LOTTERY_RULE = "numpy.random.default_rng(seed).permutation(n) + 1 over students sorted by id"
RANK_RULE = "choices are numbered 1, 2, ... in list order (ranks with gaps are renumbered)"


def statistics_of(loaded: LoadedRound, ranks: IntArray, assigned: IntArray) -> RunStatistics:
    offers, students = loaded.offers, loaded.students
    instance = loaded.encoded.instance
    unmatched = np.flatnonzero(assigned < 0)
    level = students.level.codes[unmatched].tolist()
    programme = students.programme.codes[unmatched].tolist()
    school = students.school.codes[unmatched].tolist()
    return run_statistics(
        ranks,
        np.diff(instance.pref_ptr),
        instance.capacity,
        assigned,
        OfferLabels(
            sector=[o.sector for o in offers],
            province=[o.province for o in offers],
            programmes=[o.programmes for o in offers],
            organisation=[o.organisation for o in offers],
        ),
        UnmatchedLabels(
            programme=[
                f"{students.level.names[lv]} {students.programme.names[p]}"
                for lv, p in zip(level, programme, strict=True)
            ],
            school=[students.school.names[s] for s in school],
        ),
    )


def _strings(values: list[str]) -> pa.Array:
    import pyarrow as pa

    return pa.array(values, pa.string())


def take_names(names: pa.Array, codes: IntArray) -> pa.Array:
    """``names[code]`` per row, an empty cell where the code is -1 (a dictionary column: the
    names are checked and written once each)."""
    import pyarrow as pa

    indices = pa.array(codes.astype(np.int32, copy=False), mask=codes < 0)
    return pa.DictionaryArray.from_arrays(indices, names)


def present_only(values: IntArray, present: np.ndarray[Any, np.dtype[np.bool_]]) -> pa.Array:
    import pyarrow as pa

    return pa.array(values, mask=~present)


def write_assignments(
    folder: Path, loaded: LoadedRound, offer: IntArray, ranks: IntArray, ids: pa.Array
) -> None:
    write_columns(
        folder / "assignments.csv",
        {
            "student_id": ids,
            "offer_id": take_names(_strings(loaded.encoded.offer_ids), offer),
            "rank_obtained": present_only(ranks, offer >= 0),
        },
    )


def _priority_labels(loaded: LoadedRound, found: Explanations) -> pa.Array:
    """The name of each cutoff's priority class (``overige`` after the list); empty when none."""
    lists = [offer.priority for offer in loaded.offers]
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    start = np.zeros(len(lists) + 1, dtype=np.int64)
    np.cumsum(lengths, out=start[1:])
    names = [item for items in lists for item in items] + ["overige"]
    other = len(names) - 1
    klass, offer = found.cutoff_class, found.offer
    listed = (klass >= 0) & (klass < lengths[offer])
    codes = np.where(listed, start[offer] + klass, other)
    codes[found.cutoff_lottery < 0] = -1
    return take_names(_strings(names), codes)


def write_outputs(
    folder: Path,
    loaded: LoadedRound,
    lottery: IntArray,
    found: Explanations,
    statistics: RunStatistics,
    ids: pa.Array,
) -> None:
    import pyarrow as pa

    write_columns(folder / "lottery.csv", {"student_id": ids, "lottery_number": lottery})
    write_columns(
        folder / "explanations.csv",
        {
            "student_id": take_names(ids, found.student),
            "rank": found.rank,
            "offer_id": take_names(_strings(loaded.encoded.offer_ids), found.offer),
            "outcome": take_names(pa.array(REASONS, pa.string()), found.reason),
            "cutoff_priority": _priority_labels(loaded, found),
            "cutoff_lottery": present_only(found.cutoff_lottery, found.cutoff_lottery >= 0),
        },
    )
    write_json(folder / "statistics.json", statistics.as_dict())
    write_csv(folder / "statistics.csv", ("measure", "category", "value"), statistics.rows())


def manifest(
    command: str,
    inputs: dict[str, dict[str, str]],
    seed: int,
    max_choices: int,
    report: CheckReport,
    loaded: LoadedRound,
) -> dict[str, object]:
    lengths = np.diff(loaded.encoded.instance.pref_ptr)
    return {
        "command": command,
        "engine": "krapte.placement (student-proposing deferred acceptance)",
        "engine_version": krapte.__version__,
        "seed": seed,
        "max_choices": max_choices,
        "lottery": LOTTERY_RULE,
        "ranks": RANK_RULE,
        "students_with_rank_gaps": loaded.rank_gaps,
        "students_without_a_list": int(np.count_nonzero(lengths == 0)),
        "inputs": inputs,
        "stable": report.ok,
        "blocking_pairs": len(report.blocking_students),
        "violations": len(report.violations),
    }


def read_assignment(path: Path, encoded: Encoded) -> tuple[IntArray, IntArray]:
    """Offer per student (-1 when none) and the ``rank_obtained`` per student (0 when unknown)."""
    table = read_table(path)
    missing = table.missing(("student_id", "offer_id"))
    if missing:
        raise InvalidInput(missing)
    problems = Problems()
    student_cells, offer_cells = table.column("student_id"), table.column("offer_id")
    skip = table.empty("student_id") & table.empty("offer_id")
    student = table.codes("student_id", _strings(encoded.student_ids))
    offer = table.codes("offer_id", _strings(encoded.offer_ids))
    has_offer = ~table.empty("offer_id")
    unknown_student = (student < 0) & ~skip
    problems.rows(
        table,
        unknown_student,
        "student_id",
        lambda i: f"onbekende student '{student_cells[i].as_py()}'",
    )
    problems.rows(
        table,
        table.duplicates("student_id") & ~unknown_student,
        "student_id",
        lambda i: f"student '{student_cells[i].as_py()}' staat er meer dan één keer",
    )
    problems.rows(
        table,
        has_offer & (offer < 0) & ~unknown_student,
        "offer_id",
        lambda i: f"onbekend aanbod '{offer_cells[i].as_py()}'",
    )
    if problems:
        raise problems.error()
    n = encoded.instance.n_students
    assigned = np.full(n, -1, dtype=np.int64)
    first_rank = np.zeros(n, dtype=np.int64)
    placed = np.flatnonzero(has_offer & (student >= 0))
    assigned[student[placed]] = offer[placed]
    if table.has("rank_obtained"):
        ranks = table.integers("rank_obtained", 1, 2**31 - 1)
        first_rank[student[placed]] = ranks.values[placed]
    return assigned, first_rank


def read_lottery(path: Path, encoded: Encoded) -> IntArray:
    """Lottery number per student; the numbers must be exactly 1..n, every student once.

    Anything else would change the priority scores (class * (n + 1) + number) and so the check.
    """
    table = read_table(path)
    missing = table.missing(("student_id", "lottery_number"))
    if missing:
        raise InvalidInput(missing)
    n = encoded.instance.n_students
    problems = Problems()
    student_cells, number_cells = table.column("student_id"), table.column("lottery_number")
    skip = table.empty("student_id") & table.empty("lottery_number")
    student = table.codes("student_id", _strings(encoded.student_ids))
    unknown = (student < 0) & ~skip
    problems.rows(
        table, unknown, "student_id", lambda i: f"onbekende student '{student_cells[i].as_py()}'"
    )
    first_of_student = _first_rows(table, student, ~unknown & ~skip)
    again = ~unknown & ~skip & (first_of_student != np.arange(len(table)))
    problems.rows(
        table,
        again,
        "student_id",
        lambda i: (
            f"student '{student_cells[i].as_py()}' staat er meer dan één keer "
            f"(ook op rij {table.row(first_of_student[i])})"
        ),
    )
    numbers = table.integers("lottery_number", -(2**62), 2**62)
    problems.rows(
        table,
        ~numbers.valid & ~skip,
        "lottery_number",
        lambda i: f"geen geheel getal: '{number_cells[i].as_py()}'",
    )
    in_range = numbers.valid & (numbers.values >= 1) & (numbers.values <= n)
    problems.rows(
        table,
        numbers.valid & ~in_range,
        "lottery_number",
        lambda i: f"lotnummer {numbers.values[i]} ligt niet tussen 1 en {n}",
    )
    first_of_number = _first_rows(table, numbers.values, in_range)
    problems.rows(
        table,
        in_range & (first_of_number != np.arange(len(table))),
        "lottery_number",
        lambda i: (
            f"lotnummer {numbers.values[i]} komt meer dan één keer voor "
            f"(ook op rij {table.row(first_of_number[i])})"
        ),
    )
    covered = np.zeros(n, dtype=np.bool_)
    covered[student[~unknown & ~skip]] = True
    missing_students = np.flatnonzero(~covered)
    if len(missing_students):
        shown = ", ".join(f"'{encoded.student_ids[s]}'" for s in missing_students[:5].tolist())
        more = f" en nog {len(missing_students) - 5}" if len(missing_students) > 5 else ""
        problems.add(
            Problem(
                f"{len(missing_students)} student(en) zonder lotnummer: {shown}{more}",
                file=table.file,
                field="student_id",
            )
        )
    if problems:
        raise problems.error()
    lottery = np.zeros(n, dtype=np.int64)
    usable = ~unknown & ~skip & in_range
    lottery[student[usable]] = numbers.values[usable]
    return lottery


def _first_rows(table: Table, keys: IntArray, among: np.ndarray[Any, Any]) -> IntArray:
    """Per row the first row (data index) with the same key among ``among``; itself otherwise."""
    first = np.arange(len(table), dtype=np.int64)
    rows = np.flatnonzero(among)
    if len(rows):
        _, index, inverse = np.unique(keys[rows], return_index=True, return_inverse=True)
        first[rows] = rows[index][inverse]
    return first


def write_round(placement: PlacementRound, folder: Path) -> None:
    """Write offers.csv, students.csv and preferences.csv in the documented templates."""
    columns = OFFER_COLUMNS + OFFER_OPTIONAL
    write_csv(
        folder / "offers.csv",
        columns,
        ([cells[column] for column in columns] for cells in map(offer_cells, placement.offers)),
    )
    students = placement.students
    write_columns(
        folder / "students.csv",
        dict(
            zip(
                STUDENT_COLUMNS,
                (
                    [s.student_id for s in students],
                    [s.school for s in students],
                    [s.programme for s in students],
                    [s.level for s in students],
                    np.asarray([s.study_year for s in students], dtype=np.int64),
                    [s.municipality for s in students],
                ),
                strict=True,
            )
        ),
    )
    lists = placement.preferences
    write_columns(
        folder / "preferences.csv",
        dict(
            zip(
                PREFERENCE_COLUMNS,
                (
                    [sid for sid, choices in lists.items() for _ in choices],
                    np.concatenate(
                        [np.arange(1, len(c) + 1, dtype=np.int64) for c in lists.values()]
                        or [np.zeros(0, dtype=np.int64)]
                    ),
                    [offer for choices in lists.values() for offer in choices],
                ),
                strict=True,
            )
        ),
    )

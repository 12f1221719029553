"""The files of a run: explanations, statistics, manifest and templates written; assignment and
lottery files read back (for `check` and `followup`)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

import krapte
from krapte.placement.core.encode import Encoded
from krapte.placement.core.explain import REASONS, Explanations
from krapte.placement.files import InputError, InputIssue, read_table, write_csv, write_json
from krapte.placement.core.instance import IntArray
from krapte.placement.core.model import PlacementRound, offer_cells
from krapte.placement.core.stability import CheckReport
from krapte.placement.core.statistics import OfferLabels, StudentLabels, run_statistics
from krapte.placement.core.validation import (
    OFFER_COLUMNS,
    OFFER_OPTIONAL,
    PREFERENCE_COLUMNS,
    STUDENT_COLUMNS,
    LoadedRound,
)


def _labels(loaded: LoadedRound) -> tuple[OfferLabels, StudentLabels]:
    offers = loaded.offers
    by_id = {s.student_id: s for s in loaded.students}
    students = [by_id[sid] for sid in loaded.encoded.student_ids]
    return (
        OfferLabels(
            sector=[o.sector for o in offers],
            province=[o.province for o in offers],
            programmes=[o.programmes for o in offers],
            organisation=[o.organisation for o in offers],
        ),
        StudentLabels(
            programme=[f"{s.level} {s.programme}" for s in students],
            school=[s.school for s in students],
        ),
    )


def statistics_of(loaded: LoadedRound, ranks: IntArray, assigned: IntArray) -> dict[str, object]:
    offers, students = _labels(loaded)
    instance = loaded.encoded.instance
    return run_statistics(
        ranks, np.diff(instance.pref_ptr), instance.capacity, assigned, offers, students
    )


def _priority_label(loaded: LoadedRound, offer: int, klass: int) -> str:
    priority = loaded.offers[offer].priority
    return priority[klass] if 0 <= klass < len(priority) else "overige"


def _explanation_rows(loaded: LoadedRound, found: Explanations) -> list[tuple[object, ...]]:
    ids, offer_ids = loaded.encoded.student_ids, loaded.encoded.offer_ids
    with_cutoff = found.cutoff_lottery >= 0
    priorities = [""] * len(found.student)
    lotteries: list[object] = [""] * len(found.student)
    labels: dict[tuple[int, int], str] = {}
    for index in np.flatnonzero(with_cutoff).tolist():
        key = (int(found.offer[index]), int(found.cutoff_class[index]))
        label = labels.get(key)
        if label is None:
            label = labels[key] = _priority_label(loaded, *key)
        priorities[index] = label
        lotteries[index] = int(found.cutoff_lottery[index])
    return list(
        zip(
            [ids[s] for s in found.student.tolist()],
            found.rank.tolist(),
            [offer_ids[o] for o in found.offer.tolist()],
            [REASONS[r] for r in found.reason.tolist()],
            priorities,
            lotteries,
            strict=True,
        )
    )


EXPLANATION_HEADER = (
    "student_id",
    "rank",
    "offer_id",
    "outcome",
    "cutoff_priority",
    "cutoff_lottery",
)


def write_outputs(
    folder: Path,
    loaded: LoadedRound,
    lottery: IntArray,
    found: Explanations,
    statistics: dict[str, object],
) -> None:
    ids = loaded.encoded.student_ids
    write_csv(
        folder / "lottery.csv",
        ("student_id", "lottery_number"),
        zip(ids, lottery.tolist(), strict=True),
    )
    write_csv(folder / "explanations.csv", EXPLANATION_HEADER, _explanation_rows(loaded, found))
    write_json(folder / "statistics.json", statistics)
    write_csv(
        folder / "statistics.csv", ("measure", "category", "value"), statistics_rows(statistics)
    )


def statistics_rows(statistics: dict[str, object]) -> list[tuple[str, str, object]]:
    """The statistics flattened: one row per figure, breakdowns with their category."""
    rows: list[tuple[str, str, object]] = []
    for measure, value in statistics.items():
        if isinstance(value, dict):
            rows.extend((measure, str(category), figure) for category, figure in value.items())
        else:
            rows.append((measure, "", "" if value is None else value))
    return rows


def manifest(
    command: str, paths: dict[str, dict[str, str]], seed: int, max_choices: int, report: CheckReport
) -> dict[str, object]:
    return {
        "command": command,
        "engine": "krapte.placement (student-proposing deferred acceptance)",
        "engine_version": krapte.__version__,
        "seed": seed,
        "max_choices": max_choices,
        "lottery": "numpy.random.default_rng(seed).permutation(n) + 1 over students sorted by id",
        "inputs": paths,
        "stable": report.ok,
        "blocking_pairs": len(report.blocking_students),
        "violations": len(report.violations),
    }


def read_assignment(path: Path, loaded: LoadedRound) -> tuple[IntArray, dict[str, str]]:
    """Offer per student (-1 when none) and the ``rank_obtained`` cells by student id."""
    table = read_table(path)
    issues = table.missing(("student_id", "offer_id"))
    if issues:
        raise InputError(issues)
    encoded = loaded.encoded
    assigned = np.full(encoded.instance.n_students, -1, dtype=np.int64)
    ranks: dict[str, str] = {}
    seen: set[str] = set()
    sc, oc = table.column("student_id"), table.column("offer_id")
    rc = table.column("rank_obtained") if "rank_obtained" in table.header else -1
    for index, row in enumerate(table.rows):
        sid, oid = row[sc].strip(), row[oc].strip()
        if not (sid or oid):
            continue
        student = encoded.student_index.get(sid)
        if student is None:
            issues.append(
                InputIssue(table.name, index + 2, "student_id", f"onbekende student '{sid}'")
            )
            continue
        if sid in seen:
            issues.append(
                InputIssue(
                    table.name,
                    index + 2,
                    "student_id",
                    f"student '{sid}' staat er meer dan één keer",
                )
            )
        seen.add(sid)
        if oid:
            offer = encoded.offer_index.get(oid)
            if offer is None:
                issues.append(
                    InputIssue(table.name, index + 2, "offer_id", f"onbekend aanbod '{oid}'")
                )
                continue
            assigned[student] = offer
            ranks[sid] = row[rc].strip() if rc >= 0 else ""
    if issues:
        raise InputError(issues)
    return assigned, ranks


def read_lottery(path: Path, encoded: Encoded) -> IntArray:
    """Lottery number per student; the numbers must be exactly 1..n, every student once.

    Anything else would change the priority scores (class * (n + 1) + number) and so the check.
    """
    table = read_table(path)
    issues = table.missing(("student_id", "lottery_number"))
    if issues:
        raise InputError(issues)
    n = encoded.instance.n_students
    lottery = np.zeros(n, dtype=np.int64)
    row_of_student: dict[int, int] = {}
    row_of_number: dict[int, int] = {}
    sc, lc = table.column("student_id"), table.column("lottery_number")

    def issue(row: int, column: str, message: str) -> None:
        issues.append(InputIssue(table.name, row, column, message))

    for index, row in enumerate(table.rows):
        number_row = index + 2
        sid, text = row[sc].strip(), row[lc].strip()
        if not (sid or text):
            continue
        student = encoded.student_index.get(sid)
        if student is None:
            issue(number_row, "student_id", f"onbekende student '{sid}'")
        elif student in row_of_student:
            issue(
                number_row,
                "student_id",
                f"student '{sid}' staat er meer dan één keer "
                f"(ook op rij {row_of_student[student]})",
            )
            student = None
        else:
            row_of_student[student] = number_row
        try:
            number = int(text)
        except ValueError:
            issue(number_row, "lottery_number", f"geen geheel getal: '{text}'")
            continue
        if not 1 <= number <= n:
            issue(number_row, "lottery_number", f"lotnummer {number} ligt niet tussen 1 en {n}")
            continue
        if number in row_of_number:
            issue(
                number_row,
                "lottery_number",
                f"lotnummer {number} komt meer dan één keer voor "
                f"(ook op rij {row_of_number[number]})",
            )
            continue
        row_of_number[number] = number_row
        if student is not None:
            lottery[student] = number
    missing = [student for student in range(n) if student not in row_of_student]
    if missing:
        shown = ", ".join(f"'{encoded.student_ids[s]}'" for s in missing[:5])
        more = f" en nog {len(missing) - 5}" if len(missing) > 5 else ""
        issue(0, "student_id", f"{len(missing)} student(en) zonder lotnummer: {shown}{more}")
    if issues:
        raise InputError(issues)
    return lottery


def write_round(placement: PlacementRound, folder: Path) -> None:
    """Write offers.csv, students.csv and preferences.csv in the documented templates."""
    write_csv(
        folder / "offers.csv",
        OFFER_COLUMNS + OFFER_OPTIONAL,
        (
            [cells[column] for column in OFFER_COLUMNS + OFFER_OPTIONAL]
            for cells in map(offer_cells, placement.offers)
        ),
    )
    write_csv(
        folder / "students.csv",
        STUDENT_COLUMNS,
        (
            (s.student_id, s.school, s.programme, s.level, s.study_year, s.municipality)
            for s in placement.students
        ),
    )
    write_csv(
        folder / "preferences.csv",
        PREFERENCE_COLUMNS,
        (
            (student_id, rank, offer_id)
            for student_id, offer_ids in placement.preferences.items()
            for rank, offer_id in enumerate(offer_ids, start=1)
        ),
    )

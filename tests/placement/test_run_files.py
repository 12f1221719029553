"""Reading a lottery file back for `check`: exactly the numbers 1..n, every student once."""

from __future__ import annotations

import csv
from importlib.resources import files
from pathlib import Path

import pytest

from krapte.errors import InvalidInput
from krapte.placement.service import InputPaths, check_placement, generate_round, run_placement

TEMPLATES = Path(str(files("krapte") / "data" / "placement_templates"))
PATHS = InputPaths(
    TEMPLATES / "offers.csv", TEMPLATES / "students.csv", TEMPLATES / "preferences.csv"
)


def lottery_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(path.read_text(encoding="utf-8").splitlines()))[1:]


def write_lottery(path: Path, rows: list[list[str]]) -> Path:
    lines = ["student_id,lottery_number", *(",".join(row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def run_folder(tmp_path: Path) -> Path:
    out = tmp_path / "uit"
    run_placement(PATHS, seed=2025, out=out)
    return out


def checked_issues(run_folder: Path, rows: list[list[str]]) -> list[tuple[int | None, str, str]]:
    lottery = write_lottery(run_folder.parent / "loting.csv", rows)
    with pytest.raises(InvalidInput) as caught:
        check_placement(PATHS, run_folder / "assignments.csv", lottery=lottery)
    return [(i.row, i.field, i.message) for i in caught.value.problems]


def test_the_lottery_of_a_run_checks_as_stable(run_folder: Path) -> None:
    lottery = write_lottery(
        run_folder.parent / "loting.csv", lottery_rows(run_folder / "lottery.csv")
    )
    assert check_placement(PATHS, run_folder / "assignments.csv", lottery=lottery).report.ok


def test_lottery_numbers_beyond_the_number_of_students_are_refused(run_folder: Path) -> None:
    rows = [
        [sid, str(int(number) * 1000)] for sid, number in lottery_rows(run_folder / "lottery.csv")
    ]
    issues = checked_issues(run_folder, rows)
    assert len(issues) == len(rows)
    assert all(column == "lottery_number" for _, column, _ in issues)
    assert issues[0][0] == 2
    assert "ligt niet tussen 1 en 12" in issues[0][2]


def test_a_repeated_lottery_number_names_both_rows(run_folder: Path) -> None:
    rows = lottery_rows(run_folder / "lottery.csv")
    rows[3][1] = rows[0][1]
    issues = checked_issues(run_folder, rows)
    assert (5, "lottery_number") in [(row, column) for row, column, _ in issues]
    assert any("ook op rij 2" in message for _, _, message in issues)


def test_a_student_twice_and_a_student_missing_are_refused(run_folder: Path) -> None:
    rows = lottery_rows(run_folder / "lottery.csv")
    missing = rows[-1][0]
    rows[-1][0] = rows[0][0]
    issues = checked_issues(run_folder, rows)
    where = [(row, column) for row, column, _ in issues]
    assert (len(rows) + 1, "student_id") in where
    assert any(row is None and f"'{missing}'" in message for row, _, message in issues)


def test_an_unknown_student_and_a_non_number_are_reported(run_folder: Path) -> None:
    rows = lottery_rows(run_folder / "lottery.csv")
    rows[0][1] = "zeven"
    rows.append(["ST-999", "13"])
    issues = checked_issues(run_folder, rows)
    where = [(row, column) for row, column, _ in issues]
    assert (2, "lottery_number") in where
    assert (len(rows) + 1, "student_id") in where


def test_a_scaled_lottery_on_a_large_round_is_refused_not_misjudged(tmp_path: Path) -> None:
    """The review's reproduction: numbers x 1000 used to report false blocking pairs."""
    folder = generate_round(400, 80, seed=11, out=tmp_path / "ronde", max_choices=10)
    paths = InputPaths(folder / "offers.csv", folder / "students.csv", folder / "preferences.csv")
    out = tmp_path / "uit"
    run_placement(paths, seed=5, out=out)
    rows = [[sid, str(int(number) * 1000)] for sid, number in lottery_rows(out / "lottery.csv")]
    lottery = write_lottery(tmp_path / "loting.csv", rows)
    with pytest.raises(InvalidInput) as caught:
        check_placement(paths, out / "assignments.csv", lottery=lottery)
    assert {issue.field for issue in caught.value.problems} == {"lottery_number"}
    assert {issue.file for issue in caught.value.problems} == {"loting.csv"}

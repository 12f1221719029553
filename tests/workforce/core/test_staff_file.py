"""Reading a staff file: privacy first, every problem named by file, row and column."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from krapte.errors import InvalidInput
from krapte.tabular import read_table
from krapte.workforce.core.records import EXIT_REASONS, FUNCTIONS, LEVELS
from krapte.workforce.core.staff_file import NO_DAY, day_number, parse_date, read_staff
from workforce.builders import staff, staff_file


def _problems(path: Path) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        read_staff(read_table(path))
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize(
    "header", ["naam", "Voornaam", "Achternaam", "Rijksregisternummer", "INSZ", "e-mail"]
)
def test_a_column_that_holds_names_or_national_numbers_is_refused(
    tmp_path: Path, header: str
) -> None:
    path = staff_file(tmp_path, [staff()], extra={header: ["Jan Peeters"]})
    problems = _problems(path)
    assert len(problems) == 1
    assert f"personeel.csv, rij 1, kolom '{header}'" in problems[0]
    assert "pseudoniemen" in problems[0]


def test_national_register_numbers_are_refused_in_any_column(tmp_path: Path) -> None:
    rows = [staff(pseudonym="P1"), staff(pseudonym="85.07.30-033.61", start_date="2021-01-01")]
    problems = _problems(staff_file(tmp_path, rows))
    assert problems == [
        "personeel.csv, rij 3, kolom 'pseudonym': dit lijkt een rijksregisternummer; gebruik een "
        "pseudoniem (1 zulke cellen in deze kolom)"
    ]
    plain = staff_file(tmp_path, [staff(programme="85073003361")], name="b.csv")
    assert "rij 2, kolom 'programme'" in _problems(plain)[0]


def test_a_column_the_format_does_not_know_is_refused(tmp_path: Path) -> None:
    path = staff_file(tmp_path, [staff()], extra={"opmerking": ["vriendelijke collega"]})
    assert "kolom 'opmerking': onbekende kolom" in _problems(path)[0]


def test_every_bad_cell_is_named_by_row_and_column(tmp_path: Path) -> None:
    rows = [
        staff(pseudonym="P1"),
        staff(pseudonym="P2", level="doctor", fte="1,5"),
        staff(pseudonym="P3", birth_year_band="1987", start_date="31/02/2020"),
        staff(pseudonym="P4", end_date="2019-01-01", exit_reason="werkdruk"),
        staff(pseudonym="P5", end_date="2022-01-01"),
        staff(pseudonym="P1"),
        staff(pseudonym="Jan Peeters"),
    ]
    problems = _problems(staff_file(tmp_path, rows))
    where = sorted(p.split(":")[0] for p in problems)
    assert where == sorted(
        [
            "personeel.csv, rij 3, kolom 'level'",
            "personeel.csv, rij 3, kolom 'fte'",
            "personeel.csv, rij 4, kolom 'birth_year_band'",
            "personeel.csv, rij 4, kolom 'start_date'",
            "personeel.csv, rij 5, kolom 'end_date'",
            "personeel.csv, rij 6, kolom 'exit_reason'",
            "personeel.csv, rij 7, kolom 'pseudonym'",
            "personeel.csv, rij 8, kolom 'pseudonym'",
        ]
    )


def test_a_missing_required_column_is_named(tmp_path: Path) -> None:
    header = ["pseudonym", "function", "level", "fte", "birth_year_band"]
    problems = _problems(staff_file(tmp_path, [staff()], header=header))
    assert problems == ["personeel.csv, rij 1, kolom 'start_date': verplichte kolom ontbreekt"]


def test_a_good_file_becomes_columns_of_codes_and_days(tmp_path: Path) -> None:
    rows = [
        staff(pseudonym="A-1", function="Sociaal werker", level="master", fte="0,8"),
        staff(
            pseudonym="B.2",
            function="ander",
            level="graduaat",
            birth_year_band="1960-1964",
            start_date="1/9/2015",
            end_date="2023-08-31",
            exit_reason="pensioen",
            absences="2021-01-04/2021-06-30; 2022-02-01/2022-03-31",
        ),
    ]
    read = read_staff(read_table(staff_file(tmp_path, rows)))
    assert read.pseudonym == ["A-1", "B.2"]
    assert [FUNCTIONS[i] for i in read.function] == ["sociaal werker", "ander"]
    assert [LEVELS[i] for i in read.level] == ["master", "graduaat"]
    assert read.fte.tolist() == [0.8, 1.0]
    assert read.birth_first.tolist() == [1985, 1960]
    assert read.birth_last.tolist() == [1989, 1964]
    assert read.start.tolist() == [day_number(date(2020, 1, 1)), day_number(date(2015, 9, 1))]
    assert read.end.tolist() == [NO_DAY, day_number(date(2023, 8, 31))]
    assert read.exit_reason.tolist() == [-1, EXIT_REASONS.index("pensioen")]
    assert read.absences == [
        (1, day_number(date(2021, 1, 4)), day_number(date(2021, 6, 30))),
        (1, day_number(date(2022, 2, 1)), day_number(date(2022, 3, 31))),
    ]


def test_an_absence_outside_the_employment_is_refused(tmp_path: Path) -> None:
    rows = [staff(start_date="2020-01-01", absences="2019-06-01/2019-07-01")]
    assert "kolom 'absences': de periode" in _problems(staff_file(tmp_path, rows))[0]


def test_absence_periods_take_both_separators_and_flemish_dates(tmp_path: Path) -> None:
    rows = [
        staff(pseudonym="A1", absences="4-1-2021/1-2-2021 | 2022-03-01/2022-03-31;"),
        staff(pseudonym="B2"),
        staff(pseudonym="C3", absences="2023-02-01/2023-02-28"),
    ]
    read = read_staff(read_table(staff_file(tmp_path, rows)))
    assert read.absences == [
        (0, day_number(date(2021, 1, 4)), day_number(date(2021, 2, 1))),
        (0, day_number(date(2022, 3, 1)), day_number(date(2022, 3, 31))),
        (2, day_number(date(2023, 2, 1)), day_number(date(2023, 2, 28))),
    ]


@pytest.mark.parametrize("period", ["2023-05-01/2023-04-01", "2023-02-30/2023-03-01", "2023"])
def test_a_period_that_is_no_period_names_row_and_column(tmp_path: Path, period: str) -> None:
    rows = [
        staff(pseudonym="A1"),
        staff(pseudonym="B2", absences=f"2021-01-04/2021-02-01;{period}"),
    ]
    (problem,) = _problems(staff_file(tmp_path, rows))
    assert f"rij 3, kolom 'absences': '{period}' is geen periode" in problem


def test_the_same_person_may_return_with_another_start_date(tmp_path: Path) -> None:
    rows = [
        staff(
            start_date="2015-01-01", end_date="2017-12-31", exit_reason="overstap binnen de sector"
        ),
        staff(start_date="2020-01-01"),
    ]
    assert len(read_staff(read_table(staff_file(tmp_path, rows)))) == 2


def test_dates_are_read_in_iso_and_flemish_notation_only() -> None:
    assert parse_date("2024-03-01") == date(2024, 3, 1)
    assert parse_date("1/3/2024") == date(2024, 3, 1)
    assert parse_date("01-03-2024") == date(2024, 3, 1)
    assert parse_date("2024/03/01") is None
    assert parse_date("30/2/2024") is None

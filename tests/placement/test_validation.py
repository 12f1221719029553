"""Bad input: every problem reported with file, row and column; nothing runs."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from krapte.errors import InvalidInput
from krapte.placement.service import InputPaths, load

OFFER_HEADER = (
    "offer_id,organisation,municipality,province,sector,capacity,programmes,levels,study_years"
)
OFFERS = [
    "O1,CAW Gent,Gent,Oost-Vlaanderen,algemeen welzijnswerk,2,sociaal werk,,",
    "O2,OCMW Genk,Genk,Limburg,lokaal sociaal beleid,1,,bachelor,3",
]
STUDENTS = [
    "student_id,school,programme,level,study_year,municipality",
    "S1,HOGENT,sociaal werk,bachelor,3,Gent",
    "S2,Odisee,orthopedagogie,bachelor,2,Aalst",
]


ONE = "S1,2,O2"


def write(folder: Path, name: str, lines: list[str]) -> Path:
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def paths(
    folder: Path,
    preferences: list[str],
    offers: list[str] | None = None,
    students: list[str] | None = None,
) -> InputPaths:
    """The three files; without ``preferences``, one valid choice (a round needs a choice)."""
    return InputPaths(
        write(folder, "offers.csv", [OFFER_HEADER, *(OFFERS if offers is None else offers)]),
        write(folder, "students.csv", STUDENTS if students is None else students),
        write(folder, "preferences.csv", ["student_id,rank,offer_id", *(preferences or [ONE])]),
    )


def problems(given: InputPaths, max_choices: int = 10) -> list[tuple[str, int, str]]:
    with pytest.raises(InvalidInput) as caught:
        load(given, max_choices)
    return [(i.file, i.row, i.field) for i in caught.value.problems]


def test_valid_files_load(tmp_path: Path) -> None:
    loaded = load(paths(tmp_path, ["S1,1,O1", "S1,2,O2", "S2,1,O1"][:2]))
    assert loaded.encoded.instance.n_entries == 2


def test_unknown_offer_is_reported(tmp_path: Path) -> None:
    assert problems(paths(tmp_path, ["S1,1,O9"])) == [("preferences.csv", 2, "offer_id")]


def test_unknown_student_is_reported(tmp_path: Path) -> None:
    assert problems(paths(tmp_path, ["S9,1,O1"])) == [("preferences.csv", 2, "student_id")]


def test_duplicate_offer_in_a_list_is_reported(tmp_path: Path) -> None:
    assert problems(paths(tmp_path, ["S1,1,O1", "S1,2,O1"])) == [("preferences.csv", 3, "offer_id")]


def test_duplicate_rank_is_reported(tmp_path: Path) -> None:
    assert problems(paths(tmp_path, ["S1,1,O1", "S1,1,O2"])) == [("preferences.csv", 3, "rank")]


def test_list_longer_than_maximum_is_reported(tmp_path: Path) -> None:
    given = paths(tmp_path, ["S1,1,O1", "S1,2,O2"])
    assert problems(given, max_choices=1) == [("preferences.csv", 3, "rank")]


def test_ineligible_choice_is_reported(tmp_path: Path) -> None:
    assert problems(paths(tmp_path, ["S2,1,O1", "S2,2,O2"])) == [
        ("preferences.csv", 2, "offer_id"),
        ("preferences.csv", 3, "offer_id"),
    ]


def test_non_integer_rank_is_reported(tmp_path: Path) -> None:
    assert problems(paths(tmp_path, ["S1,een,O1", "S1,1.5,O2"])) == [
        ("preferences.csv", 2, "rank"),
        ("preferences.csv", 3, "rank"),
    ]


def test_negative_capacity_is_reported(tmp_path: Path) -> None:
    offers = [OFFERS[0].replace(",2,", ",-1,"), OFFERS[1]]
    assert problems(paths(tmp_path, [], offers=offers)) == [("offers.csv", 2, "capacity")]


def test_student_listed_twice_is_reported(tmp_path: Path) -> None:
    students = [*STUDENTS, STUDENTS[1]]
    assert problems(paths(tmp_path, [], students=students)) == [("students.csv", 4, "student_id")]


def test_missing_column_is_reported(tmp_path: Path) -> None:
    students = [line.rsplit(",", 1)[0] for line in STUDENTS]
    assert problems(paths(tmp_path, [], students=students)) == [("students.csv", 1, "municipality")]


def test_malformed_quota_is_reported(tmp_path: Path) -> None:
    given = paths(tmp_path, [])
    rows = list(csv.reader(given.offers.read_text(encoding="utf-8").splitlines()))
    rows[0].append("quota")
    rows[1].append("sociaal werk=1")
    rows[2].append("")
    with given.offers.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    assert problems(given) == [("offers.csv", 2, "quota")]


def test_all_problems_are_reported_together(tmp_path: Path) -> None:
    offers = [OFFERS[0].replace(",2,", ",-1,"), OFFERS[1]]
    found = problems(paths(tmp_path, ["S1,1,O9", "S2,x,O1"], offers=offers))
    assert found == [
        ("offers.csv", 2, "capacity"),
        ("preferences.csv", 2, "offer_id"),
        ("preferences.csv", 3, "rank"),
    ]


def test_messages_are_dutch_and_name_the_place(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as caught:
        load(paths(tmp_path, ["S1,1,O9"]))
    assert str(caught.value.problems[0]) == (
        "preferences.csv, rij 2, kolom 'offer_id': onbekend aanbod 'O9'"
    )


def test_xlsx_files_are_accepted(tmp_path: Path) -> None:
    from openpyxl import Workbook

    given = paths(tmp_path, ["S1,1,O1"])
    workbook = Workbook()
    sheet = workbook.active
    for row in csv.reader(given.students.read_text(encoding="utf-8").splitlines()):
        sheet.append([int(cell) if cell.isdigit() else cell for cell in row])
    workbook.save(tmp_path / "students.xlsx")
    loaded = load(InputPaths(given.offers, tmp_path / "students.xlsx", given.preferences))
    assert loaded.encoded.student_ids == ["S1", "S2"]


def test_quoted_cells_and_windows_line_ends_are_read(tmp_path: Path) -> None:
    given = paths(tmp_path, [])
    given.preferences.write_bytes(b'student_id,rank,offer_id\r\n"S1",1,"O1"\r\nS1,2,O2\r\n')
    loaded = load(given)
    assert loaded.encoded.instance.pref_offer.tolist() == [0, 1]


def test_short_rows_are_padded_and_reported(tmp_path: Path) -> None:
    given = paths(tmp_path, ["S1,1,O1", "S1,2"])
    assert problems(given) == [("preferences.csv", 3, "offer_id")]


def test_a_corrupt_xlsx_file_is_a_dutch_input_error(tmp_path: Path) -> None:
    given = paths(tmp_path, ["S1,1,O1"])
    broken = tmp_path / "bad.xlsx"
    broken.write_text("garbage\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load(InputPaths(given.offers, broken, given.preferences))
    [issue] = caught.value.problems
    assert issue.file == "bad.xlsx"
    assert "geen geldig .xlsx-bestand" in str(issue)


def test_an_id_longer_than_the_database_holds_is_reported(tmp_path: Path) -> None:
    long_id = "O" * 121
    offers = [f"{long_id}{OFFERS[0][2:]}", OFFERS[1]]
    assert problems(paths(tmp_path, [], offers=offers)) == [("offers.csv", 2, "offer_id")]


def test_student_texts_longer_than_the_database_holds_are_reported(tmp_path: Path) -> None:
    students = [*STUDENTS, f"S3,HOGENT,sociaal werk,{'b' * 21},3,{'G' * 121}"]
    with pytest.raises(InvalidInput) as caught:
        load(paths(tmp_path, [], students=students))
    found = [(i.file, i.row, i.field) for i in caught.value.problems]
    assert ("students.csv", 4, "level") in found
    assert ("students.csv", 4, "municipality") in found
    assert "te lang: 21 tekens, hoogstens 20" in " ".join(map(str, caught.value.problems))


def test_texts_exactly_as_long_as_the_columns_are_accepted(tmp_path: Path) -> None:
    students = [*STUDENTS, f"{'S' * 120},HOGENT,sociaal werk,{'b' * 20},3,{'G' * 120}"]
    assert len(load(paths(tmp_path, [], students=students)).students) == 3


def test_numbers_beyond_an_integer_column_are_reported(tmp_path: Path) -> None:
    offers = [OFFERS[0].replace(",2,", ",3000000000,"), OFFERS[1]]
    students = [*STUDENTS, "S3,HOGENT,sociaal werk,bachelor,99999999999,Gent"]
    found = problems(paths(tmp_path, [], offers=offers, students=students))
    assert found == [("offers.csv", 2, "capacity"), ("students.csv", 4, "study_year")]

"""The bundled data package is read by the one tabular reader; a malformed one is refused in
Dutch, naming file, row and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from builders import obs, write_package
from krapte.datahub.core.bundle import load_package
from krapte.errors import InvalidInput


def test_a_package_reads_back_to_its_observations(tmp_path: Path) -> None:
    rows = [obs(value=5066), obs(period="2023", value=39.9)]
    package = load_package(write_package(tmp_path / "pkg", {"inschrijvingen": rows}))
    [dataset] = package.datasets
    assert [o.value for o in dataset.observations] == [5066, 39.9]
    assert len(dataset.checksum) == 64


@pytest.mark.parametrize("bad", ["veel", "inf", "nan"])
def test_a_value_that_is_no_finite_number_names_file_row_and_field(
    tmp_path: Path, bad: str
) -> None:
    folder = write_package(tmp_path / "pkg", {"inschrijvingen": [obs(), obs(period="2023")]})
    path = folder / "inschrijvingen.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[2].split(",")
    cells[8] = bad
    lines[2] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as raised:
        load_package(folder)
    [problem] = raised.value.problems
    assert (problem.file, problem.row, problem.field) == ("inschrijvingen.csv", 3, "value")
    assert raised.value.message == "de gebundelde gegevens zijn ongeldig"


def test_a_row_of_another_dataset_is_refused(tmp_path: Path) -> None:
    folder = write_package(tmp_path / "pkg", {"inschrijvingen": [obs(dataset="iets_anders")]})
    with pytest.raises(InvalidInput) as raised:
        load_package(folder)
    [problem] = raised.value.problems
    assert (problem.row, problem.field) == (2, "dataset")


def test_a_file_that_is_not_utf8_is_refused_in_dutch(tmp_path: Path) -> None:
    folder = write_package(tmp_path / "pkg", {"inschrijvingen": [obs(institution="Odisee")]})
    path = folder / "inschrijvingen.csv"
    path.write_bytes(path.read_bytes().replace(b"Odisee", "Liège €".encode() + b"\xff"))
    with pytest.raises(InvalidInput) as raised:
        load_package(folder)
    assert raised.value.problems[0].row == 2
    assert "UTF-8" in raised.value.problems[0].message

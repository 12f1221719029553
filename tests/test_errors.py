"""English library errors become Dutch sentences for the user."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from krapte.errors import os_error, toml_error


def test_missing_file_and_folder_are_described_in_dutch(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError) as missing:
        (tmp_path / "weg.csv").read_text()
    assert os_error(missing.value) == "het bestand of de map bestaat niet"
    with pytest.raises(IsADirectoryError) as folder:
        tmp_path.read_text()
    assert os_error(folder.value) == "dit is een map, geen bestand"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[claim]\nid = 1", "geen geldige TOML op regel 1, kolom 8"),
        ('a = "open', "geen geldige TOML: het bestand houdt onverwacht op"),
    ],
)
def test_toml_errors_name_line_and_column_in_dutch(text: str, expected: str) -> None:
    with pytest.raises(tomllib.TOMLDecodeError) as caught:
        tomllib.loads(text)
    assert toml_error(caught.value) == expected

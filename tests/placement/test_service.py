"""The services refuse a negative seed before reading or writing anything, naming the field."""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

import pytest

from krapte.errors import InvalidInput
from krapte.placement.service import (
    InputPaths,
    check_placement,
    generate_round,
    run_followup,
    run_placement,
    simulate,
)

TEMPLATES = Path(str(files("krapte") / "data" / "placement_templates"))
PATHS = InputPaths(
    TEMPLATES / "offers.csv", TEMPLATES / "students.csv", TEMPLATES / "preferences.csv"
)


def calls(out: Path) -> dict[str, Callable[[], object]]:
    return {
        "run": lambda: run_placement(PATHS, -1, out),
        "check": lambda: check_placement(PATHS, out / "assignments.csv", seed=-1),
        "followup": lambda: run_followup(PATHS, out / "assignments.csv", -1, out),
        "simulate": lambda: simulate(PATHS, -1, out),
        "generate": lambda: generate_round(10, 5, -1, out, 10),
    }


@pytest.mark.parametrize("command", ["run", "check", "followup", "simulate", "generate"])
def test_a_negative_seed_is_a_dutch_input_error(command: str, tmp_path: Path) -> None:
    out = tmp_path / "uit"
    with pytest.raises(InvalidInput) as caught:
        calls(out)[command]()
    assert caught.value.message == "startwaarde van de loting: moet 0 of groter zijn, niet -1"
    assert "--seed" not in caught.value.message
    assert not out.exists()


def test_seed_zero_is_a_valid_seed(tmp_path: Path) -> None:
    assert run_placement(PATHS, 0, tmp_path / "uit").report.ok

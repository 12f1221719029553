"""End to end through `krapte placement ...` on generated and hand-written files."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest
from click.testing import CliRunner

from krapte.cli import app

pytestmark = pytest.mark.e2e
runner = CliRunner()
TEMPLATES = Path(str(files("krapte") / "data" / "placement_templates"))


def inputs(folder: Path) -> list[str]:
    return [
        "--offers", str(folder / "offers.csv"),
        "--students", str(folder / "students.csv"),
        "--preferences", str(folder / "preferences.csv"),
    ]  # fmt: skip


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "ronde"
    result = runner.invoke(
        app,
        ["placement", "generate", "--students", "600", "--offers", "120", "--seed", "4",
         "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


def test_generate_writes_the_three_templates(generated: Path) -> None:
    students = rows(generated / "students.csv")
    offers = rows(generated / "offers.csv")
    assert len(students) == 600
    assert len(offers) == 120
    capacity = sum(int(o["capacity"]) for o in offers)
    assert 0.9 * 1.1 * 600 <= capacity <= 1.1 * 1.1 * 600
    assert {o["province"] for o in offers} <= {
        "Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant", "West-Vlaanderen", "Brussel",
    }  # fmt: skip


def test_run_then_check_on_a_generated_round(generated: Path, tmp_path: Path) -> None:
    out = tmp_path / "uit"
    result = runner.invoke(app, ["placement", "run", *inputs(generated), "--seed", "9",
                                 "--out", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "stabiel" in result.output
    names = sorted(path.name for path in out.iterdir())
    assert names == [
        "assignments.csv", "explanations.csv", "lottery.csv", "manifest.json", "statistics.csv",
        "statistics.json",
    ]  # fmt: skip
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == 9
    assert len(manifest["inputs"]["offers"]["sha256"]) == 64
    assignment = rows(out / "assignments.csv")
    assert len(assignment) == 600
    checked = runner.invoke(
        app,
        ["placement", "check", *inputs(generated), "--assignment", str(out / "assignments.csv")],
    )
    assert checked.exit_code == 0, checked.output


def test_same_seed_same_files(generated: Path, tmp_path: Path) -> None:
    for name in ("a", "b"):
        runner.invoke(app, ["placement", "run", *inputs(generated), "--seed", "3",
                            "--out", str(tmp_path / name)])  # fmt: skip
    for name in ("assignments.csv", "lottery.csv", "explanations.csv", "manifest.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_check_fails_with_exit_1_on_a_tampered_assignment(generated: Path, tmp_path: Path) -> None:
    out = tmp_path / "uit"
    runner.invoke(app, ["placement", "run", *inputs(generated), "--seed", "9", "--out", str(out)])
    assignment = rows(out / "assignments.csv")
    placed = next(row for row in assignment if row["offer_id"])
    placed["offer_id"] = ""
    with (out / "assignments.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ["student_id", "offer_id", "rank_obtained"])
        writer.writeheader()
        writer.writerows(assignment)
    checked = runner.invoke(
        app,
        ["placement", "check", *inputs(generated), "--assignment", str(out / "assignments.csv")],
    )
    assert checked.exit_code == 1
    assert f"student '{placed['student_id']}'" in checked.output


def test_run_on_the_hand_written_templates(tmp_path: Path) -> None:
    out = tmp_path / "uit"
    result = runner.invoke(app, ["placement", "run", *inputs(TEMPLATES), "--seed", "2025",
                                 "--out", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assignment = {row["student_id"]: row["offer_id"] for row in rows(out / "assignments.csv")}
    assert len(assignment) == 12
    stats = json.loads((out / "statistics.json").read_text(encoding="utf-8"))
    assert stats["students"] == 12
    flat = {(r["measure"], r["category"]): r["value"] for r in rows(out / "statistics.csv")}
    assert flat["matched", ""] == str(stats["matched"])
    assert flat["rank_distribution", "1"] == str(stats["rank_distribution"]["1"])
    taken_by_psychology = [
        sid for sid, offer in assignment.items()
        if offer == "JH-LEUVEN-01" and sid in {"ST-003", "ST-008", "ST-012"}
    ]  # fmt: skip
    assert len(taken_by_psychology) <= 1


def test_bad_input_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("offers.csv", "students.csv"):
        (folder / name).write_text((TEMPLATES / name).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "preferences.csv").write_text(
        "student_id,rank,offer_id\nST-001,1,ONBEKEND\nST-001,2,CAW-GENT-01\nST-001,3,CAW-GENT-01\n"
        "ST-004,1,OCMW-AALST-01\n",
        encoding="utf-8",
    )
    out = tmp_path / "uit"
    result = runner.invoke(app, ["placement", "run", *inputs(folder), "--seed", "1",
                                 "--out", str(out)])  # fmt: skip
    assert result.exit_code == 2
    assert "preferences.csv, rij 2, kolom 'offer_id': onbekend aanbod 'ONBEKEND'" in result.output
    assert "rij 4" in result.output
    assert "rij 5" in result.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [folder]


def test_existing_output_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "uit"
    out.mkdir()
    (out / "iets.txt").write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["placement", "run", *inputs(TEMPLATES), "--seed", "1",
                                 "--out", str(out)])  # fmt: skip
    assert result.exit_code == 2
    assert sorted(p.name for p in out.iterdir()) == ["iets.txt"]


def test_followup_fills_free_places_and_keeps_placements(tmp_path: Path) -> None:
    first = tmp_path / "ronde1"
    runner.invoke(app, ["placement", "run", *inputs(TEMPLATES), "--seed", "2025",
                        "--out", str(first)])  # fmt: skip
    before = {row["student_id"]: row["offer_id"] for row in rows(first / "assignments.csv")}
    unplaced = [sid for sid, offer in before.items() if not offer]
    assert unplaced == ["ST-012"]
    new = tmp_path / "vervolg.csv"
    new.write_text("student_id,rank,offer_id\nST-012,1,WZC-HASS-01\n",
                   encoding="utf-8")  # fmt: skip
    second = tmp_path / "ronde2"
    result = runner.invoke(
        app,
        ["placement", "followup", "--offers", str(TEMPLATES / "offers.csv"),
         "--students", str(TEMPLATES / "students.csv"),
         "--assignment", str(first / "assignments.csv"), "--preferences", str(new),
         "--seed", "2025", "--out", str(second)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    after = {row["student_id"]: row for row in rows(second / "assignments.csv")}
    for sid, offer in before.items():
        if offer:
            assert after[sid]["offer_id"] == offer
            assert after[sid]["round"] == "1"
    assert after["ST-012"]["offer_id"] == "WZC-HASS-01"
    assert after["ST-012"]["round"] == "2"


def test_followup_refuses_a_list_from_a_placed_student(tmp_path: Path) -> None:
    first = tmp_path / "ronde1"
    runner.invoke(app, ["placement", "run", *inputs(TEMPLATES), "--seed", "2025",
                        "--out", str(first)])  # fmt: skip
    new = tmp_path / "vervolg.csv"
    new.write_text("student_id,rank,offer_id\nST-001,1,WZC-HASS-01\n", encoding="utf-8")
    second = tmp_path / "ronde2"
    result = runner.invoke(
        app,
        ["placement", "followup", "--offers", str(TEMPLATES / "offers.csv"),
         "--students", str(TEMPLATES / "students.csv"),
         "--assignment", str(first / "assignments.csv"), "--preferences", str(new),
         "--seed", "2025", "--out", str(second)],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "al geplaatst" in result.output
    assert not second.exists()


def test_simulate_status_quo_reports_applications_and_refusals(
    generated: Path, tmp_path: Path
) -> None:
    out = tmp_path / "sq"
    result = runner.invoke(app, ["placement", "simulate-status-quo", *inputs(generated),
                                 "--seed", "5", "--out", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "sollicitaties" in result.output
    summary = json.loads((out / "status_quo.json").read_text(encoding="utf-8"))
    assert summary["applications"] >= summary["placed"]
    assert summary["applications"] == summary["refusals"] + summary["placed"]
    assert (out / "requests_per_organisation.csv").is_file()


def test_installed_command_runs_in_a_subprocess(tmp_path: Path) -> None:
    out = tmp_path / "uit"
    done = subprocess.run(
        [sys.executable, "-m", "krapte", "placement", "run", *inputs(TEMPLATES), "--seed", "1",
         "--out", str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (out / "lottery.csv").is_file()


@pytest.mark.parametrize("command", ["run", "simulate-status-quo"])
def test_a_negative_seed_exits_2_without_a_traceback(command: str, tmp_path: Path) -> None:
    out = tmp_path / "uit"
    result = runner.invoke(app, ["placement", command, *inputs(TEMPLATES), "--seed", "-1",
                                 "--out", str(out)])  # fmt: skip
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert "--seed" in result.output
    assert not out.exists()


def test_a_corrupt_xlsx_exits_2_naming_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "bad.xlsx"
    broken.write_text("garbage\n", encoding="utf-8")
    out = tmp_path / "uit"
    result = runner.invoke(app, ["placement", "run", "--offers", str(TEMPLATES / "offers.csv"),
                                 "--students", str(broken),
                                 "--preferences", str(TEMPLATES / "preferences.csv"),
                                 "--seed", "1", "--out", str(out)])  # fmt: skip
    assert result.exit_code == 2
    assert "bad.xlsx: geen geldig .xlsx-bestand" in result.output
    assert not out.exists()


def test_check_refuses_a_scaled_lottery_instead_of_finding_blocking_pairs(
    generated: Path, tmp_path: Path
) -> None:
    out = tmp_path / "uit"
    runner.invoke(app, ["placement", "run", *inputs(generated), "--seed", "5", "--out", str(out)])
    lottery = rows(out / "lottery.csv")
    scaled = tmp_path / "loting.csv"
    scaled.write_text(
        "student_id,lottery_number\n"
        + "".join(f"{r['student_id']},{int(r['lottery_number']) * 1000}\n" for r in lottery),
        encoding="utf-8",
    )
    checked = runner.invoke(app, ["placement", "check", *inputs(generated),
                                  "--assignment", str(out / "assignments.csv"),
                                  "--lottery", str(scaled)])  # fmt: skip
    assert checked.exit_code == 2
    assert "loting.csv, rij 2, kolom 'lottery_number'" in checked.output
    assert "blokkerend" not in checked.output


PLACEMENT_COMMANDS = [
    "generate", "run", "check", "followup", "simulate-status-quo", "import-round", "rounds",
    "run-round",
]  # fmt: skip


@pytest.mark.parametrize("command", PLACEMENT_COMMANDS)
def test_every_placement_help_screen_is_dutch(command: str) -> None:
    result = runner.invoke(app, ["placement", command, "--help"], prog_name="krapte")
    assert result.exit_code == 0
    assert result.output.startswith(f"Gebruik: krapte placement {command} [OPTIES]")
    assert "Opties:" in result.output
    for english in ("Usage", "Options", "Show this message", "required", "default"):
        assert english not in result.output


def test_the_placement_group_lists_exactly_the_documented_commands() -> None:
    result = runner.invoke(app, ["placement", "--help"])
    listed = result.output.split("Opdrachten:")[1].split()
    assert sorted(c for c in PLACEMENT_COMMANDS if c in listed) == sorted(PLACEMENT_COMMANDS)
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    docs = (Path(__file__).resolve().parents[2] / "docs" / "placement.md").read_text("utf-8")
    for command in PLACEMENT_COMMANDS:
        assert f"`krapte placement {command}" in readme, command
        assert f"krapte placement {command}" in docs, command

"""Bad input and faults met by a reliability probe: each a clear Dutch error or a safe behaviour."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from importlib.resources import files
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import Workbook

from krapte.cli import app
from krapte.placement.folders import STAGING

pytestmark = pytest.mark.e2e
runner = CliRunner()
TEMPLATES = Path(str(files("krapte") / "data" / "placement_templates"))


def copy_templates(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("offers.csv", "students.csv", "preferences.csv"):
        (folder / name).write_bytes((TEMPLATES / name).read_bytes())
    return folder


def run(folder: Path, out: Path, *, students: Path | None = None, **files: Path) -> Result:
    paths = {
        "offers": folder / "offers.csv",
        "students": students or folder / "students.csv",
        "preferences": folder / "preferences.csv",
        **files,
    }
    args = [arg for role, path in paths.items() for arg in (f"--{role}", str(path))]
    return runner.invoke(app, ["placement", "run", *args, "--seed", "1", "--out", str(out)])


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def no_traceback(result: Result) -> None:
    assert isinstance(result.exception, SystemExit) or result.exception is None
    assert "Traceback" not in result.output


# --- files as Flemish offices save them ---------------------------------------------------------


def test_a_semicolon_students_file_with_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    folder = copy_templates(tmp_path / "in")
    lines = (TEMPLATES / "students.csv").read_text(encoding="utf-8").splitlines()
    semicolons = "\r\n".join(";".join(next(csv.reader([line]))) for line in lines) + "\r\n"
    (folder / "students.csv").write_bytes(b"\xef\xbb\xbf" + semicolons.encode())
    result = run(folder, tmp_path / "uit")
    assert result.exit_code == 0, result.output
    assert len(rows(tmp_path / "uit" / "assignments.csv")) == 12


def test_a_windows_1252_students_file_is_accepted(tmp_path: Path) -> None:
    folder = copy_templates(tmp_path / "in")
    text = (TEMPLATES / "students.csv").read_text(encoding="utf-8")
    text = text.replace("Gent", "Liège", 1)
    (folder / "students.csv").write_bytes(text.encode("cp1252"))
    result = run(folder, tmp_path / "uit")
    assert result.exit_code == 0, result.output


def test_a_damaged_utf8_file_is_refused_in_dutch_naming_the_row(tmp_path: Path) -> None:
    folder = copy_templates(tmp_path / "in")
    raw = (TEMPLATES / "students.csv").read_bytes().replace(b"Gent", "Liège".encode(), 1)
    lines = raw.split(b"\n")
    lines[3] = lines[3].replace(b"Leuven-Limburg", b"Leuven-\xe9Limburg")
    (folder / "students.csv").write_bytes(b"\n".join(lines))
    result = run(folder, tmp_path / "uit")
    assert result.exit_code == 2
    assert "students.csv, rij 4" in result.output
    assert "codec" not in result.output
    no_traceback(result)


# --- what the files hold -------------------------------------------------------------------------


def test_a_preferences_file_with_only_a_header_is_refused(tmp_path: Path) -> None:
    """A round without any choice can only place nobody: almost surely the wrong file."""
    folder = copy_templates(tmp_path / "in")
    (folder / "preferences.csv").write_text("student_id,rank,offer_id\n", encoding="utf-8")
    result = run(folder, tmp_path / "uit")
    assert result.exit_code == 2
    assert "preferences.csv: bevat geen enkele keuze" in result.output
    assert not (tmp_path / "uit").exists()


def test_two_quotas_for_one_programme_on_one_offer_are_refused(tmp_path: Path) -> None:
    folder = copy_templates(tmp_path / "in")
    offers = list(csv.reader(io.StringIO((folder / "offers.csv").read_text(encoding="utf-8"))))
    quota = offers[0].index("quota")
    offers[1][quota] = "sociaal werk:1; Sociaal  Werk:2"
    with (folder / "offers.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(offers)
    result = run(folder, tmp_path / "uit")
    assert result.exit_code == 2
    assert "offers.csv, rij 2, kolom 'quota': opleiding 'Sociaal  Werk' heeft meer dan één" in (
        result.output
    )


def test_rank_gaps_are_accepted_and_said_in_the_summary_and_the_manifest(tmp_path: Path) -> None:
    """Refusing would stop a whole round for a removed choice; the order is what counts."""
    folder = copy_templates(tmp_path / "in")
    prefs = rows(folder / "preferences.csv")
    first = prefs[0]["student_id"]
    for row in prefs:
        if row["student_id"] == first:
            row["rank"] = str(int(row["rank"]) * 2 + 1)
    with (folder / "preferences.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ["student_id", "rank", "offer_id"])
        writer.writeheader()
        writer.writerows(prefs)
    result = run(folder, tmp_path / "uit")
    assert result.exit_code == 0, result.output
    assert "1 student(en) met gaten in de rangnummers" in result.output
    manifest = json.loads((tmp_path / "uit" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["students_with_rank_gaps"] == 1
    assert "renumbered" in manifest["ranks"]
    obtained = {
        r["student_id"]: r["rank_obtained"] for r in rows(tmp_path / "uit" / "assignments.csv")
    }
    assert obtained[first] in {"1", "2", "3", ""}


@pytest.mark.parametrize(
    ("cell", "column"),
    [("ST-0\n01", "student_id"), ("HOG\tENT", "school"), ("sociaal\rwerk", "programme")],
)
def test_line_breaks_and_tabs_in_ids_and_names_are_refused(
    tmp_path: Path, cell: str, column: str
) -> None:
    folder = copy_templates(tmp_path / "in")
    students = rows(folder / "students.csv")
    students[0][column] = cell
    with (folder / "students.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(students[0]))
        writer.writeheader()
        writer.writerows(students)
    result = run(folder, tmp_path / "uit")
    assert result.exit_code == 2
    assert f"students.csv, rij 2, kolom '{column}': bevat een regeleinde" in result.output


def test_a_nul_byte_is_refused_naming_the_row(tmp_path: Path) -> None:
    folder = copy_templates(tmp_path / "in")
    raw = (folder / "students.csv").read_bytes().split(b"\n")
    raw[2] = raw[2].replace(b"HOGENT", b"HOG\x00ENT").replace(b"Odisee", b"Odi\x00see")
    (folder / "students.csv").write_bytes(b"\n".join(raw))
    result = run(folder, tmp_path / "uit")
    assert result.exit_code == 2
    assert "students.csv, rij 3: bevat een NUL-teken" in result.output


def test_a_cell_over_the_csv_modules_field_limit_names_row_and_column(tmp_path: Path) -> None:
    folder = copy_templates(tmp_path / "in")
    offers = list(csv.reader(io.StringIO((folder / "offers.csv").read_text(encoding="utf-8"))))
    notes = offers[0].index("notes")
    offers[3][notes] = "x" * 200_000
    offers[3][0] = offers[3][0]
    text = io.StringIO()
    csv.writer(text, quoting=csv.QUOTE_ALL).writerows(offers)
    (folder / "offers.csv").write_text(text.getvalue(), encoding="utf-8")
    result = run(folder, tmp_path / "uit")
    assert result.exit_code == 2
    assert "offers.csv, rij 4, kolom 'notes': cel te lang: 200000 tekens" in result.output
    assert "field larger" not in result.output


def test_an_xlsx_number_cell_holding_text_is_read_as_text(tmp_path: Path) -> None:
    folder = copy_templates(tmp_path / "in")
    offers = list(csv.reader(io.StringIO((folder / "offers.csv").read_text(encoding="utf-8"))))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in offers:
        sheet.append([int(c) if c.isdigit() else c for c in row])
    book.save(tmp_path / "plain.xlsx")
    capacity = offers[1][offers[0].index("capacity")]
    workbook = tmp_path / "offers.xlsx"
    with zipfile.ZipFile(tmp_path / "plain.xlsx") as source, zipfile.ZipFile(workbook, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(
                    f'<c r="F2" t="n"><v>{capacity}</v>'.encode(), b'<c r="F2" t="n"><v>vijf</v>'
                )
            out.writestr(item, data)
    result = run(folder, tmp_path / "uit", offers=workbook)
    assert result.exit_code == 2
    assert "offers.xlsx, rij 2, kolom 'capacity': geen geheel getal: 'vijf'" in result.output


# --- formula-like cells --------------------------------------------------------------------------


def test_formula_like_ids_stay_text_in_every_csv_placement_writes(tmp_path: Path) -> None:
    folder = copy_templates(tmp_path / "in")
    for name in ("offers.csv", "students.csv", "preferences.csv"):
        path = folder / name
        text = path.read_text(encoding="utf-8")
        text = text.replace("ST-001", "=ST-001").replace("CAW-GENT-01", "@CAW-GENT-01")
        text = text.replace("CAW Oost-Vlaanderen", "+CAW")
        path.write_text(text, encoding="utf-8")
    out = tmp_path / "uit"
    assert run(folder, out).exit_code == 0
    quo = tmp_path / "sq"
    args = [
        "--offers", str(folder / "offers.csv"), "--students", str(folder / "students.csv"),
        "--preferences", str(folder / "preferences.csv"), "--seed", "1", "--out", str(quo),
    ]  # fmt: skip
    assert runner.invoke(app, ["placement", "simulate-status-quo", *args]).exit_code == 0
    written = [*out.glob("*.csv"), *quo.glob("*.csv")]
    assert len(written) == 6
    for path in written:
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), path.name
        for cell in csv.reader(io.StringIO(raw.decode("utf-8-sig"))):
            assert not any(c.startswith(("=", "+", "@")) for c in cell), (path.name, cell)
    assert b"'=ST-001" in (out / "assignments.csv").read_bytes()
    checked = runner.invoke(
        app,
        ["placement", "check", *args[:6], "--assignment", str(out / "assignments.csv")],
    )
    assert checked.exit_code == 0, checked.output


# --- the output folder -------------------------------------------------------------------------


def test_out_under_a_file_is_a_dutch_error(tmp_path: Path) -> None:
    blocker = tmp_path / "bestand"
    blocker.write_text("x", encoding="utf-8")
    result = run(copy_templates(tmp_path / "in"), blocker / "uit")
    assert result.exit_code == 2
    assert "uitvoermap:" in result.output
    assert "is een bestand" in result.output
    no_traceback(result)


@pytest.mark.skipif(not Path("/sys").is_dir(), reason="needs a folder nobody may write in")
def test_out_in_a_folder_that_cannot_be_written_is_a_dutch_error(tmp_path: Path) -> None:
    out = Path("/sys/krapte-uit")
    result = run(copy_templates(tmp_path / "in"), out)
    assert result.exit_code == 2
    assert "uitvoermap: /sys/krapte-uit kan niet gemaakt worden" in result.output
    no_traceback(result)


def test_a_staging_folder_left_by_a_killed_run_is_cleaned_up(tmp_path: Path) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    stale = tmp_path / f"{STAGING}uit-{gone.stdout.strip()}-abc123"
    stale.mkdir()
    (stale / "assignments.csv").write_text("half", encoding="utf-8")
    result = run(copy_templates(tmp_path / "in"), tmp_path / "uit")
    assert result.exit_code == 0, result.output
    assert not stale.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "uit"]


def test_a_staging_folder_of_a_running_process_is_left_alone(tmp_path: Path) -> None:
    busy = tmp_path / f"{STAGING}uit-{os.getppid()}-abc123"
    busy.mkdir()
    assert run(copy_templates(tmp_path / "in"), tmp_path / "uit").exit_code == 0
    assert busy.exists()

"""The layer rules are import-linter contracts (pyproject.toml); they hold, and they bite."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(root: Path, source: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(root / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(source)},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_layer_contracts_hold() -> None:
    result = _lint(ROOT, ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.slow
def test_the_contracts_catch_a_core_importing_sqlalchemy_and_db_importing_a_capability(
    tmp_path: Path,
) -> None:
    source = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "krapte", source / "krapte")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    matching = source / "krapte" / "placement" / "core" / "matching.py"
    matching.write_text("import sqlalchemy\n" + matching.read_text(encoding="utf-8"), "utf-8")
    engine = source / "krapte" / "db" / "engine.py"
    engine.write_text(engine.read_text(encoding="utf-8") + "\nimport krapte.datahub.tables\n")
    result = _lint(tmp_path, source)
    assert result.returncode != 0
    assert "krapte.placement.core.matching -> sqlalchemy" in result.stdout
    assert "krapte.db.engine -> krapte.datahub.tables" in result.stdout

"""The forecast core imports neither the ORM, nor the web framework, nor the CLI library."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

FORBIDDEN = {"sqlalchemy", "fastapi", "starlette", "typer", "alembic"}


@pytest.mark.parametrize(
    "module",
    [
        "krapte.forecast.model",
        "krapte.forecast.montecarlo",
        "krapte.forecast.parameters",
        "krapte.forecast.scenarios",
    ],
)
def test_core_module_imports_no_framework(module: str) -> None:
    code = f"import json, sys, {module}; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    )
    leaked = sorted({name.split(".")[0] for name in json.loads(result.stdout)} & FORBIDDEN)
    assert leaked == [], f"{module} pulls in {leaked}"

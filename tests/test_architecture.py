"""The pure cores import no ORM, web framework or CLI library."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PURE_MODULES = [
    "krapte.datahub.records",
    "krapte.datahub.bundle",
    "krapte.datahub.checks",
    "krapte.datahub.claims",
    "krapte.datahub.numbers",
    "krapte.forecast.model",
    "krapte.forecast.montecarlo",
    "krapte.forecast.parameters",
    "krapte.forecast.scenarios",
    "krapte.placement.instance",
    "krapte.placement.matching",
    "krapte.placement.stability",
    "krapte.placement.followup",
    "krapte.placement.explain",
    "krapte.placement.statistics",
    "krapte.placement.status_quo",
    "krapte.placement.generator",
    "krapte.placement.encode",
    "krapte.placement.model",
    "krapte.placement.validation",
    "krapte.tabular",
    "krapte.indicators.maths",
    "krapte.indicators.series",
    "krapte.indicators.tension",
    "krapte.formatting",
    "krapte.errors",
]
# `matching` is the placement test oracle: a dev dependency the engine must never need.
FORBIDDEN = ("sqlalchemy", "fastapi", "starlette", "typer", "alembic", "matching")


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_core_imports_no_framework(module: str) -> None:
    code = f"import json, sys, {module}; print(json.dumps(sorted(sys.modules)))"
    loaded = json.loads(
        subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True
        ).stdout
    )
    leaked = sorted({name.split(".")[0] for name in loaded} & set(FORBIDDEN))
    assert leaked == [], f"{module} pulls in {leaked}"

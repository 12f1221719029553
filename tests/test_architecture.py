"""The pure cores import no ORM, web framework or CLI library."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PURE_MODULES = [
    "krapte.datahub.core.records",
    "krapte.datahub.core.bundle",
    "krapte.datahub.core.checks",
    "krapte.datahub.core.claims",
    "krapte.numbers",
    "krapte.forecast.core.model",
    "krapte.forecast.core.montecarlo",
    "krapte.forecast.core.parameters",
    "krapte.forecast.core.scenarios",
    "krapte.placement.core.instance",
    "krapte.placement.core.matching",
    "krapte.placement.core.stability",
    "krapte.placement.core.followup",
    "krapte.placement.core.explain",
    "krapte.placement.core.statistics",
    "krapte.placement.core.status_quo",
    "krapte.placement.core.generator",
    "krapte.placement.core.encode",
    "krapte.placement.core.model",
    "krapte.placement.core.validation",
    "krapte.tabular",
    "krapte.indicators.core.maths",
    "krapte.indicators.core.series",
    "krapte.indicators.core.tension",
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

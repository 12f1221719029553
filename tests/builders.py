"""Tiny builders for tests: observations, data packages and migrated databases."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, MetaData, inspect
from sqlalchemy.orm import Session

from krapte.datahub import repository
from krapte.datahub.core.records import TIDY_COLUMNS, Observation

if TYPE_CHECKING:
    from click.testing import Result


def obs(**overrides: Any) -> Observation:
    """An enrolment figure; override any field."""
    fields: dict[str, Any] = {
        "dataset": "inschrijvingen",
        "measure": "inschrijvingen",
        "period": "2024",
        "value": 100.0,
        "unit": "count",
        "level": "bachelor",
        "programme": "sociaal werk",
        "section": "4.1.1",
        "table": "t1",
        "source": "Dataloep 2025",
    }
    fields.update(overrides)
    return Observation(**fields)


def series(years: Iterable[int], values: Iterable[float], **overrides: Any) -> list[Observation]:
    return [
        obs(period=str(year), value=float(value), **overrides)
        for year, value in zip(years, values, strict=True)
    ]


TIDY_SCHEMA = {
    "fields": [
        {"name": name, "type": "number" if name == "value" else "string"} for name in TIDY_COLUMNS
    ]
}
REFERENCE_FIELDS = {
    "institutions": ["name", "kind", "campus_city", "province", "note"],
    "programmes": ["name", "level", "family", "note"],
    "classification": ["occupation", "specialisation", "level", "programme", "source"],
}


def write_package(
    folder: Path,
    datasets: dict[str, Sequence[Observation]],
    references: dict[str, Sequence[dict[str, str]]] | None = None,
) -> Path:
    """Write a small data package shaped like the bundled one into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    references = references or {}
    resources: list[dict[str, Any]] = []
    for name, rows in datasets.items():
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=TIDY_COLUMNS)
            writer.writeheader()
            writer.writerows(o.as_row() for o in rows)
        resources.append(
            {"name": name, "path": f"{name}.csv", "title": name.title(), "schema": TIDY_SCHEMA}
        )
    for name, fields in REFERENCE_FIELDS.items():
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            writer.writerows(references.get(name, []))
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "schema": {"fields": [{"name": f, "type": "string"} for f in fields]},
            }
        )
    descriptor = {"name": "test-package", "resources": resources}
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return folder


def drop_everything(engine: Engine) -> None:
    """Remove every table (including Alembic's) so a shared server starts from nothing."""
    metadata = MetaData()
    metadata.reflect(bind=engine)
    metadata.drop_all(bind=engine)
    assert inspect(engine).get_table_names() == []


def store_release(
    session: Session,
    observations: Sequence[Observation],
    dataset: str = "inschrijvingen",
    label: str = "test",
) -> None:
    """Add one release of ``dataset`` holding ``observations`` in the session's transaction."""
    repository.ensure_dataset(session, dataset, dataset.title())
    repository.add_release(
        session,
        dataset=dataset,
        label=label,
        origin="test",
        checksum="0",
        observations=observations,
    )


def run_cli(*args: str, code: int = 0) -> Result:
    """Run `krapte ARGS...` in-process; assert the exit code (0 by default) and no traceback."""
    from click.testing import CliRunner

    from krapte.cli import app

    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result


#: A wide Dataloep-like export: Dutch numbers, an academic-year header and a total row.
EXPORT_ROWS = [
    ["Instelling", "Opleiding", "2020-2021", "2021-2022", "2022"],
    ["HOGENT", "Sociaal Werk", "1.938", "2.140", ""],
    ["Odisee", "sociaal werk", "39,9", "1.234,5", "7"],
    ["Eindtotaal", "", "1.977,9", "3.374,5", "7"],
]
#: The figures EXPORT_ROWS holds: (institution, programme, period) → value; "" is the total row.
EXPORT_VALUES = {
    ("HOGENT", "sociaal werk", "2020"): 1938,
    ("HOGENT", "sociaal werk", "2021"): 2140,
    ("Odisee", "sociaal werk", "2020"): 39.9,
    ("Odisee", "sociaal werk", "2021"): 1234.5,
    ("Odisee", "sociaal werk", "2022"): 7,
    ("", "", "2020"): 1977.9,
    ("", "", "2021"): 3374.5,
    ("", "", "2022"): 7,
}


def write_rows(path: Path, rows: list[list[str]], delimiter: str = ";") -> Path:
    """Write ``rows`` as a CSV file (``;`` as Flemish Excel does) and return its path."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path

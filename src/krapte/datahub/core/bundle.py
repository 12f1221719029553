"""Reader of the bundled data package (``krapte/data/datapackage.json`` and its CSV files).

Pure file reading through the one tabular reader (:func:`krapte.tabular.read_table`): it returns
records and knows nothing of the database. A malformed package raises
:class:`krapte.errors.InvalidInput` whose problems name file, row and field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from typing import Any

import numpy as np

from krapte.datahub.core.records import (
    TIDY_COLUMNS,
    ClassificationRef,
    InstitutionRef,
    Observation,
    ProgrammeRef,
)
from krapte.errors import InvalidInput, Problem
from krapte.tabular import Table, read_table

REFERENCE_RESOURCES = ("institutions", "programmes", "classification")
INVALID = "de gebundelde gegevens zijn ongeldig"


@dataclass(frozen=True)
class BundledDataset:
    name: str
    title: str
    description: str
    path: str
    checksum: str
    observations: tuple[Observation, ...]


@dataclass(frozen=True)
class BundledPackage:
    name: str
    datasets: tuple[BundledDataset, ...]
    institutions: tuple[InstitutionRef, ...]
    programmes: tuple[ProgrammeRef, ...]
    classification: tuple[ClassificationRef, ...]

    def dataset(self, name: str) -> BundledDataset:
        for dataset in self.datasets:
            if dataset.name == name:
                return dataset
        raise KeyError(name)


def data_dir() -> Traversable:
    return files("krapte") / "data"


def _read(folder: Traversable, path: str) -> Table:
    with as_file(folder / path) as real:
        try:
            return read_table(real)
        except InvalidInput as exc:
            raise InvalidInput(exc.problems, INVALID) from exc


def _rows(table: Table) -> list[dict[str, str]]:
    columns = [table.texts(name) for name in table.header]
    return [dict(zip(table.header, cells, strict=True)) for cells in zip(*columns, strict=True)]


def _values(table: Table, problems: list[Problem]) -> list[float]:
    """The ``value`` column: plain numbers (a dot for decimals), finite."""
    texts = table.texts("value")
    values: list[float] = []
    for index, text in enumerate(texts):
        try:
            value = float(text)
        except ValueError:
            value = float("nan")
        if not np.isfinite(value):
            problems.append(table.problem(index, "value", f"geen getal: {text!r}"))
        values.append(value)
    return values


def _load_dataset(folder: Traversable, resource: dict[str, Any]) -> BundledDataset:
    path = str(resource["path"])
    table = _read(folder, path)
    if tuple(table.header) != TIDY_COLUMNS:
        raise InvalidInput(
            [
                Problem(
                    f"kolommen {table.header} wijken af van {list(TIDY_COLUMNS)}",
                    file=table.file,
                    row=table.header_row,
                )
            ],
            INVALID,
        )
    problems: list[Problem] = []
    name = str(resource["name"])
    rows = _rows(table)
    for index, row in enumerate(rows):
        if row["dataset"] != name:
            problems.append(
                table.problem(index, "dataset", f"{row['dataset']!r} hoort {name!r} te zijn")
            )
    values = _values(table, problems)
    if problems:
        raise InvalidInput(problems, INVALID)
    observations = tuple(
        Observation(**{**row, "value": value})  # type: ignore[arg-type]
        for row, value in zip(rows, values, strict=True)
    )
    return BundledDataset(
        name=name,
        title=str(resource.get("title", name)),
        description=str(resource.get("description", "")),
        path=path,
        checksum=table.sha256,
        observations=observations,
    )


def load_package(folder: Traversable | None = None) -> BundledPackage:
    """Read the whole bundled package: every tidy dataset and the reference lists."""
    folder = folder or data_dir()
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    datasets: list[BundledDataset] = []
    references: dict[str, list[dict[str, str]]] = {}
    for resource in descriptor["resources"]:
        name = str(resource["name"])
        if name in REFERENCE_RESOURCES:
            references[name] = _rows(_read(folder, str(resource["path"])))
        elif _is_tidy(resource):
            datasets.append(_load_dataset(folder, resource))
    return BundledPackage(
        name=str(descriptor.get("name", "")),
        datasets=tuple(sorted(datasets, key=lambda d: d.name)),
        institutions=tuple(InstitutionRef(**row) for row in references.get("institutions", [])),
        programmes=tuple(ProgrammeRef(**row) for row in references.get("programmes", [])),
        classification=tuple(
            ClassificationRef(**row) for row in references.get("classification", [])
        ),
    )


def _is_tidy(resource: dict[str, Any]) -> bool:
    fields = resource.get("schema", {}).get("fields", [])
    return tuple(field["name"] for field in fields) == TIDY_COLUMNS

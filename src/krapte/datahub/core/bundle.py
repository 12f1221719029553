"""Reader of the bundled data package (``krapte/data/datapackage.json`` and its CSV files).

Pure file reading: it returns records and knows nothing of the database.
"""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from krapte.datahub.core.records import (
    TIDY_COLUMNS,
    ClassificationRef,
    InstitutionRef,
    Observation,
    ProgrammeRef,
)

REFERENCE_RESOURCES = ("institutions", "programmes", "classification")


class BundleError(ValueError):
    """The bundled data package is malformed; the message names file, row and field."""


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


def _read_rows(folder: Traversable, path: str) -> tuple[str, list[dict[str, str]], list[str]]:
    raw = (folder / path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BundleError(f"{path}: geen geldige UTF-8 ({exc})") from exc
    reader = csv.DictReader(text.splitlines())
    rows = list(reader)
    return hashlib.sha256(raw).hexdigest(), rows, list(reader.fieldnames or [])


def _observation(path: str, line: int, row: dict[str, str]) -> Observation:
    try:
        value = float(row["value"])
    except ValueError as exc:
        raise BundleError(f"{path}, rij {line}, veld value: geen getal: {row['value']!r}") from exc
    return Observation(
        dataset=row["dataset"],
        measure=row["measure"],
        period=row["period"],
        value=value,
        unit=row["unit"],
        geography=row["geography"],
        institution=row["institution"],
        programme=row["programme"],
        level=row["level"],
        category=row["category"],
        source=row["source"],
        section=row["section"],
        table=row["table"],
        note=row["note"],
    )


def _load_dataset(folder: Traversable, resource: dict[str, Any]) -> BundledDataset:
    path = str(resource["path"])
    checksum, rows, header = _read_rows(folder, path)
    if tuple(header) != TIDY_COLUMNS:
        raise BundleError(f"{path}: kolommen {header} wijken af van {list(TIDY_COLUMNS)}")
    observations = []
    for line, row in enumerate(rows, start=2):
        if row["dataset"] != resource["name"]:
            raise BundleError(
                f"{path}, rij {line}, veld dataset: {row['dataset']!r} "
                f"hoort {resource['name']!r} te zijn"
            )
        observations.append(_observation(path, line, row))
    return BundledDataset(
        name=str(resource["name"]),
        title=str(resource.get("title", resource["name"])),
        description=str(resource.get("description", "")),
        path=path,
        checksum=checksum,
        observations=tuple(observations),
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
            references[name] = _read_rows(folder, str(resource["path"]))[1]
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

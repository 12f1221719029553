"""Validation of a tabular data package against its ``datapackage.json`` with Frictionless."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PackageError:
    resource: str
    row: int | None
    field: str | None
    kind: str
    message: str

    def __str__(self) -> str:
        where = self.resource
        if self.row is not None:
            where += f", rij {self.row}"
        if self.field:
            where += f", veld {self.field}"
        return f"{where}: {self.kind}: {self.message}"


def validate_package(descriptor: Path) -> list[PackageError]:
    """Every schema violation in the package (empty when valid)."""
    from frictionless import Package  # heavy: loaded only when a package is validated

    report = Package(str(descriptor)).validate()
    errors: list[PackageError] = []
    for task in report.tasks:
        for error in task.errors:
            errors.append(
                PackageError(
                    resource=task.name or str(task.place),
                    row=getattr(error, "row_number", None),
                    field=getattr(error, "field_name", None),
                    kind=error.type,
                    message=error.message,
                )
            )
    errors.extend(
        PackageError(
            resource="datapackage.json", row=None, field=None, kind=e.type, message=e.message
        )
        for e in report.errors
    )
    return errors

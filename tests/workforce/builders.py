"""Tiny builders for workforce tests: a staff row, a staff file, a registered organisation.

```
path = staff_file(tmp_path, [staff(pseudonym="P1"), staff(pseudonym="P2", end_date="2023-05-31",
                                                       exit_reason="werkdruk")])
organisation(container, "CAW Oost")
import_file(container, "CAW Oost", path)
```
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

from krapte.accounts.core.permissions import SYSTEM
from krapte.bootstrap import Container
from krapte.workforce import service
from krapte.workforce.core.records import Organisation
from krapte.workforce.core.staff_file import COLUMNS

AS_OF = date(2025, 6, 30)

DEFAULTS: dict[str, str] = {
    "pseudonym": "P1",
    "function": "sociaal werker",
    "programme": "Sociaal werk",
    "level": "bachelor",
    "fte": "1",
    "birth_year_band": "1985-1989",
    "start_date": "2020-01-01",
    "end_date": "",
    "exit_reason": "",
    "absences": "",
}


def staff(**overrides: str) -> dict[str, str]:
    """One staff row: the defaults with ``overrides``."""
    unknown = set(overrides) - set(DEFAULTS)
    assert not unknown, unknown
    return {**DEFAULTS, **overrides}


def staff_file(
    folder: Path,
    rows: Iterable[Mapping[str, str]],
    *,
    name: str = "personeel.csv",
    header: Iterable[str] = COLUMNS,
    extra: Mapping[str, Iterable[str]] | None = None,
) -> Path:
    """A ``;``-separated staff file of ``rows`` (plus ``extra`` columns: header -> cells)."""
    columns = list(header)
    extra = {key: list(cells) for key, cells in (extra or {}).items()}
    path = folder / name
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow([*columns, *extra])
        for index, row in enumerate(rows):
            cells = [row.get(column, "") for column in columns]
            writer.writerow([*cells, *(values[index] for values in extra.values())])
    return path


def organisation(
    container: Container,
    name: str = "CAW Oost",
    subsector: str = "algemeen welzijnswerk",
    size_class: str = "10-49",
    province: str = "Antwerpen",
) -> Organisation:
    return service.register_organisation(
        container.unit_of_work(write=True), SYSTEM, name, subsector, size_class, province
    )


def import_file(
    container: Container, name: str, path: Path, as_of: date = AS_OF
) -> service.ImportResult:
    return service.import_records(
        container.unit_of_work(write=True), SYSTEM, name, path, as_of=as_of
    )

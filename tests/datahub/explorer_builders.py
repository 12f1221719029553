"""A small store for the explorer's tests: three institutions in two provinces, printed totals
(one printed twice with different values), a percentage, and a figure whose region is a province."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from builders import obs
from krapte.bootstrap import Container
from krapte.datahub import repository
from krapte.datahub.core.records import Observation

DATASET = "inschrijvingen"
INSTITUTIONS = [
    {"name": "AP", "kind": "hogeschool", "campus_city": "Antwerpen", "province": "Antwerpen"},
    {"name": "KdG", "kind": "hogeschool", "campus_city": "Antwerpen", "province": "Antwerpen"},
    {"name": "HOGENT", "kind": "hogeschool", "campus_city": "Gent", "province": "Oost-Vlaanderen"},
]


def figure(institution: str, year: int, value: float, **overrides: Any) -> Observation:
    fields: dict[str, Any] = {"table": "per-instelling", "institution": institution}
    return obs(period=str(year), value=value, **(fields | overrides))


def figures() -> list[Observation]:
    """Enrolments 2023–2024 per institution with the printed total, and more."""
    return [
        figure("AP", 2023, 100),
        figure("AP", 2024, 110),
        figure("KdG", 2023, 200),
        figure("KdG", 2024, 220),
        figure("HOGENT", 2023, 1300),
        figure("HOGENT", 2024, 1330),
        figure("", 2023, 1600, note="gedrukt totaal"),
        figure("", 2024, 1660, note="gedrukt totaal"),
        figure("", 2024, 1666, table="totaal", note="=ander totaal"),
        figure("PXL", 2024, 50, geography="Limburg", table="limburg"),
        figure("AP", 2024, 80.5, measure="aandeel_vrouwen", unit="percent"),
    ]


def fill(
    container: Container,
    observations: Sequence[Observation] | None = None,
    origin: str = "test",
) -> None:
    """Store the institutions and one version of the dataset."""
    with container.unit_of_work(write=True) as uow:
        repository.replace_reference(
            uow.session, "institutions", [row | {"note": ""} for row in INSTITUTIONS]
        )
        repository.ensure_dataset(uow.session, DATASET, "Inschrijvingen")
        repository.add_release(
            uow.session,
            dataset=DATASET,
            label="test",
            origin=origin,
            checksum="0",
            observations=list(figures() if observations is None else observations),
        )
        uow.commit()

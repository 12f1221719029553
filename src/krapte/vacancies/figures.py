"""Vacancy statistics into the data hub (dataset ``vacatures``, source "krapte vacatures").

:func:`publish_statistics` recomputes every figure from the store and stores them as the next
version of the dataset through :func:`krapte.datahub.service.store_derived_figures` (nothing
changes when the figures are the ones already current).
"""

from __future__ import annotations

from dataclasses import dataclass

from krapte.accounts.core.permissions import Actor, require
from krapte.datahub import service as datahub
from krapte.datahub.core.records import Observation
from krapte.db.uow import UnitOfWork
from krapte.vacancies import repository, service
from krapte.vacancies.core import statistics


def compute(uow: UnitOfWork) -> list[Observation]:
    """Every figure of the dataset as the store holds the vacancies today (public counts)."""
    with uow:
        return statistics.figures(repository.posted(uow.session, service.today()))


@dataclass(frozen=True)
class Published:
    dataset: str
    version: int
    created: bool
    figures: int

    def as_dict(self) -> dict[str, object]:
        return {
            "dataset": self.dataset,
            "version": self.version,
            "created": self.created,
            "figures": self.figures,
        }


def publish_statistics(uow: UnitOfWork, actor: Actor) -> Published:
    """Store the figures in the data hub as the next version of ``vacatures``."""
    require(actor, "vacancy.statistics")
    with uow:
        figures = compute(uow)
        stored = datahub.store_derived_figures(
            uow,
            dataset=statistics.DATASET,
            title=statistics.TITLE,
            description=statistics.DESCRIPTION,
            label=f"Vacatures op {service.today().isoformat()}",
            origin="vacancies",
            figures=figures,
            replaces=statistics.SOURCE,
        )
        uow.commit()
    return Published(statistics.DATASET, stored.release.version, stored.created, len(figures))

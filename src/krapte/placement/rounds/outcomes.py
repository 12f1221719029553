"""Indicators of a published round, and their place in the data hub.

:func:`round_indicators` computes the four rates (:mod:`krapte.placement.core.outcomes`) from the
round's published run and what was recorded after the match; :func:`publish_indicators` stores
them as a new version of the data hub's dataset ``stageplaatsing`` (through the data hub's
service, so the explorer, the API and the versions show them).
:func:`measured_internship_to_job_rate` reads the measured rate back for the forecast's
internship scenarios.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from krapte.accounts.core.permissions import Actor
from krapte.datahub.core.records import Observation
from krapte.db.uow import UnitOfWork
from krapte.errors import NotFound, WrongPhase
from krapte.placement.core.outcomes import (
    ALL_PROVINCES,
    MEASURES,
    GroupIndicators,
    OfferFacts,
    StudentFacts,
    indicators,
)
from krapte.placement.rounds.state import RoundInfo, authorise, round_info, stored_round
from krapte.placement.tables import (
    PlacementAssignment,
    PlacementOffer,
    PlacementOutcome,
    PlacementPreference,
    PlacementRun,
)

DATASET = "stageplaatsing"
DATASET_TITLE = "Centrale stageplaatsing: vulgraad, eerste keuze, bevestiging en jobaanbod"
DATASET_DESCRIPTION = (
    "Indicatoren van de gepubliceerde toewijzing van elke stageronde in krapte, per sector en per "
    "provincie. Een percentage over te weinig personen wordt niet gepubliceerd."
)
SOURCE_PREFIX = "krapte stageronde"


@dataclass(frozen=True)
class RoundIndicators:
    round_id: int
    round_name: str
    period: str
    published_on: str
    """Date (ISO) of the published run."""
    threshold: int
    groups: tuple[GroupIndicators, ...]

    @property
    def source(self) -> str:
        return f"{SOURCE_PREFIX} {self.round_name}, gepubliceerde toewijzing {self.published_on}"

    def overall(self) -> GroupIndicators:
        return self.groups[0]

    def observations(self) -> list[Observation]:
        """Every rate that is not suppressed, as data hub figures (suppressed ones are left out)."""
        found = []
        for group in self.groups:
            for key, value in group.rates().items():
                percent = value.percent
                if percent is None:
                    continue
                found.append(
                    Observation(
                        dataset=DATASET,
                        measure=MEASURES[key][0],
                        period=self.period,
                        value=percent,
                        unit="percent",
                        geography=group.geography,
                        category=group.category,
                        source=self.source,
                        table=self.round_name,
                        note=MEASURES[key][1],
                    )
                )
        return found

    def as_dict(self) -> dict[str, object]:
        return {
            "round_id": self.round_id,
            "round_name": self.round_name,
            "period": self.period,
            "published_on": self.published_on,
            "small_cell_threshold": self.threshold,
            "groups": [group.as_dict() for group in self.groups],
        }


def _threshold(threshold: int | None) -> int:
    if threshold is not None:
        return threshold
    from krapte.settings import get_settings

    return get_settings().small_cell_threshold


def _published(info: RoundInfo) -> int:
    if info.published_run_id is None:
        raise WrongPhase(
            f"stageronde '{info.name}' is nog niet gepubliceerd: er zijn geen indicatoren"
        )
    return info.published_run_id


def round_indicators(
    uow: UnitOfWork, actor: Actor, round_id: int, *, threshold: int | None = None
) -> RoundIndicators:
    """The indicators of the round's published run (WrongPhase before publication)."""
    limit = _threshold(threshold)
    with uow:
        session = uow.session
        stored = stored_round(session, round_id)
        info = round_info(stored)
        authorise(actor, "round.statistics", info)
        run_id = _published(info)
        run = session.get(PlacementRun, run_id)
        if run is None:
            raise NotFound(f"de gepubliceerde toewijzing {run_id} bestaat niet")
        offers = [
            OfferFacts(offer_id, sector, province, capacity)
            for offer_id, sector, province, capacity in session.execute(
                select(
                    PlacementOffer.offer_id,
                    PlacementOffer.sector,
                    PlacementOffer.province,
                    PlacementOffer.capacity,
                ).where(PlacementOffer.round_id == round_id)
            )
        ]
        first = dict(
            session.execute(
                select(PlacementPreference.student_id, PlacementPreference.offer_id).where(
                    PlacementPreference.round_id == round_id, PlacementPreference.rank == 1
                )
            ).all()
        )
        after: dict[str, tuple[bool, bool | None]] = {
            student_id: (confirmed_at is not None, job)
            for student_id, confirmed_at, job in session.execute(
                select(
                    PlacementOutcome.student_id,
                    PlacementOutcome.confirmed_at,
                    PlacementOutcome.job_offered,
                ).where(PlacementOutcome.round_id == round_id)
            )
        }
        students = []
        for student_id, offer_id, rank in session.execute(
            select(
                PlacementAssignment.student_id,
                PlacementAssignment.offer_id,
                PlacementAssignment.rank_obtained,
            ).where(PlacementAssignment.run_id == run_id)
        ):
            confirmed, job = after.get(student_id, (False, None)) if offer_id else (False, None)
            students.append(
                StudentFacts(
                    first_choice=first.get(student_id),
                    placed_offer=offer_id or None,
                    rank=rank if offer_id else 0,
                    confirmed=confirmed,
                    job_offered=job,
                )
            )
        moment: datetime = info.calendar.publish_at or info.created_at
        return RoundIndicators(
            round_id=info.id,
            round_name=info.name,
            period=str(moment.year),
            published_on=run.created_at.date().isoformat(),
            threshold=limit,
            groups=tuple(indicators(offers, students, limit)),
        )


@dataclass(frozen=True)
class PublishedIndicators:
    indicators: RoundIndicators
    dataset: str
    version: int
    created: bool
    """False when the data hub already held exactly these figures (no new version)."""
    figures: int


def publish_indicators(
    uow: UnitOfWork, actor: Actor, round_id: int, *, threshold: int | None = None
) -> PublishedIndicators:
    """Store the round's indicators as the next version of the data hub's ``stageplaatsing``:
    the figures of an earlier publication of this round are replaced, other rounds' stay."""
    from krapte.datahub import service as datahub

    with uow:
        info = round_info(stored_round(uow.session, round_id))
        authorise(actor, "indicators.publish", info)
        found = round_indicators(uow, actor, round_id, threshold=threshold)
        figures = found.observations()
        stored = datahub.store_derived_figures(
            uow,
            dataset=DATASET,
            title=DATASET_TITLE,
            description=DATASET_DESCRIPTION,
            label=f"Stageronde {found.round_name}",
            origin=f"placement:{found.round_id}",
            figures=figures,
            replaces=f"{SOURCE_PREFIX} {found.round_name},",
        )
        uow.commit()
    return PublishedIndicators(
        indicators=found,
        dataset=DATASET,
        version=stored.release.version,
        created=stored.created,
        figures=len(figures),
    )


def measured_internship_to_job_rate(uow: UnitOfWork) -> float | None:
    """The internship-to-job rate (a share, 0 to 1) over every province and sector of the most
    recent period the data hub holds, or ``None`` when no round has published one.

    The forecast's parameter ``stage_naar_job`` (scenarios ``stages_wervingskanaal`` and
    ``centrale_stagetoewijzing``) is an assumption until rounds record job offers; this is the
    measured figure to put in its place (aggregate, public: no actor needed).
    """
    from krapte.datahub import service as datahub

    try:
        found = datahub.observations(uow, DATASET, measure=MEASURES["to_job"][0])
    except NotFound:
        return None
    overall = [obs for obs in found if obs.geography == ALL_PROVINCES and not obs.category]
    if not overall:
        return None
    latest = max(obs.period for obs in overall)
    values = [obs.value for obs in overall if obs.period == latest]
    return round(sum(values) / len(values) / 100.0, 4)

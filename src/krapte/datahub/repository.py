"""Storage adapter of the data hub: read and write releases and observations with SQLAlchemy."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from krapte.datahub.core.checks import References
from krapte.datahub.core.records import Observation
from krapte.datahub import tables as t
from krapte.db.base import Base


class UnknownDatasetError(LookupError):
    """Raised when a dataset or release asked for is not in the store."""


def _to_record(row: t.Observation, dataset: str) -> Observation:
    return Observation(
        dataset=dataset,
        measure=row.measure,
        period=row.period,
        value=row.value,
        unit=row.unit,
        geography=row.geography,
        institution=row.institution,
        programme=row.programme,
        level=row.level,
        category=row.category,
        source=row.source,
        section=row.section,
        table=row.source_table,
        note=row.note,
    )


def list_datasets(session: Session) -> list[t.Dataset]:
    return list(session.scalars(select(t.Dataset).order_by(t.Dataset.name)))


def latest_release(session: Session, dataset: str) -> t.Release | None:
    return session.scalars(
        select(t.Release)
        .where(t.Release.dataset_name == dataset)
        .order_by(t.Release.version.desc())
        .limit(1)
    ).first()


def get_release(session: Session, dataset: str, version: int | None = None) -> t.Release:
    """The given version of a dataset, or its latest when ``version`` is None."""
    if version is None:
        release = latest_release(session, dataset)
    else:
        release = session.scalars(
            select(t.Release).where(t.Release.dataset_name == dataset, t.Release.version == version)
        ).first()
    if release is None:
        if version is not None and session.get(t.Dataset, dataset) is not None:
            raise UnknownDatasetError(f"versie {version} van dataset {dataset} bestaat niet")
        raise UnknownDatasetError(f"onbekende dataset: {dataset}")
    return release


def fetch_observations(
    session: Session,
    dataset: str,
    *,
    measure: str | None = None,
    version: int | None = None,
) -> list[Observation]:
    """Observations of one release of a dataset (the latest by default), in a stable order."""
    release = get_release(session, dataset, version)
    query = select(t.Observation).where(t.Observation.release_id == release.id)
    if measure is not None:
        query = query.where(t.Observation.measure == measure)
    query = query.order_by(t.Observation.id)
    return [_to_record(row, dataset) for row in session.scalars(query)]


def fetch_all_current(session: Session) -> list[Observation]:
    """Every observation of the latest release of every dataset."""
    result: list[Observation] = []
    for dataset in list_datasets(session):
        if latest_release(session, dataset.name) is not None:
            result.extend(fetch_observations(session, dataset.name))
    return result


def ensure_dataset(session: Session, name: str, title: str, description: str = "") -> t.Dataset:
    dataset = session.get(t.Dataset, name)
    if dataset is None:
        dataset = t.Dataset(name=name, title=title, description=description)
        session.add(dataset)
        session.flush()
    return dataset


def add_release(
    session: Session,
    *,
    dataset: str,
    label: str,
    origin: str,
    checksum: str,
    observations: Sequence[Observation],
) -> t.Release:
    """Store a new release (version = previous + 1) with its observations.

    Flushes, never commits: the caller's transaction decides.
    """
    previous = session.scalar(
        select(func.max(t.Release.version)).where(t.Release.dataset_name == dataset)
    )
    release = t.Release(
        dataset_name=dataset,
        version=(previous or 0) + 1,
        label=label,
        origin=origin,
        checksum=checksum,
        imported_at=datetime.now(UTC),
        row_count=len(observations),
    )
    session.add(release)
    session.flush()
    if observations:
        session.execute(
            insert(t.Observation),
            [_to_row(obs, release.id) for obs in observations],
        )
    return release


def _to_row(obs: Observation, release_id: int) -> dict[str, object]:
    return {
        "release_id": release_id,
        "measure": obs.measure,
        "period": obs.period,
        "geography": obs.geography,
        "institution": obs.institution,
        "programme": obs.programme,
        "level": obs.level,
        "category": obs.category,
        "value": obs.value,
        "unit": obs.unit,
        "source": obs.source,
        "section": obs.section,
        "source_table": obs.table,
        "note": obs.note,
    }


def count_observations(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(t.Observation)) or 0


def replace_reference(session: Session, model: type[Base], rows: Iterable[dict[str, str]]) -> None:
    """Replace a reference list (institutions, programmes, classification) by ``rows``."""
    session.query(model).delete()
    session.add_all(model(**row) for row in rows)
    session.flush()


def references(session: Session) -> References:
    """The stored reference lists, for the checks."""
    return References(
        institutions=frozenset(session.scalars(select(t.Institution.name))),
        programmes=frozenset(
            (name, level)
            for name, level in session.execute(select(t.Programme.name, t.Programme.level))
        ),
    )

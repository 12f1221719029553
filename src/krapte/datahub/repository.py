"""Storage adapter of the data hub: datasets, versions and observations in and out.

Functions take the unit of work's session and return domain records
(:mod:`krapte.datahub.core.records`), never ORM rows. They flush, never commit: the use case's
unit of work decides.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import Select, delete, false, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from krapte.datahub import filter_choices
from krapte.datahub import tables as t
from krapte.datahub.core.checks import References
from krapte.datahub.core.columns import CHECKED_FIELDS, ColumnsBuilder, ObservationColumns
from krapte.datahub.core.records import (
    TIDY_COLUMNS,
    DatasetSummary,
    DataVersion,
    Observation,
    ReleaseInfo,
)
from krapte.errors import NotFound

#: Figures written per statement: large enough for the driver's fast path, small enough that a
#: chunk's parameters stay a few megabytes.
CHUNK_ROWS = 20_000
#: Largest version number the database's integer column holds.
MAX_VERSION = 2**31 - 1

ReferenceKind = Literal["institutions", "programmes", "classification"]
_REFERENCE_TABLES: dict[ReferenceKind, type[t.Institution | t.Programme | t.Classification]] = {
    "institutions": t.Institution,
    "programmes": t.Programme,
    "classification": t.Classification,
}
REFERENCE_FIELDS: dict[ReferenceKind, tuple[str, ...]] = {
    "institutions": ("name", "kind", "campus_city", "province", "note"),
    "programmes": ("name", "level", "family", "note"),
    "classification": ("occupation", "specialisation", "level", "programme", "source"),
}


def _release(row: t.Release) -> ReleaseInfo:
    same = {f.name: getattr(row, f.name) for f in fields(ReleaseInfo) if f.name != "dataset"}
    return ReleaseInfo(dataset=row.dataset_name, **same)


#: Field of an observation → its column in the store (only the printed table is renamed).
COLUMNS: dict[str, str] = {
    name: "source_table" if name == "table" else name for name in TIDY_COLUMNS if name != "dataset"
}


def _observation(row: t.Observation, dataset: str) -> Observation:
    fields = {name: getattr(row, column) for name, column in COLUMNS.items()}
    return Observation(dataset=dataset, **fields)


def _latest_ids() -> Select[str, int]:
    return select(t.Release.dataset_name, func.max(t.Release.version).label("version")).group_by(
        t.Release.dataset_name
    )


def list_datasets(session: Session) -> list[DatasetSummary]:
    """Every dataset with its number of versions and its latest version, in two queries."""
    counts = dict(
        session.execute(
            select(t.Release.dataset_name, func.count()).group_by(t.Release.dataset_name)
        ).all()
    )
    latest = _latest_ids().subquery()
    releases = {
        row.dataset_name: _release(row)
        for row in session.scalars(
            select(t.Release).join(
                latest,
                (t.Release.dataset_name == latest.c.dataset_name)
                & (t.Release.version == latest.c.version),
            )
        )
    }
    return [
        DatasetSummary(
            name=d.name,
            title=d.title,
            description=d.description,
            versions=counts.get(d.name, 0),
            latest=releases.get(d.name),
        )
        for d in session.scalars(select(t.Dataset).order_by(t.Dataset.name))
    ]


def dataset_exists(session: Session, name: str) -> bool:
    return session.get(t.Dataset, name) is not None


def get_dataset(session: Session, name: str) -> DatasetSummary:
    for summary in list_datasets(session):
        if summary.name == name:
            return summary
    raise NotFound(f"onbekende dataset: {name}")


def _release_row(session: Session, dataset: str, version: int | None) -> t.Release:
    query = select(t.Release).where(t.Release.dataset_name == dataset)
    if version is None:
        query = query.order_by(t.Release.version.desc()).limit(1)
    elif 1 <= version <= MAX_VERSION:
        query = query.where(t.Release.version == version)
    else:
        query = query.where(false())
    row = session.scalars(query).first()
    if row is None:
        if version is not None and dataset_exists(session, dataset):
            raise NotFound(f"versie {version} van dataset {dataset} bestaat niet")
        raise NotFound(f"onbekende dataset: {dataset}")
    return row


def get_release(session: Session, dataset: str, version: int | None = None) -> ReleaseInfo:
    """The given version of a dataset, or its latest when ``version`` is None."""
    return _release(_release_row(session, dataset, version))


def release_id(session: Session, dataset: str, version: int | None = None) -> int:
    """The store's id of a version (the latest by default), for the bulk functions below."""
    return _release_row(session, dataset, version).id


def release_and_id(
    session: Session, dataset: str, version: int | None = None
) -> tuple[ReleaseInfo, int]:
    """The given (or latest) version of a dataset and its row id, for queries on its figures."""
    row = _release_row(session, dataset, version)
    return _release(row), row.id


def dataset_summary(session: Session, name: str, versions: Sequence[ReleaseInfo]) -> DatasetSummary:
    """A dataset's summary from its versions already read (one query, no scan of others)."""
    dataset = session.get(t.Dataset, name)
    if dataset is None:
        raise NotFound(f"onbekende dataset: {name}")
    return DatasetSummary(
        name=dataset.name,
        title=dataset.title,
        description=dataset.description,
        versions=len(versions),
        latest=versions[-1] if versions else None,
    )


def releases(session: Session, dataset: str) -> list[ReleaseInfo]:
    return [
        _release(row)
        for row in session.scalars(
            select(t.Release).where(t.Release.dataset_name == dataset).order_by(t.Release.version)
        )
    ]


def latest_release_from(session: Session, dataset: str, origin: str) -> ReleaseInfo | None:
    """The newest version of ``dataset`` whose figures came from ``origin``."""
    row = session.scalars(
        select(t.Release)
        .where(t.Release.dataset_name == dataset, t.Release.origin == origin)
        .order_by(t.Release.version.desc())
        .limit(1)
    ).first()
    return None if row is None else _release(row)


def fetch_observations(
    session: Session,
    dataset: str,
    *,
    measure: str | None = None,
    version: int | None = None,
) -> list[Observation]:
    """Observations of one version of a dataset (the latest by default), in a stable order."""
    release = _release_row(session, dataset, version)
    query = select(t.Observation).where(t.Observation.release_id == release.id)
    if measure is not None:
        query = query.where(t.Observation.measure == measure)
    return [_observation(row, dataset) for row in session.scalars(query.order_by(t.Observation.id))]


def fetch_all_current(session: Session) -> list[Observation]:
    """Every observation of the latest version of every dataset, in one query."""
    latest = _latest_ids().subquery()
    rows = session.execute(
        select(t.Observation, t.Release.dataset_name)
        .join(t.Release, t.Observation.release_id == t.Release.id)
        .join(
            latest,
            (t.Release.dataset_name == latest.c.dataset_name)
            & (t.Release.version == latest.c.version),
        )
        .order_by(t.Release.dataset_name, t.Observation.id)
    )
    return [_observation(row, dataset) for row, dataset in rows]


def current_columns(
    session: Session, progress: Callable[[int, int], None] | None = None
) -> ObservationColumns:
    """What the checks read of every current figure, column by column, in the order of
    :func:`fetch_all_current`; read in chunks (``progress(done, total)`` after each), never as
    one object per figure."""
    latest = _latest_ids().subquery()
    current = select(t.Release.id, t.Release.dataset_name, t.Release.row_count).join(
        latest,
        (t.Release.dataset_name == latest.c.dataset_name) & (t.Release.version == latest.c.version),
    )
    releases = session.execute(current).all()
    total = sum(row.row_count for row in releases)
    columns = [
        t.Release.dataset_name if name == "dataset" else getattr(t.Observation, COLUMNS[name])
        for name in CHECKED_FIELDS
    ]
    query = (
        select(*columns, t.Observation.value, t.Observation.id)
        .join(t.Release, t.Observation.release_id == t.Release.id)
        .where(t.Release.id.in_([row.id for row in releases]))
        .execution_options(yield_per=CHUNK_ROWS)
    )
    builder = ColumnsBuilder(numbered=True)
    done = 0
    for rows in session.connection().execute(query).partitions():
        builder.add(rows)
        done += len(rows)
        if progress is not None:
            progress(done, total)
    return builder.build()


def ensure_dataset(session: Session, name: str, title: str, description: str = "") -> bool:
    """Create the dataset when it is new (returns True), and lock it for this transaction.

    The lock (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite writers already queue) makes two
    imports into one dataset take turns, so both get their own version number.
    """
    new = session.get(t.Dataset, name) is None
    if new:
        try:
            with session.begin_nested():  # another writer may create it at the same moment
                session.add(t.Dataset(name=name, title=title, description=description))
        except IntegrityError:
            new = False
    lock_dataset(session, name)
    return new


def lock_dataset(session: Session, name: str) -> None:
    """Hold the dataset's row until the transaction ends (writers of one dataset take turns)."""
    session.scalars(select(t.Dataset).where(t.Dataset.name == name).with_for_update()).one()


def describe_dataset(session: Session, name: str, title: str, description: str) -> None:
    dataset = session.get(t.Dataset, name)
    if dataset is not None:
        dataset.title, dataset.description = title, description


def add_release(
    session: Session,
    *,
    dataset: str,
    label: str,
    origin: str,
    checksum: str,
    observations: Sequence[Observation],
) -> ReleaseInfo:
    """Store a new version (previous + 1) with its observations; flushes, never commits."""
    release_id = start_release(
        session, dataset=dataset, label=label, origin=origin, checksum=checksum
    )
    if observations:
        session.execute(insert(t.Observation), [_row(obs, release_id) for obs in observations])
        filter_choices.store(session, release_id, filter_choices.of_observations(observations))
    return finish_release(session, release_id, len(observations))


def _row(obs: Observation, release_id: int) -> dict[str, object]:
    return {"release_id": release_id} | {
        column: getattr(obs, name) for name, column in COLUMNS.items()
    }


def start_release(session: Session, *, dataset: str, label: str, origin: str, checksum: str) -> int:
    """Add the next version of ``dataset`` without figures yet; returns its id (flushes)."""
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
        row_count=0,
    )
    session.add(release)
    session.flush()
    return release.id


def finish_release(session: Session, release_id: int, row_count: int) -> ReleaseInfo:
    """Record how many figures a release begun by :func:`start_release` holds."""
    release = session.get_one(t.Release, release_id)
    release.row_count = row_count
    session.flush()
    return _release(release)


def count_observations(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(t.Observation)) or 0


def data_version(session: Session) -> DataVersion:
    count, latest_id, latest_at = session.execute(
        select(func.count(t.Release.id), func.max(t.Release.id), func.max(t.Release.imported_at))
    ).one()
    return DataVersion(releases=count, latest_id=latest_id or 0, latest_at=latest_at)


def count_releases(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(t.Release)) or 0


def reference_rows(session: Session, kind: ReferenceKind) -> list[dict[str, str]]:
    model = _REFERENCE_TABLES[kind]
    fields = REFERENCE_FIELDS[kind]
    return [{f: getattr(row, f) for f in fields} for row in session.scalars(select(model))]


def replace_reference(
    session: Session, kind: ReferenceKind, rows: Iterable[dict[str, str]]
) -> None:
    """Replace a reference list (institutions, programmes, classification) by ``rows``."""
    model = _REFERENCE_TABLES[kind]
    session.execute(delete(model))
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


def institution_provinces(session: Session) -> dict[str, str]:
    """Institution name → province (Brussels campuses carry their own region name)."""
    rows = session.execute(select(t.Institution.name, t.Institution.province))
    return dict(rows.all())


def current_sections_and_sources(session: Session) -> dict[str, tuple[list[str], list[str]]]:
    """Per dataset, the report sections and the sources of its latest version (one query)."""
    latest = _latest_ids().subquery()
    rows = session.execute(
        select(t.Release.dataset_name, t.Observation.section, t.Observation.source)
        .join(t.Release, t.Observation.release_id == t.Release.id)
        .join(
            latest,
            (t.Release.dataset_name == latest.c.dataset_name)
            & (t.Release.version == latest.c.version),
        )
        .distinct()
    )
    sections: dict[str, set[str]] = {}
    sources: dict[str, set[str]] = {}
    for dataset, section, source in rows:
        sections.setdefault(dataset, set()).add(section)
        sources.setdefault(dataset, set()).add(source)
    return {
        name: (sorted(s for s in sections[name] if s), sorted(s for s in sources[name] if s))
        for name in sections
    }

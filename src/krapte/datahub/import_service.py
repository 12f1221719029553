"""Import service: store a parsed export as a new release of a dataset, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from krapte.datahub import repository
from krapte.datahub.core.importer import ImportOptions, Progress, parse_import
from krapte.datahub import tables as t
from krapte.db.engine import transaction


@dataclass(frozen=True)
class ImportResult:
    dataset: str
    version: int
    observations: int
    data_rows: int
    new_dataset: bool
    carried_over: int = 0  # rows of other measures taken over from the previous release


def import_origin(path: Path) -> str:
    return f"import:{path.resolve()}"


def import_file(
    session_factory: sessionmaker[Session],
    path: Path,
    options: ImportOptions,
    progress: Progress | None = None,
) -> ImportResult:
    """Parse ``path`` and store it as release n+1 of ``options.dataset``.

    The new release holds the file's observations plus the previous release's observations of
    every *other* measure, so importing vacancies into a dataset that also holds job seekers keeps
    the job seekers. The whole file is read and checked before the database is touched, and the
    release is written in one transaction: on any error nothing is stored. Older releases stay
    queryable. Raises :class:`krapte.datahub.core.importer.ImportFileError` for bad input.
    """
    parsed = parse_import(path, options, progress)
    imported_measures = {obs.measure for obs in parsed.observations}
    with transaction(session_factory) as session:
        new_dataset = session.get(t.Dataset, options.dataset) is None
        repository.ensure_dataset(session, options.dataset, title=options.dataset)
        previous = repository.latest_release(session, options.dataset)
        kept = (
            []
            if previous is None
            else [
                obs
                for obs in repository.fetch_observations(
                    session, options.dataset, version=previous.version
                )
                if obs.measure not in imported_measures
            ]
        )
        release = repository.add_release(
            session,
            dataset=options.dataset,
            label=parsed.label,
            origin=import_origin(path),
            checksum=parsed.checksum,
            observations=[*parsed.observations, *kept],
        )
        version = release.version
    return ImportResult(
        dataset=options.dataset,
        version=version,
        observations=len(parsed.observations),
        data_rows=parsed.data_rows,
        new_dataset=new_dataset,
        carried_over=len(kept),
    )

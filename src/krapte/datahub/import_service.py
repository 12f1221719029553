"""Import service: store a parsed export as a new version of a dataset, all or nothing.

The file is read and checked completely before the store is touched; the new version is written
in one transaction. An import says what it adds, changes and removes compared with the current
version, and removes figures only when the caller confirms it (``remove_missing``): a two-row file
must never silently replace the two hundred figures of a measure.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from krapte.datahub import bulk_writes, filter_choices, repository, tables
from krapte.datahub.core.figures import Figures
from krapte.datahub.core.importer import ImportOptions, Progress, parse_import
from krapte.db.uow import UnitOfWork
from krapte.errors import Conflict
from krapte.metrics import measured


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


@dataclass(frozen=True)
class ImportDiff:
    """Figures of the imported measures compared with the current version."""

    added: int
    changed: int
    removed: int
    unchanged: int


@dataclass(frozen=True)
class ImportResult:
    dataset: str
    version: int
    observations: int
    data_rows: int
    new_dataset: bool
    measures: tuple[str, ...]
    diff: ImportDiff
    carried_over: int = 0
    """Figures of other measures taken over from the previous version."""


class RemovalNotConfirmed(Conflict):
    """The import would remove figures of the current version and that was not confirmed."""

    def __init__(self, dataset: str, version: int, diff: ImportDiff) -> None:
        super().__init__(
            f"deze import zou {_plural(diff.removed, 'waarneming', 'waarnemingen')} van "
            f"versie {version} van {dataset} verwijderen (en "
            f"{diff.added} toevoegen, {diff.changed} wijzigen); er is niets geïmporteerd. "
            "Bevestig dat de ontbrekende cijfers weg mogen, of importeer een volledig bestand."
        )
        self.diff = diff


def import_origin(path: Path) -> str:
    return f"import:{path.resolve()}"


@measured("import")
def import_file(
    uow: UnitOfWork,
    path: Path,
    options: ImportOptions,
    progress: Progress | None = None,
    *,
    remove_missing: bool = False,
) -> ImportResult:
    """Parse ``path`` and store it as the next version of ``options.dataset``.

    The new version holds the file's figures plus the previous version's figures of every
    *other* measure (importing vacancies keeps the job seekers). Raises InvalidInput for a bad
    file and RemovalNotConfirmed when figures would disappear without ``remove_missing``.

    The figures go to the store in chunks (``progress(done, total)`` after each) inside the one
    transaction; the comparison with the previous version and the figures carried over from it
    are worked out in SQL, so the previous version is never loaded into memory. Whatever fails,
    the transaction rolls back and the store is as before.
    """
    parsed = parse_import(path, options)
    figures = parsed.figures.sorted_by(tables.KEY_ORDER)
    measures = figures.measures
    with uow:
        session = uow.session
        new_dataset = repository.ensure_dataset(session, options.dataset, title=options.dataset)
        previous = None
        if not new_dataset and repository.get_dataset(session, options.dataset).versions:
            previous = repository.get_release(session, options.dataset)
        release_id = repository.start_release(
            session,
            dataset=options.dataset,
            label=parsed.label,
            origin=import_origin(path),
            checksum=parsed.checksum,
        )
        store_figures(uow, release_id, figures, progress)
        diff = ImportDiff(added=len(figures), changed=0, removed=0, unchanged=0)
        kept = 0
        choices = filter_choices.of_figures(figures)
        if previous is not None:
            bulk_writes.refresh_statistics(session)
            old_id = repository.release_id(session, options.dataset, previous.version)
            added, changed, removed = bulk_writes.compare_releases(
                session, old_id, release_id, measures
            )
            diff = ImportDiff(added, changed, removed, len(figures) - added - changed)
            if diff.removed and not remove_missing:
                raise RemovalNotConfirmed(options.dataset, previous.version, diff)
            kept = bulk_writes.copy_other_measures(session, old_id, release_id, measures)
            if kept:
                carried = filter_choices.of_release(session, release_id, except_measures=measures)
                choices.update(carried)
        filter_choices.store(session, release_id, choices)
        release = repository.finish_release(session, release_id, len(figures) + kept)
        uow.commit()
    return ImportResult(
        dataset=options.dataset,
        version=release.version,
        observations=len(figures),
        data_rows=parsed.data_rows,
        new_dataset=new_dataset,
        measures=measures,
        diff=diff,
        carried_over=kept,
    )


def store_figures(
    uow: UnitOfWork, release_id: int, figures: Figures, progress: Progress | None = None
) -> None:
    """Write ``figures`` into release ``release_id``, chunk by chunk, reporting progress."""
    total = len(figures)
    for start in range(0, total, repository.CHUNK_ROWS):
        stop = min(start + repository.CHUNK_ROWS, total)
        bulk_writes.insert_figures(uow.session, release_id, figures, start, stop)
        if progress is not None:
            progress(stop, total)

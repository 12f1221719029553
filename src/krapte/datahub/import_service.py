"""Import service: store a parsed export as a new version of a dataset, all or nothing.

The file is read and checked completely before the store is touched; the new version is written
in one transaction. An import says what it adds, changes and removes compared with the current
version, and removes figures only when the caller confirms it (``remove_missing``): a two-row file
must never silently replace the two hundred figures of a measure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from krapte.datahub import repository
from krapte.datahub.core.importer import ImportOptions, Progress, parse_import
from krapte.datahub.core.records import Observation
from krapte.db.uow import UnitOfWork
from krapte.errors import Conflict


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


def compare(new: Iterable[Observation], old: Iterable[Observation]) -> ImportDiff:
    """How ``new`` differs from ``old``, counted in figures (rows).

    Figures are matched by what they are about, whatever table printed them: a new figure is
    added, changed (another value) or unchanged; an old figure nobody brings is removed.
    """
    new, old = list(new), list(old)
    before: dict[tuple[str, ...], set[float]] = {}
    for obs in old:
        before.setdefault(obs.identity, set()).add(obs.value)
    brought = {obs.identity for obs in new}
    added = changed = 0
    for obs in new:
        values = before.get(obs.identity)
        added += values is None
        changed += values is not None and obs.value not in values
    return ImportDiff(
        added=added,
        changed=changed,
        removed=sum(obs.identity not in brought for obs in old),
        unchanged=len(new) - added - changed,
    )


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
    """
    parsed = parse_import(path, options, progress)
    measures = tuple(sorted({obs.measure for obs in parsed.observations}))
    with uow:
        session = uow.session
        new_dataset = repository.ensure_dataset(session, options.dataset, title=options.dataset)
        previous: Sequence[Observation] = []
        if not new_dataset and repository.get_dataset(session, options.dataset).versions:
            previous = repository.fetch_observations(session, options.dataset)
        kept = [obs for obs in previous if obs.measure not in measures]
        diff = compare(parsed.observations, (o for o in previous if o.measure in measures))
        if diff.removed and not remove_missing:
            current = repository.get_release(session, options.dataset)
            raise RemovalNotConfirmed(options.dataset, current.version, diff)
        release = repository.add_release(
            session,
            dataset=options.dataset,
            label=parsed.label,
            origin=import_origin(path),
            checksum=parsed.checksum,
            observations=[*parsed.observations, *kept],
        )
        uow.commit()
    return ImportResult(
        dataset=options.dataset,
        version=release.version,
        observations=len(parsed.observations),
        data_rows=parsed.data_rows,
        new_dataset=new_dataset,
        measures=measures,
        diff=diff,
        carried_over=len(kept),
    )

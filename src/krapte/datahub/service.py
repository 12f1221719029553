"""Services of the data hub: build the store from the bundled package, export it.

Services take their engine / session factory as arguments (wired by :mod:`krapte.bootstrap`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from krapte.datahub import repository
from krapte.datahub.core.bundle import BundledPackage, BundleError, data_dir, load_package
from krapte.datahub.package_validation import validate_package
from krapte.datahub.core.records import TIDY_COLUMNS, Observation
from krapte.datahub import tables as t
from krapte.db.base import Base
from krapte.db.migrate import upgrade
from krapte.db.uow import UnitOfWork
from krapte.errors import NotFound

BUNDLE_LABEL = "Rapport Arbeidsmarktkrapte in Sociaal Werk (2025), gebundeld"


@dataclass
class InitReport:
    """What `krapte init` did: which datasets got a new release and which were up to date."""

    loaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    references_updated: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [
            f"Databank klaar: {len(self.loaded)} dataset(s) geladen, "
            f"{len(self.unchanged)} ongewijzigd."
        ]
        if self.loaded:
            lines.append("Nieuw geladen: " + ", ".join(self.loaded))
        if self.references_updated:
            lines.append("Referentielijsten bijgewerkt: " + ", ".join(self.references_updated))
        return "\n".join(lines)


def bundled_origin(path: str) -> str:
    return f"gebundeld:{path}"


def initialise(
    engine: Engine,
    session_factory: sessionmaker[Session],
    package: BundledPackage | None = None,
) -> InitReport:
    """Create or upgrade the schema and load the bundled data; running it twice changes nothing.

    A dataset gets a new release only when no release of it was loaded from the same bundled
    file content before, so releases imported later by analysts are never shadowed.
    """
    from krapte.db.engine import transaction  # type: ignore[attr-defined]

    if package is None:
        package = load_bundled_package()
    upgrade(engine)
    report = InitReport()
    with transaction(session_factory) as session:
        _sync_references(session, package, report)
        for dataset in package.datasets:
            stored = repository.ensure_dataset(session, dataset.name, dataset.title)
            stored.title, stored.description = dataset.title, dataset.description
            origin = bundled_origin(dataset.path)
            already = session.scalar(
                select(t.Release.id).where(
                    t.Release.dataset_name == dataset.name,
                    t.Release.origin == origin,
                    t.Release.checksum == dataset.checksum,
                )
            )
            if already is not None:
                report.unchanged.append(dataset.name)
                continue
            repository.add_release(
                session,
                dataset=dataset.name,
                label=BUNDLE_LABEL,
                origin=origin,
                checksum=dataset.checksum,
                observations=dataset.observations,
            )
            report.loaded.append(dataset.name)
    return report


def load_bundled_package() -> BundledPackage:
    """The bundled package, after Frictionless has validated it against its schema."""
    errors = validate_package(Path(str(data_dir())) / "datapackage.json")
    if errors:
        listing = "\n".join(f"  - {error}" for error in errors[:50])
        raise BundleError(f"de gebundelde gegevens zijn ongeldig:\n{listing}")
    return load_package()


def _sync_references(session: Session, package: BundledPackage, report: InitReport) -> None:
    wanted: list[tuple[str, type[Base], list[dict[str, str]]]] = [
        ("institutions", t.Institution, [asdict(r) for r in package.institutions]),
        ("programmes", t.Programme, [asdict(r) for r in package.programmes]),
        ("classification", t.Classification, [asdict(r) for r in package.classification]),
    ]
    for name, model, rows in wanted:
        current = [
            {column: getattr(obj, column) for column in rows[0]} if rows else {}
            for obj in session.scalars(select(model))
        ]
        if sorted(map(_frozen, current)) != sorted(map(_frozen, rows)):
            repository.replace_reference(session, model, rows)
            report.references_updated.append(name)


def _frozen(row: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(row.items()))


def export_rows(session: Session, *, all_releases: bool = False) -> list[dict[str, object]]:
    """The whole store in the tidy format (latest releases, or every release with its number)."""
    rows: list[dict[str, object]] = []
    for dataset in repository.list_datasets(session):
        releases = dataset.releases if all_releases else dataset.releases[-1:]
        for release in releases:
            for obs in repository.fetch_observations(
                session, dataset.name, version=release.version
            ):
                row: dict[str, object] = dict(obs.as_row())
                if all_releases:
                    row["release"] = release.version
                rows.append(row)
    return rows


def render_export(rows: Iterable[dict[str, object]], fmt: str, *, all_releases: bool) -> str:
    """Render exported rows as CSV (columns as in the datapackage) or as a JSON list."""
    rows = list(rows)
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2)
    columns = [*TIDY_COLUMNS, "release"] if all_releases else list(TIDY_COLUMNS)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _plain(v) for k, v in row.items()})
    return buffer.getvalue()


def _plain(value: object) -> object:
    """Write whole numbers without a trailing .0, as the bundled CSVs do."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def restore_release(session: Session, dataset: str, version: int) -> int:
    """Make an older release current again by copying it as a new release; returns its version.

    Nothing is deleted: the releases in between stay queryable, as every release does.
    """
    old = repository.get_release(session, dataset, version)
    release = repository.add_release(
        session,
        dataset=dataset,
        label=f"Herstel van versie {version} ({old.label})",
        origin=old.origin,
        checksum=old.checksum,
        observations=repository.fetch_observations(session, dataset, version=version),
    )
    return release.version


def observations(uow: UnitOfWork, dataset: str, *, measure: str | None = None) -> list[Observation]:
    """The observations of the current release of ``dataset`` (of one ``measure`` if given).

    Raises :class:`krapte.errors.NotFound` for a dataset the store does not hold.
    """
    try:
        return repository.fetch_observations(uow.session, dataset, measure=measure)
    except repository.UnknownDatasetError as exc:
        raise NotFound(str(exc)) from exc

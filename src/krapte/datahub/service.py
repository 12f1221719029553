"""Use cases of the data hub: the bundled data, what the store holds, versions, checks, claims.

Every function takes a unit of work (:mod:`krapte.db.uow`) and returns domain records. The
command line and the web call these, and other capabilities read the data hub only through
:func:`observations`, :func:`current_observations` and :func:`institution_provinces`, and store
figures they compute with :func:`store_derived_figures`. Imports are
in :mod:`krapte.datahub.import_service`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from krapte.datahub import repository
from krapte.datahub.core.bundle import BundledDataset, BundledPackage, data_dir, load_package
from krapte.datahub.core.checks import Finding, run_checks
from krapte.datahub.core.claims import ClaimResult, check_claims, parse_claims
from krapte.datahub.core.expressions import ObservationIndex, UsedFigure, used_figures
from krapte.datahub.core.importer import Progress
from krapte.datahub.core.records import (
    ClassificationRef,
    DatasetSummary,
    DataVersion,
    Observation,
    ReleaseInfo,
)
from krapte.db.uow import UnitOfWork
from krapte.errors import Conflict, InvalidInput, NotFound, Problem, os_error

BUNDLE_LABEL = "Rapport Arbeidsmarktkrapte in Sociaal Werk (2025), gebundeld"
BUNDLED_CLAIMS = "claims.toml"


def bundled_origin(path: str) -> str:
    return f"gebundeld:{path}"


# --- the bundled data package ------------------------------------------------------------------


@dataclass
class BundleReport:
    """What loading the bundled package did, dataset by dataset."""

    loaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    references_updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    """Sentences about imported figures that stay current although the bundled file changed."""

    def lines(self) -> list[str]:
        lines = [
            f"Databank klaar: {len(self.loaded)} dataset(s) geladen, "
            f"{len(self.unchanged)} ongewijzigd."
        ]
        if self.loaded:
            lines.append("Nieuw geladen: " + ", ".join(self.loaded))
        if self.references_updated:
            lines.append("Referentielijsten bijgewerkt: " + ", ".join(self.references_updated))
        lines.extend(self.kept)
        return lines


def load_bundled_package() -> BundledPackage:
    """The bundled package, after Frictionless has validated it against its schema."""
    from krapte.datahub.package_validation import validate_package

    problems = validate_package(Path(str(data_dir())) / "datapackage.json")
    if problems:
        raise InvalidInput(
            [Problem(str(problem)) for problem in problems[:50]],
            "de gebundelde gegevens zijn ongeldig",
        )
    return load_package()


def initialise(uow: UnitOfWork) -> list[str]:
    """The capability's start-up work for `krapte init`: load the bundled data package."""
    return load_bundle(uow, load_bundled_package()).lines()


def load_bundle(uow: UnitOfWork, package: BundledPackage) -> BundleReport:
    """Bring the store up to date with the bundled package; a second run changes nothing.

    A dataset gets a new version when its bundled file differs from the one its last bundled
    version came from (also when a file returns to an earlier content). The new version holds
    the bundled figures, except that figures of a measure changed since the last bundled version
    (by an import or a restore) stay as they are, and measures the package does not hold (for
    example imported vacancies) are carried over: a changed bundle never drops imported figures.
    """
    with uow:
        report = _load_bundle(uow, package)
        uow.commit()
    return report


def _load_bundle(uow: UnitOfWork, package: BundledPackage) -> BundleReport:
    report = BundleReport()
    session = uow.session
    _sync_references(uow, package, report)
    for dataset in package.datasets:
        repository.ensure_dataset(session, dataset.name, dataset.title, dataset.description)
        repository.describe_dataset(session, dataset.name, dataset.title, dataset.description)
        merged = _bundled_version(uow, dataset, report)
        if merged is None:
            report.unchanged.append(dataset.name)
            continue
        repository.add_release(
            session,
            dataset=dataset.name,
            label=BUNDLE_LABEL,
            origin=bundled_origin(dataset.path),
            checksum=dataset.checksum,
            observations=merged,
        )
        report.loaded.append(dataset.name)
    return report


def _by_measure(observations: Sequence[Observation]) -> dict[str, frozenset[Observation]]:
    grouped: dict[str, set[Observation]] = {}
    for obs in observations:
        grouped.setdefault(obs.measure, set()).add(obs)
    return {measure: frozenset(rows) for measure, rows in grouped.items()}


def _bundled_version(
    uow: UnitOfWork, dataset: BundledDataset, report: BundleReport
) -> list[Observation] | None:
    """The figures of a new bundled version of ``dataset``, or None when none is needed."""
    session = uow.session
    last = repository.latest_release_from(session, dataset.name, bundled_origin(dataset.path))
    if last is not None and last.checksum == dataset.checksum:
        return None
    if not repository.get_dataset(session, dataset.name).versions:
        return list(dataset.observations)
    current = repository.get_release(session, dataset.name)
    now = _by_measure(repository.fetch_observations(session, dataset.name))
    before = (
        _by_measure(repository.fetch_observations(session, dataset.name, version=last.version))
        if last is not None
        else {}
    )
    bundled = _by_measure(dataset.observations)
    merged: list[Observation] = []
    for measure in sorted(set(now) | set(bundled)):
        changed_since = measure in now and now[measure] != before.get(measure)
        if measure in bundled and changed_since:
            report.kept.append(
                f"{dataset.name}: maatstaf {measure} blijft zoals in versie {current.version} "
                "(gewijzigd na de vorige gebundelde versie); de gewijzigde gebundelde cijfers "
                "van deze maatstaf zijn niet overgenomen."
            )
        keep = changed_since or measure not in bundled
        merged.extend(sorted(now[measure] if keep else bundled[measure], key=_order))
    if set(merged) == {obs for rows in now.values() for obs in rows}:
        return None
    return merged


def _order(obs: Observation) -> tuple[str, ...]:
    return obs.key


def _sync_references(uow: UnitOfWork, package: BundledPackage, report: BundleReport) -> None:
    wanted: dict[repository.ReferenceKind, list[dict[str, str]]] = {
        "institutions": [_fields(r, "institutions") for r in package.institutions],
        "programmes": [_fields(r, "programmes") for r in package.programmes],
        "classification": [_fields(r, "classification") for r in package.classification],
    }
    for kind, rows in wanted.items():
        current = repository.reference_rows(uow.session, kind)
        if sorted(map(_frozen, current)) != sorted(map(_frozen, rows)):
            repository.replace_reference(uow.session, kind, rows)
            report.references_updated.append(kind)


def _fields(record: object, kind: repository.ReferenceKind) -> dict[str, str]:
    return {name: str(getattr(record, name)) for name in repository.REFERENCE_FIELDS[kind]}


def _frozen(row: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(row.items()))


# --- reading the store -------------------------------------------------------------------------


@dataclass(frozen=True)
class DatasetDetail:
    """One version of a dataset with its figures, and the other versions there are."""

    summary: DatasetSummary
    release: ReleaseInfo
    versions: tuple[int, ...]
    observations: tuple[Observation, ...]

    @property
    def sections(self) -> list[str]:
        return sorted({obs.section for obs in self.observations if obs.section})

    @property
    def sources(self) -> list[str]:
        return sorted({obs.source for obs in self.observations if obs.source})

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.summary.name,
            "title": self.summary.title,
            "description": self.summary.description,
            "release": self.release.as_dict(),
            "releases": list(self.versions),
            "sections": self.sections,
            "sources": self.sources,
            "observations": [obs.as_row() for obs in self.observations],
        }


def data_version(uow: UnitOfWork) -> DataVersion:
    """How many releases the store holds and the newest one: the key of cached results."""
    with uow:
        return repository.data_version(uow.session)


def list_datasets(uow: UnitOfWork) -> list[DatasetSummary]:
    with uow:
        return repository.list_datasets(uow.session)


def dataset_detail(uow: UnitOfWork, name: str, version: int | None = None) -> DatasetDetail:
    """A version of a dataset (the latest by default); NotFound names what is missing."""
    with uow:
        session = uow.session
        release = repository.get_release(session, name, version)
        return DatasetDetail(
            summary=repository.get_dataset(session, name),
            release=release,
            versions=tuple(r.version for r in repository.releases(session, name)),
            observations=tuple(
                repository.fetch_observations(session, name, version=release.version)
            ),
        )


def observations(
    uow: UnitOfWork, dataset: str, *, measure: str | None = None, version: int | None = None
) -> list[Observation]:
    """The figures of a dataset (its latest version by default); NotFound when unknown."""
    with uow:
        return repository.fetch_observations(uow.session, dataset, measure=measure, version=version)


def current_observations(uow: UnitOfWork) -> list[Observation]:
    """Every figure of the latest version of every dataset."""
    with uow:
        return repository.fetch_all_current(uow.session)


def institution_provinces(uow: UnitOfWork) -> dict[str, str]:
    """Institution → province, from the reference list of institutions."""
    with uow:
        return repository.institution_provinces(uow.session)


def export_rows(uow: UnitOfWork, *, all_releases: bool = False) -> list[dict[str, object]]:
    """The whole store in the tidy format: latest versions, or every version with its number."""
    with uow:
        session = uow.session
        if not all_releases:
            return [dict(obs.as_row()) for obs in repository.fetch_all_current(session)]
        rows: list[dict[str, object]] = []
        for dataset in repository.list_datasets(session):
            for release in repository.releases(session, dataset.name):
                for obs in repository.fetch_observations(
                    session, dataset.name, version=release.version
                ):
                    rows.append({**obs.as_row(), "release": release.version})
        return rows


# --- versions ----------------------------------------------------------------------------------


def restore_release(uow: UnitOfWork, dataset: str, version: int) -> ReleaseInfo:
    """Make an older version current again, copied as a new version; nothing is deleted."""
    with uow:
        session = uow.session
        old = repository.get_release(session, dataset, version)
        repository.lock_dataset(session, dataset)
        if old.version == repository.get_release(session, dataset).version:
            raise Conflict(
                f"versie {version} is de geldende versie van {dataset}; er is niets te herstellen"
            )
        restored = repository.add_release(
            session,
            dataset=dataset,
            label=f"Herstel van versie {version} ({old.label})",
            origin=old.origin,
            checksum=old.checksum,
            observations=repository.fetch_observations(session, dataset, version=version),
        )
        uow.commit()
    return restored


# --- checks and claims -------------------------------------------------------------------------


@dataclass(frozen=True)
class ValidationReport:
    """The findings of every check, and how many figures were checked."""

    findings: tuple[Finding, ...]
    checked: int

    def count(self, severity: str) -> int:
        return sum(f.severity == severity for f in self.findings)

    @property
    def has_errors(self) -> bool:
        return self.count("error") > 0


def validate(
    uow: UnitOfWork, dataset: str | None = None, progress: Progress | None = None
) -> ValidationReport:
    """Every consistency check over the store; with ``dataset``, only findings about it.

    The current figures are read column by column (``progress(done, total)`` per chunk read)
    and checked set-based (:func:`~krapte.datahub.core.checks.run_checks`).
    """
    with uow:
        session = uow.session
        if dataset is not None and not repository.dataset_exists(session, dataset):
            raise NotFound(f"onbekende dataset: {dataset}")
        current = repository.current_columns(session, progress)
        references = repository.references(session)
    findings = run_checks(current, dataset, references)
    return ValidationReport(findings=tuple(findings), checked=len(current))


@dataclass(frozen=True)
class ClaimsReport:
    """Every claim of a claims file with its verdict on the current figures."""

    source: str
    results: tuple[ClaimResult, ...]

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def broken(self) -> bool:
        """Whether a claim's check could not be evaluated (a fault in the claims file)."""
        return self.count("fout") > 0


def read_claims_text(file: Path | None) -> tuple[str, str]:
    """The claims file's name and text (the bundled claims.toml when ``file`` is None)."""
    if file is None:
        return BUNDLED_CLAIMS, (files("krapte") / "data" / BUNDLED_CLAIMS).read_text("utf-8")
    try:
        return file.name, file.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput.single(
            f"kan het claimsbestand niet lezen ({os_error(exc)})", file=str(file)
        ) from exc
    except UnicodeDecodeError as exc:
        raise InvalidInput.single("het claimsbestand is geen UTF-8-tekst", file=str(file)) from exc


def check_claims_file(uow: UnitOfWork, file: Path | None = None) -> ClaimsReport:
    """The report's claims (or those of ``file``) evaluated on the current figures."""
    source, text = read_claims_text(file)
    claims = parse_claims(text, source=source)
    with uow:
        current = repository.fetch_all_current(uow.session)
    results = check_claims(claims, current)
    return ClaimsReport(source=source, results=tuple(results))


@dataclass(frozen=True)
class ClaimsOverview:
    """The claims' verdicts and, per claim id, the figures its checks look up."""

    report: ClaimsReport
    figures: dict[str, tuple[UsedFigure, ...]]


def claims_overview(uow: UnitOfWork, file: Path | None = None) -> ClaimsOverview:
    """Like :func:`check_claims_file`, with the figures each check uses (for the claims page)."""
    source, text = read_claims_text(file)
    claims = parse_claims(text, source=source)
    with uow:
        current = repository.fetch_all_current(uow.session)
    index = ObservationIndex(current)
    figures = {
        claim.id: tuple(
            used_figures(claim.check, index)
            + (used_figures(claim.elsewhere.check, index) if claim.elsewhere else [])
        )
        for claim in claims
    }
    report = ClaimsReport(source=source, results=tuple(check_claims(claims, current)))
    return ClaimsOverview(report=report, figures=figures)


# --- the "over de data" page -------------------------------------------------------------------


@dataclass(frozen=True)
class DatasetAbout:
    """A dataset as the page about the data presents it: its versions, sections and sources."""

    summary: DatasetSummary
    sections: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class AboutData:
    datasets: tuple[DatasetAbout, ...]
    references: dict[str, list[dict[str, str]]]


def about_data(uow: UnitOfWork) -> AboutData:
    """Every dataset with its sections and sources, and the reference lists (a few queries)."""
    with uow:
        session = uow.session
        found = repository.current_sections_and_sources(session)
        datasets = tuple(
            DatasetAbout(summary, *(tuple(part) for part in found.get(summary.name, ([], []))))
            for summary in repository.list_datasets(session)
        )
        kinds: tuple[repository.ReferenceKind, ...] = (
            "institutions",
            "programmes",
            "classification",
        )
        references: dict[str, list[dict[str, str]]] = {
            kind: repository.reference_rows(session, kind) for kind in kinds
        }
    return AboutData(datasets=datasets, references=references)


def classification(uow: UnitOfWork) -> list[ClassificationRef]:
    """The report's classification (4.1.5) as the store holds it (the bundled reference list)."""
    with uow:
        rows = repository.reference_rows(uow.session, "classification")
    return [ClassificationRef(**row) for row in rows]


@dataclass(frozen=True)
class DerivedVersion:
    """What :func:`store_derived_figures` did: the version now current and whether it is new."""

    release: ReleaseInfo
    created: bool
    replaced: int
    """Figures of the previous version that this version replaced or dropped."""


def store_derived_figures(
    uow: UnitOfWork,
    *,
    dataset: str,
    title: str,
    description: str,
    label: str,
    origin: str,
    figures: Sequence[Observation],
    replaces: str,
) -> DerivedVersion:
    """Store figures another capability computed (placement indicators, say) as the next version
    of ``dataset``: the previous version's figures stay, except those whose source starts with
    ``replaces`` (an earlier computation of the same thing) and those with the same key as a new
    figure. Nothing changes (no new version) when the figures are the ones already current.
    """
    import hashlib
    import json

    with uow:
        session = uow.session
        repository.ensure_dataset(session, dataset, title, description)
        repository.describe_dataset(session, dataset, title, description)
        current: list[Observation] = []
        if repository.get_dataset(session, dataset).versions:
            current = repository.fetch_observations(session, dataset)
        keys = {obs.key for obs in figures}
        kept = [
            obs for obs in current if not obs.source.startswith(replaces) and obs.key not in keys
        ]
        merged = sorted([*kept, *figures], key=_order)
        if set(merged) == set(current):
            return DerivedVersion(repository.get_release(session, dataset), False, 0)
        checksum = hashlib.sha256(
            json.dumps([obs.as_row() for obs in merged], sort_keys=True, default=str).encode()
        ).hexdigest()
        release = repository.add_release(
            session,
            dataset=dataset,
            label=label,
            origin=origin,
            checksum=checksum,
            observations=merged,
        )
        uow.commit()
    return DerivedVersion(release, True, len(current) - len(kept))

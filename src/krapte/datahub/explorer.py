"""Use cases of the data explorer: a page of a selection, and the selection as a download.

:func:`explore` answers one :class:`~krapte.datahub.core.selection.Selection` with a page of
figures (the wide form as the report prints it, the tidy long form, or sums by chosen
dimensions), the version shown beside every version of the dataset, and the filter choices.
The filter choices of a version are cached: a stored version never changes (a restore or an
import makes a new one). :func:`export_selection` gives every figure of the selection, up to
:data:`MAX_EXPORT` of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Final, TypeVar, cast

from sqlalchemy.orm import Session

from krapte.datahub import filter_choices, queries, query_sums, repository
from krapte.datahub.core.explorer import (
    MAX_WIDE_PERIODS,
    Aggregation,
    Choices,
    Figure,
    WideTable,
)
from krapte.datahub.core.records import TIDY_COLUMNS, DatasetSummary, ReleaseInfo
from krapte.datahub.core.selection import Selection
from krapte.db.uow import UnitOfWork
from krapte.errors import InvalidInput
from krapte.formatting import number
from krapte.memo import Memo

#: Most figures one download holds; a bigger selection is refused with advice to narrow it.
MAX_EXPORT: Final = 100_000
#: Results (filter choices, counts, pages) kept in memory per process.
CACHE_SIZE: Final = 512

T = TypeVar("T")
_memory: Memo[object] = Memo(CACHE_SIZE)


@dataclass(frozen=True, slots=True)
class ExplorerPage:
    """What the explorer shows for a selection (one of ``wide``, ``figures`` or ``aggregation``)."""

    selection: Selection
    dataset: DatasetSummary
    release: ReleaseInfo
    releases: tuple[ReleaseInfo, ...]
    choices: Choices
    total: int
    """Rows of the table shown over all pages (wide rows, figures or groups)."""
    wide: WideTable | None = None
    figures: tuple[Figure, ...] = ()
    aggregation: Aggregation | None = None

    @property
    def current(self) -> ReleaseInfo:
        return self.releases[-1]

    @property
    def is_current(self) -> bool:
        return self.release.version == self.current.version

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.selection.page_size))

    @property
    def first_row(self) -> int:
        return min(self.total, self.selection.offset + 1)

    @property
    def last_row(self) -> int:
        return min(self.total, self.selection.offset + self.selection.page_size)


def _remember(key: tuple[object, ...], make: Callable[[], T]) -> T:
    """``make()``, kept in the explorer's memory under ``key`` (see :class:`krapte.memo.Memo`)."""
    return cast(T, _memory.get(key, make))


def forget(*, keep_choices: bool = False) -> None:
    """Drop the remembered results (all, or all but the filter choices: for benchmarks)."""
    _memory.forget(lambda key: keep_choices and isinstance(key, tuple) and key[0] == "choices")


@dataclass(frozen=True, slots=True)
class _WideShape:
    """What a wide table's pages share: its periods, its number of rows and its totals."""

    periods: tuple[str, ...]
    rows: int
    totals: tuple[float | None, ...] | None


def _wide_shape(
    session: Session, release_id: int, selection: Selection, choices: Choices
) -> _WideShape:
    if selection.filters:
        every = queries.periods(session, release_id, selection)
    else:  # every period of the version within the range: known from the filter choices
        low, high = selection.period_from or "", selection.period_to
        every = [p for p in choices.periods if low <= p and (high is None or p <= high)]
    shown = every[-MAX_WIDE_PERIODS:]
    counts, rows = query_sums.profile_rows(session, release_id, selection, choices)
    return _WideShape(
        periods=tuple(every),
        rows=rows,
        totals=query_sums.column_totals(session, release_id, selection, shown, counts),
    )


def _filters_only(selection: Selection) -> Selection:
    """The selection without its order, page and view: what counts and totals depend on."""
    return replace(selection, sort=None, direction="asc", page=1, page_size=1, view="wide")


def explore(uow: UnitOfWork, selection: Selection) -> ExplorerPage:
    """A page of the selection; NotFound for an unknown dataset or version, InvalidInput for
    sums that cannot be made (percentages, several measures).

    Results depend only on the stored version (which never changes once stored), so they are
    remembered per version: the filter choices, a selection's counts and totals, and its pages.
    """
    with uow:
        session = uow.session
        release, release_id = repository.release_and_id(
            session, selection.dataset, selection.release
        )
        every = tuple(repository.releases(session, selection.dataset))
        summary = repository.dataset_summary(session, selection.dataset, every)
        version: tuple[object, ...] = (id(session.get_bind()), release_id, release.checksum)
        version = (*version, release.imported_at.isoformat())
        choices = _remember(("choices", *version), lambda: filter_choices.read(session, release_id))
        page = ExplorerPage(selection, summary, release, every, choices, total=0)

        def answer() -> ExplorerPage:
            if selection.group:
                aggregation = query_sums.aggregate(session, release_id, selection, choices)
                return replace(page, total=aggregation.total_groups, aggregation=aggregation)
            if selection.view == "wide":
                shape = _remember(
                    ("shape", *version, _filters_only(selection)),
                    lambda: _wide_shape(session, release_id, selection, choices),
                )
                shown = shape.periods[-MAX_WIDE_PERIODS:]
                wide = queries.wide_page(session, release_id, selection, shown, shape.rows)
                wide = replace(
                    wide, hidden_periods=len(shape.periods) - len(shown), totals=shape.totals
                )
                return replace(page, total=wide.total_rows, wide=wide)
            total = _remember(
                ("count", *version, _filters_only(selection)),
                lambda: queries.count_figures(session, release_id, selection),
            )
            figures = queries.long_page(session, release_id, selection.dataset, selection)
            return replace(page, total=total, figures=tuple(figures))

        found = _remember(("page", *version, selection), answer)
        # the dataset's versions are read fresh: a new version shows on every remembered page
        return replace(found, dataset=summary, releases=every)


#: Columns of a download of figures: the tidy format, the province and the version.
FIGURE_COLUMNS: Final = (*TIDY_COLUMNS, "province", "release")


@dataclass(frozen=True, slots=True)
class Export:
    """Every row of a selection, read lazily; ``count`` is known before the first row.

    Figures in the tidy long form (:data:`FIGURE_COLUMNS`), or the sums of a grouped selection
    (the grouped dimensions, ``value`` and ``figures``, the number of figures added up).
    """

    selection: Selection
    release: ReleaseInfo
    count: int
    header: tuple[str, ...]
    rows: Iterator[tuple[object, ...]]

    @property
    def file_stem(self) -> str:
        return f"krapte-{self.selection.dataset}-versie-{self.release.version}"


def _figure_rows(figures: Iterator[Figure], version: int) -> Iterator[tuple[object, ...]]:
    for figure in figures:
        row = figure.as_row()
        yield (*(row[name] for name in TIDY_COLUMNS), figure.province, version)


def _too_big(count: int) -> InvalidInput:
    return InvalidInput.single(
        f"deze selectie telt {number(count)} rijen; een download bevat er hoogstens "
        f"{number(MAX_EXPORT)}. Kies een maatstaf, een kortere periode of een instelling om "
        "de selectie te verkleinen",
        field="dataset",
    )


@contextmanager
def export_selection(uow: UnitOfWork, selection: Selection) -> Iterator[Export]:
    """Exactly the selection, every page, in the page's order: figures, or sums when grouped.

    A context manager: the unit of work stays open while the caller writes the rows.
    InvalidInput when the selection holds more than :data:`MAX_EXPORT` rows.
    """
    with uow:
        session = uow.session
        release, release_id = repository.release_and_id(
            session, selection.dataset, selection.release
        )
        if selection.group:
            everything = replace(selection, page=1, page_size=MAX_EXPORT + 1)
            sums = query_sums.aggregate(session, release_id, everything)
            if sums.total_groups > MAX_EXPORT:
                raise _too_big(sums.total_groups)
            yield Export(
                selection=selection,
                release=release,
                count=sums.total_groups,
                header=(*selection.group, "value", "figures"),
                rows=(tuple(row.as_row().values()) for row in sums.rows),
            )
            return
        count = queries.count_figures(session, release_id, selection)
        if count > MAX_EXPORT:
            raise _too_big(count)
        figures = queries.stream_figures(session, release_id, selection.dataset, selection)
        yield Export(
            selection=selection,
            release=release,
            count=count,
            header=FIGURE_COLUMNS,
            rows=_figure_rows(figures, release.version),
        )

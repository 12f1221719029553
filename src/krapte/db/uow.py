"""The unit of work: one transaction that services take as their argument.

```
def import_file(uow: UnitOfWork, ...) -> ImportResult:     # a service (Cosmic Python style)
    with uow:
        repository.add_release(uow.session, ...)
        uow.after_commit(lambda: os.replace(staging, out))
        uow.commit()

import_file(container.unit_of_work(write=True), ...)      # the caller: command or route
```

Leaving the block without :meth:`UnitOfWork.commit` rolls everything back. Units of work nest:
a use case that calls several services enters the unit of work first; the services' own
``with uow`` and ``commit()`` then join it, and only the outermost commit stores anything, so
the whole use case is all or nothing. Work that belongs to
the transaction but is not in the database (a folder of output files) is staged by the service and
made final by an ``after_commit`` callback, or removed by an ``on_rollback`` callback, so a failed
commit never leaves files without the stored rows they belong to. Database errors that a user can
meet (a store busy with another writer, a key taken by a writer at the same time) become
:class:`krapte.errors.Conflict`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Self

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from krapte.errors import Conflict

BUSY = (
    "de databank is bezig met een andere schrijfopdracht (bijvoorbeeld een import); "
    "probeer het over enkele ogenblikken opnieuw"
)
CONCURRENT = (
    "iemand anders wijzigde dezelfde gegevens op hetzelfde moment; er is niets bewaard, "
    "probeer het opnieuw"
)


def _is_busy(exc: DBAPIError) -> bool:
    text = str(exc.orig).lower()
    return "database is locked" in text or "database is busy" in text or "lock timeout" in text


def _is_taken(exc: DBAPIError) -> bool:
    """A unique key taken by another writer (any other integrity error is a fault, not a race)."""
    text = str(exc.orig).lower()
    return "unique constraint" in text or "duplicate key" in text


@contextmanager
def database_conflicts() -> Iterator[None]:
    """Turn a busy store or a key taken by a concurrent writer into a Dutch :class:`Conflict`."""
    try:
        yield
    except IntegrityError as exc:
        if _is_taken(exc):
            raise Conflict(CONCURRENT) from exc
        raise
    except OperationalError as exc:
        if _is_busy(exc):
            raise Conflict(BUSY) from exc
        raise


class UnitOfWork:
    """A session in one transaction, with callbacks for what happens outside the database."""

    def __init__(self, factory: sessionmaker[Session]) -> None:
        self._factory = factory
        self._after_commit: list[Callable[[], None]] = []
        self._on_rollback: list[Callable[[], None]] = []
        self._committed = False
        self._depth = 0

    def __enter__(self) -> Self:
        self._depth += 1
        if self._depth == 1:
            self.session = self._factory()
            self._after_commit.clear()
            self._on_rollback.clear()
            self._committed = False
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._depth -= 1
        if self._depth > 0:
            return
        try:
            if not self._committed:
                self.rollback()
        finally:
            self.session.close()
        if isinstance(exc, IntegrityError) and _is_taken(exc):
            raise Conflict(CONCURRENT) from exc
        if isinstance(exc, OperationalError) and _is_busy(exc):
            raise Conflict(BUSY) from exc

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the transaction is committed (e.g. move staged files in place)."""
        self._after_commit.append(callback)

    def on_rollback(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` when the transaction is rolled back (e.g. remove staged files)."""
        self._on_rollback.append(callback)

    def flush(self) -> None:
        with database_conflicts():
            self.session.flush()

    def commit(self) -> None:
        """Store the work; inside a nested unit of work, leave that to the outermost one."""
        if self._depth > 1:
            return
        with database_conflicts():
            self.session.commit()
        self._committed = True
        callbacks, self._after_commit = self._after_commit, []
        self._on_rollback.clear()
        for callback in callbacks:
            callback()

    def rollback(self) -> None:
        self.session.rollback()
        callbacks, self._on_rollback = self._on_rollback, []
        self._after_commit.clear()
        for callback in reversed(callbacks):
            callback()

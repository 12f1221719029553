"""Progress bars on standard error for long work (large imports), shown only at a terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

#: Work with fewer rows than this ends before a bar would help.
ROWS_THRESHOLD = 5000


class RowProgress:
    """A bar over rows, for services that report ``progress(done, total)``."""

    def __init__(self, description: str, threshold: int = ROWS_THRESHOLD) -> None:
        self.description = description
        self.threshold = threshold
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __call__(self, done: int, total: int) -> None:
        if total <= self.threshold:
            return
        if self._bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self._bar = Progress(
                TextColumn(self.description),
                BarColumn(),
                MofNCompleteColumn(),
                console=Console(stderr=True),
            )
            self._bar.start()
            self._task = self._bar.add_task(self.description, total=total)
        assert self._task is not None
        self._bar.update(self._task, completed=done)

    def close(self) -> None:
        """Take the bar off the terminal (use with :func:`contextlib.closing`)."""
        if self._bar is not None:
            self._bar.stop()

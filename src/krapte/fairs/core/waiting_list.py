"""The waiting list: who gets a place when one registers, and who moves up when one is freed.

Places go in order of registration: a newcomer gets a place while places are left, otherwise the
end of the waiting list; a freed place (a cancellation, a larger capacity) goes to the first on
the waiting list.
"""

from __future__ import annotations

from collections.abc import Sequence

from krapte.fairs.core.records import Status


def status_for_newcomer(capacity: int, registered: int) -> Status:
    """A place while ``registered`` is below ``capacity``, else the waiting list."""
    return Status.REGISTERED if registered < capacity else Status.WAITING


def to_move_up(capacity: int, registered: int, waiting: Sequence[int]) -> list[int]:
    """The ids of the waiting registrations (in waiting order) that get the free places."""
    free = max(0, capacity - registered)
    return list(waiting[:free])

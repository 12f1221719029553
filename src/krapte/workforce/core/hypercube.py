"""Complementary suppression by hypercubes, with a certificate for every suppressed cell.

The published tables of one population are all margins of one k-dimensional table of *atoms*
(the finest cross-classification). Its *extended cube* has one more index per dimension, the
total, so every published cell (interior or margin, of any of the tables) is one position of it.

A hypercube around a suppressed cell ``c`` picks one partner ``q_i != c_i`` per dimension and
moves the atoms by ``t * (u_1 x ... x u_k)`` where ``u_i = e[c_i] - e[q_i]`` when both are
interior values and ``u_i = e[the interior one]`` when one of them is the total. That move
changes only the ``2**k`` corners (each position either ``c_i`` or ``q_i``) and leaves every
other cell of the extended cube, every margin included, unchanged. When all published corners
are suppressed, every ``t`` that keeps the atoms non-negative gives the attacker a table that
agrees with everything published: if ``t`` may run from ``-lower`` to ``+level`` the attacker
cannot place ``c`` closer than that to its true value, however they combine rows, columns,
totals and the other tables. The move is integral, so this holds for an attacker who knows that
counts are whole numbers too.

Each suppressed cell (primary or complementary) gets such a certificate: the cheapest
hypercube (fewest persons newly suppressed) whose negative interior corners hold at least
``level`` persons and whose positive ones at least ``lower``. Suppression only grows, so an
earlier certificate stays valid. When no single hypercube fits (say a small margin made of
atoms all smaller than its protection), several share the work: their moves in one direction
add up, each within the room the earlier ones left in the atoms it lowers.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# Cost of suppressing one more cell, on top of the persons it holds: prefer few cells.
CELL_COST = 1


class _Patterns:
    """What every candidate hypercube looks like, per corner pattern, for one cube shape.

    Bit ``i`` of a pattern says the corner takes the partner's position in dimension ``i``.
    The candidate grid has the cube's own shape: candidate ``q`` is a tuple of partners.
    """

    def __init__(self, shape: tuple[int, ...]) -> None:
        k = len(shape)
        self.shape = shape
        self.strides = tuple(int(np.prod(shape[i + 1 :], dtype=np.int64)) for i in range(k))
        axes = [
            np.arange(n, dtype=np.int64).reshape([-1 if j == i else 1 for j in range(k)])
            for i, n in enumerate(shape)
        ]
        self.interior = [axis < n - 1 for axis, n in zip(axes, shape, strict=True)]
        self.offsets: list[IntArray] = []  # per pattern: flat offset of the partner dimensions
        for pattern in range(2**k):
            offset = np.zeros([1] * k, dtype=np.int64)
            for i in range(k):
                if pattern >> i & 1:
                    offset = offset + axes[i] * self.strides[i]
            self.offsets.append(offset)
        self.bits = np.array(
            [[bool(pattern >> i & 1) for i in range(k)] for pattern in range(2**k)], dtype=bool
        ).reshape(2**k, k)
        self._needed: dict[tuple[int, tuple[bool, ...], int, int], IntArray] = {}

    def needed(self, pattern: int, inside: tuple[bool, ...], level: int, lower: int) -> IntArray:
        """Persons each candidate's corner of this pattern must hold (0: no atom, no need)."""
        key = (pattern, inside, level, lower)
        found = self._needed.get(key)
        if found is None:
            k = len(self.shape)
            interior = np.ones([1] * k, dtype=bool)
            negative = np.zeros([1] * k, dtype=bool)
            for i in range(k):
                if pattern >> i & 1:
                    interior = interior & self.interior[i]
                    if inside[i]:
                        negative = negative ^ self.interior[i]
            found = np.where(interior, np.where(negative, level, lower), 0).astype(np.int64)
            self._needed[key] = found
        return found


def protect(persons: IntArray, published: BoolArray, primary: BoolArray, level: int) -> BoolArray:
    """Suppressed cells of the extended cube (``primary`` plus complementary ones).

    ``persons``, ``published`` and ``primary`` have the extended cube's shape (last index of each
    dimension = the total).
    """
    patterns = _Patterns(persons.shape)
    flat_persons = persons.reshape(-1)
    flat_published = published.reshape(-1)
    suppressed = (primary & published).reshape(-1).copy()
    # What suppressing a cell costs: its persons plus one, or nothing when it needs no hiding.
    cost = np.where(flat_published & ~suppressed, flat_persons + CELL_COST, 0)
    queue = sorted(np.flatnonzero(suppressed).tolist(), key=lambda i: -int(flat_persons[i]))
    while queue:
        cell = queue.pop()
        lower = min(level, int(flat_persons[cell]))
        coords = tuple(int(c) for c in np.unravel_index(cell, persons.shape))
        single = _best_hypercube(patterns, coords, flat_persons, cost, level, lower)
        budget = None if single is None else int(cost[single].sum())
        stacked = None
        if budget != 0:  # several hypercubes may hide it for less than the best single one
            stacked = _stacked_hypercubes(
                patterns, coords, flat_persons, cost, level, lower, budget
            )
        corners = stacked if stacked is not None else single
        if corners is None:
            raise AssertionError(f"no hypercube moves cell {coords}")
        new = corners[flat_published[corners] & ~suppressed[corners]]
        suppressed[new] = True
        cost[new] = 0
        queue.extend(new.tolist())
    return suppressed.reshape(persons.shape)


def _best_hypercube(
    patterns: _Patterns,
    coords: tuple[int, ...],
    persons: IntArray,
    cost: IntArray,
    level: int,
    lower: int,
) -> IntArray | None:
    """Flat positions of the corners of the cheapest protecting hypercube, or None."""
    partners = _best_partners(patterns, coords, persons, cost, level, lower)
    return None if partners is None else _corners(patterns, coords, partners)[0]


def _best_partners(
    patterns: _Patterns,
    coords: tuple[int, ...],
    persons: IntArray,
    cost: IntArray,
    level: int,
    lower: int,
) -> tuple[int, ...] | None:
    """The partner per dimension of the cheapest hypercube that moves the cell up by
    ``level`` and down by ``lower`` within the room ``persons`` gives, or None."""
    shape = patterns.shape
    k = len(shape)
    inside = tuple(c < n - 1 for c, n in zip(coords, shape, strict=True))
    valid = np.ones(shape, dtype=bool)
    for i in range(k):
        valid[(slice(None),) * i + (coords[i],)] = False  # the partner differs from the cell
    total = np.zeros(shape, dtype=np.int64)
    for pattern, offset in enumerate(patterns.offsets):
        fixed = [i for i in range(k) if not pattern >> i & 1]
        flat = offset + sum(coords[i] * patterns.strides[i] for i in fixed)
        total += cost[flat]
        if all(inside[i] for i in fixed):  # else a total in a fixed dimension: no atom here
            valid &= persons[flat] >= patterns.needed(pattern, inside, level, lower)
    if not valid.any():
        return None
    total[~valid] = np.iinfo(np.int64).max
    return tuple(int(p) for p in np.unravel_index(int(np.argmin(total)), shape))


def _corners(
    patterns: _Patterns, coords: tuple[int, ...], partners: tuple[int, ...]
) -> tuple[IntArray, BoolArray, BoolArray]:
    """The hypercube's corners (flat positions) and which of them are atoms that move with the
    cell (positive) and against it (negative)."""
    bits = patterns.bits
    last = np.asarray(patterns.shape) - 1
    cell, partner = np.asarray(coords), np.asarray(partners)
    at = np.where(bits, partner, cell)
    positions = at @ np.asarray(patterns.strides)
    interior = (at < last).all(axis=1)
    odd = (bits & (cell < last) & (partner < last)).sum(axis=1) % 2 == 1
    return positions.astype(np.int64), interior & ~odd, interior & odd


def _stacked_hypercubes(
    patterns: _Patterns,
    coords: tuple[int, ...],
    persons: IntArray,
    cost: IntArray,
    level: int,
    lower: int,
    budget: int | None = None,
) -> IntArray | None:
    """Corners of several hypercubes that together move the cell up by ``level`` and down by
    ``lower``, each within the room the earlier ones left in the atoms it lowers; None when
    they would cost ``budget`` or more.

    Moves in one direction add up: an atom lowered by several of them gives each only what the
    earlier ones left, and the atoms a move raises never run out. There always are such moves:
    partnering every interior value with the total and every total with one atom of the cell
    gives a hypercube whose only moving atom is that atom, so the atoms of the cell alone (which
    hold its persons, at least ``lower``) carry it down, and any one of them up.
    """
    found = []
    cost = cost.copy()
    spent = 0
    for need, upward in ((level, True), (lower, False)):
        room = persons.copy()
        moved = 0
        while moved < need:
            rest = need - moved
            partners = _best_partners(patterns, coords, room, cost, int(upward), int(not upward))
            if partners is None:
                raise AssertionError(f"no hypercube moves cell {coords}")
            corners, positive, negative = _corners(patterns, coords, partners)
            lowered = corners[negative if upward else positive]
            step = int(room[lowered].min()) if lowered.size else rest
            room[lowered] -= step
            moved += step
            spent += int(cost[corners].sum())
            if budget is not None and spent >= budget:
                return None
            cost[corners] = 0
            found.append(corners)
    return np.concatenate(found)

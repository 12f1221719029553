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
earlier certificate stays valid. When no single hypercube fits (a small margin made of atoms
that are all smaller still), the cell is covered by several one-atom moves whose atoms add up to
its lower protection: every margin of those atoms is suppressed.
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


def protect(
    persons: IntArray, published: BoolArray, primary: BoolArray, level: int
) -> tuple[BoolArray, int]:
    """Suppressed cells of the extended cube (``primary`` plus complementary ones).

    ``persons``, ``published`` and ``primary`` have the extended cube's shape (last index of each
    dimension = the total). Returns the suppressed mask and how many cells needed the fallback.
    """
    patterns = _Patterns(persons.shape)
    flat_persons = persons.reshape(-1)
    flat_published = published.reshape(-1)
    suppressed = (primary & published).reshape(-1).copy()
    # What suppressing a cell costs: its persons plus one, or nothing when it needs no hiding.
    cost = np.where(flat_published & ~suppressed, flat_persons + CELL_COST, 0)
    queue = sorted(np.flatnonzero(suppressed).tolist(), key=lambda i: -int(flat_persons[i]))
    fallbacks = 0
    while queue:
        cell = queue.pop()
        lower = min(level, int(flat_persons[cell]))
        coords = tuple(int(c) for c in np.unravel_index(cell, persons.shape))
        corners = _best_hypercube(patterns, coords, flat_persons, cost, level, lower)
        if corners is None:
            fallbacks += 1
            corners = _atom_margins(patterns, coords, persons, lower)
        new = corners[flat_published[corners] & ~suppressed[corners]]
        suppressed[new] = True
        cost[new] = 0
        queue.extend(new.tolist())
    return suppressed.reshape(persons.shape), fallbacks


def _best_hypercube(
    patterns: _Patterns,
    coords: tuple[int, ...],
    persons: IntArray,
    cost: IntArray,
    level: int,
    lower: int,
) -> IntArray | None:
    """Flat positions of the corners of the cheapest protecting hypercube, or None."""
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
    best = np.unravel_index(int(np.argmin(total)), shape)
    corners = [
        sum(
            (int(best[i]) if pattern >> i & 1 else coords[i]) * patterns.strides[i]
            for i in range(k)
        )
        for pattern in range(2**k)
    ]
    return np.asarray(corners, dtype=np.int64)


def _atom_margins(
    patterns: _Patterns, coords: tuple[int, ...], persons: IntArray, lower: int
) -> IntArray:
    """Every margin of the largest atoms inside the cell until they hold ``lower`` persons."""
    shape = patterns.shape
    k = len(shape)
    window = tuple(
        slice(0, n - 1) if c == n - 1 else slice(c, c + 1)
        for c, n in zip(coords, shape, strict=True)
    )
    block = persons[window]
    order = np.argsort(-block, axis=None, kind="stable")
    enough = int(np.searchsorted(np.cumsum(block.reshape(-1)[order]), lower)) + 1
    corners: list[int] = []
    for flat in order[:enough].tolist():
        offset = np.unravel_index(flat, block.shape)
        atom = [int(w.start) + int(o) for w, o in zip(window, offset, strict=True)]
        for pattern in range(2**k):
            position = [shape[i] - 1 if pattern >> i & 1 else atom[i] for i in range(k)]
            corners.append(sum(p * s for p, s in zip(position, patterns.strides, strict=True)))
    return np.asarray(corners, dtype=np.int64)

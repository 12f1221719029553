"""The `matching` library (PyPI, a dev dependency) as an independent oracle.

Builds its HospitalResident game from an entry table: students rank their eligible choices, each
offer ranks the students who chose it by priority then lottery. Quotas are not supported by that
library, so the oracle is only meaningful on instances without quotas. Used by the tests and the
benchmark; never by a run.
"""

from __future__ import annotations

import sys
import warnings

import numpy as np

from krapte.placement.core.instance import EntryTable, IntArray


def oracle_dictionaries(
    table: EntryTable,
) -> tuple[dict[int, list[int]], dict[int, list[int]], dict[int, int]]:
    usable = np.flatnonzero(table.eligible & (table.capacity[table.offer] > 0))
    residents: dict[int, list[int]] = {}
    for student, offer in zip(
        table.student[usable].tolist(), table.offer[usable].tolist(), strict=True
    ):
        residents.setdefault(student, []).append(offer)
    by_offer = usable[np.lexsort((table.score[usable], table.offer[usable]))]
    hospitals: dict[int, list[int]] = {}
    for offer, student in zip(
        table.offer[by_offer].tolist(), table.student[by_offer].tolist(), strict=True
    ):
        hospitals.setdefault(offer, []).append(student)
    capacities = {offer: int(table.capacity[offer]) for offer in hospitals}
    return residents, hospitals, capacities


def oracle_assignment(table: EntryTable) -> IntArray:
    """The library's resident-optimal matching as an offer per student (-1 when none)."""
    from matching.games import HospitalResident

    residents, hospitals, capacities = oracle_dictionaries(table)
    assigned = np.full(len(table.ptr) - 1, -1, dtype=np.int64)
    if not residents:
        return assigned
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(max(previous, 100_000))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            game = HospitalResident.create_from_dictionaries(residents, hospitals, capacities)
            solution = game.solve(optimal="resident")
    finally:
        sys.setrecursionlimit(previous)
    for hospital, matched in solution.items():
        for resident in matched:
            assigned[int(resident.name)] = int(hospital.name)
    return assigned

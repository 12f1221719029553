"""From domain records to the array form, and the names needed to read the results back.

Students are put in the order of their ids (sorted), so that the lottery and therefore the result
do not depend on the order of the rows in the files. Offers keep their order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from krapte.placement.core.instance import (
    PRIORITY_BY_PROGRAMME,
    PRIORITY_BY_SCHOOL,
    PlacementInstance,
    as_ints,
    csr,
    empty_ints,
)
from krapte.placement.core.model import PlacementRound, normalise


class Vocabulary:
    """Codes for names, in order of first appearance."""

    def __init__(self) -> None:
        self.codes: dict[str, int] = {}
        self.names: list[str] = []
        self.seen: dict[str, int] = {}

    def code(self, name: str) -> int:
        known = self.seen.get(name)
        if known is not None:
            return known
        self.seen[name] = found = self._code(name)
        return found

    def _code(self, name: str) -> int:
        key = normalise(name)
        found = self.codes.get(key)
        if found is None:
            found = self.codes[key] = len(self.names)
            self.names.append(name.strip())
        return found

    def find(self, name: str) -> int | None:
        return self.codes.get(normalise(name))


@dataclass(frozen=True)
class Encoded:
    instance: PlacementInstance
    student_ids: list[str]
    offer_ids: list[str]
    offer_index: dict[str, int]
    student_index: dict[str, int]
    programmes: Vocabulary
    schools: Vocabulary
    levels: Vocabulary


def encode(placement: PlacementRound) -> Encoded:
    programmes, schools, levels = Vocabulary(), Vocabulary(), Vocabulary()
    students = sorted(placement.students, key=lambda student: student.student_id)
    student_ids = [student.student_id for student in students]
    offer_ids = [offer.offer_id for offer in placement.offers]
    offer_index = {offer_id: index for index, offer_id in enumerate(offer_ids)}
    student_programme = as_ints([programmes.code(s.programme) for s in students])
    student_school = as_ints([schools.code(s.school) for s in students])
    student_level = as_ints([levels.code(s.level) for s in students])
    student_year = as_ints([s.study_year for s in students])
    prog_lists, level_lists, year_lists = [], [], []
    quota_rows: list[tuple[int, int, int]] = []
    priority_rows: list[tuple[int, int, int, int]] = []
    for index, offer in enumerate(placement.offers):
        prog_lists.append([programmes.code(p) for p in offer.programmes])
        level_lists.append([levels.code(lv) for lv in offer.levels])
        year_lists.append(list(offer.study_years))
        quota_rows.extend((index, programmes.code(p), limit) for p, limit in offer.quota)
        for rank, item in enumerate(offer.priority):
            as_programme, as_school = programmes.find(item), schools.find(item)
            if as_programme is not None:
                priority_rows.append((index, PRIORITY_BY_PROGRAMME, as_programme, rank))
            if as_school is not None:
                priority_rows.append((index, PRIORITY_BY_SCHOOL, as_school, rank))
    if placement.preferences:
        lists = [
            [offer_index[offer_id] for offer_id in placement.preferences.get(sid, ())]
            for sid in student_ids
        ]
        pref_ptr, pref_offer = csr(lists)
    else:
        pref_ptr, pref_offer = np.zeros(len(students) + 1, dtype=np.int64), empty_ints()
    prog_ptr, prog_values = csr(prog_lists)
    level_ptr, level_values = csr(level_lists)
    year_ptr, year_values = csr(year_lists)
    quota = np.array(quota_rows, dtype=np.int64).reshape(-1, 3)
    priority = np.array(priority_rows, dtype=np.int64).reshape(-1, 4)
    instance = PlacementInstance(
        capacity=as_ints([offer.capacity for offer in placement.offers]),
        pref_ptr=pref_ptr,
        pref_offer=pref_offer,
        student_programme=student_programme,
        student_school=student_school,
        student_level=student_level,
        student_year=student_year,
        offer_programmes_ptr=prog_ptr,
        offer_programmes=prog_values,
        offer_levels_ptr=level_ptr,
        offer_levels=level_values,
        offer_years_ptr=year_ptr,
        offer_years=year_values,
        quota_offer=as_ints(quota[:, 0]),
        quota_programme=as_ints(quota[:, 1]),
        quota_limit=as_ints(quota[:, 2]),
        priority_offer=as_ints(priority[:, 0]),
        priority_kind=as_ints(priority[:, 1]),
        priority_value=as_ints(priority[:, 2]),
        priority_rank=as_ints(priority[:, 3]),
    )
    return Encoded(
        instance=instance,
        student_ids=student_ids,
        offer_ids=offer_ids,
        offer_index=offer_index,
        student_index={sid: index for index, sid in enumerate(student_ids)},
        programmes=programmes,
        schools=schools,
        levels=levels,
    )

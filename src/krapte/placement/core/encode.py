"""From domain records to the array form, and the names needed to read the results back.

Students are put in the order of their ids (sorted), so that the lottery and therefore the result
do not depend on the order of the rows in the files. Offers keep their order.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from krapte.placement.core.instance import (
    PRIORITY_BY_PROGRAMME,
    PRIORITY_BY_SCHOOL,
    IntArray,
    PlacementInstance,
    as_ints,
    csr,
    empty_ints,
)
from krapte.placement.core.model import (
    Coded,
    Offer,
    PlacementRound,
    StudentColumns,
    normalise,
)


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

    def encode(self, column: Coded) -> IntArray:
        """The code of every row of ``column`` (each distinct text coded once)."""
        codes = as_ints([self.code(name) for name in column.names])
        return as_ints(codes[column.codes]) if len(codes) else empty_ints()


@dataclass(frozen=True)
class Encoded:
    instance: PlacementInstance
    student_ids: list[str]
    offer_ids: list[str]
    offer_index: dict[str, int]
    programmes: Vocabulary
    schools: Vocabulary
    levels: Vocabulary

    @cached_property
    def student_index(self) -> dict[str, int]:
        return {sid: index for index, sid in enumerate(self.student_ids)}


def encode(placement: PlacementRound) -> Encoded:
    """The array form of a round given as records (students are put in the order of their ids)."""
    students = StudentColumns.of(placement.students)
    offer_index = {offer.offer_id: index for index, offer in enumerate(placement.offers)}
    if placement.preferences:
        lists = [
            [offer_index[offer_id] for offer_id in placement.preferences.get(sid, ())]
            for sid in students.student_id
        ]
        pref_ptr, pref_offer = csr(lists)
    else:
        pref_ptr, pref_offer = np.zeros(len(students) + 1, dtype=np.int64), empty_ints()
    return encode_columns(placement.offers, students, pref_ptr, pref_offer)


def encode_columns(
    offers: tuple[Offer, ...], students: StudentColumns, pref_ptr: IntArray, pref_offer: IntArray
) -> Encoded:
    """The array form of a round: students column-wise (sorted by id), lists in CSR form."""
    programmes, schools, levels = Vocabulary(), Vocabulary(), Vocabulary()
    offer_ids = [offer.offer_id for offer in offers]
    offer_index = {offer_id: index for index, offer_id in enumerate(offer_ids)}
    student_programme = programmes.encode(students.programme)
    student_school = schools.encode(students.school)
    student_level = levels.encode(students.level)
    prog_lists, level_lists, year_lists = [], [], []
    quota_rows: list[tuple[int, int, int]] = []
    priority_rows: list[tuple[int, int, int, int]] = []
    known_programmes: dict[tuple[str, ...], list[int]] = {}
    known_levels: dict[tuple[str, ...], list[int]] = {}
    for index, offer in enumerate(offers):
        listed = known_programmes.get(offer.programmes)
        if listed is None:
            listed = known_programmes[offer.programmes] = [
                programmes.code(p) for p in offer.programmes
            ]
        prog_lists.append(listed)
        listed = known_levels.get(offer.levels)
        if listed is None:
            listed = known_levels[offer.levels] = [levels.code(lv) for lv in offer.levels]
        level_lists.append(listed)
        year_lists.append(list(offer.study_years))
        quota_rows.extend((index, programmes.code(p), limit) for p, limit in offer.quota)
        for rank, item in enumerate(offer.priority):
            as_programme, as_school = programmes.find(item), schools.find(item)
            if as_programme is not None:
                priority_rows.append((index, PRIORITY_BY_PROGRAMME, as_programme, rank))
            if as_school is not None:
                priority_rows.append((index, PRIORITY_BY_SCHOOL, as_school, rank))
    prog_ptr, prog_values = csr(prog_lists)
    level_ptr, level_values = csr(level_lists)
    year_ptr, year_values = csr(year_lists)
    quota = np.array(quota_rows, dtype=np.int64).reshape(-1, 3)
    priority = np.array(priority_rows, dtype=np.int64).reshape(-1, 4)
    instance = PlacementInstance(
        capacity=as_ints([offer.capacity for offer in offers]),
        pref_ptr=pref_ptr,
        pref_offer=pref_offer,
        student_programme=student_programme,
        student_school=student_school,
        student_level=student_level,
        student_year=as_ints(students.study_year),
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
        student_ids=students.student_id,
        offer_ids=offer_ids,
        offer_index=offer_index,
        programmes=programmes,
        schools=schools,
        levels=levels,
    )

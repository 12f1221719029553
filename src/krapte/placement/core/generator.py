"""Realistic synthetic placement rounds for demos, tests and benchmarks.

Students follow the report's programmes in proportion to their 2024 enrolments; offers lie in the
Flemish provinces and Brussels; capacities add up to about 1.1 times the number of students; the
popularity of offers is skewed (Zipf-like) and students prefer offers in their own province.
Every generated choice is one the student is eligible for.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from krapte.placement.core.model import Offer, PlacementRound, Student


@dataclass(frozen=True)
class ProgrammeSpec:
    programme: str
    level: str
    enrolments: int
    years: tuple[int, ...]
    schools: tuple[str, ...]


HOGESCHOLEN = (
    "Artesis Plantijn Hogeschool",
    "Arteveldehogeschool",
    "Erasmushogeschool Brussel",
    "HOGENT",
    "Hogeschool PXL",
    "Hogeschool VIVES",
    "Karel de Grote Hogeschool",
    "Odisee",
    "Thomas More",
    "UC Leuven-Limburg",
    "Howest",
)
UNIVERSITEITEN = ("Universiteit Antwerpen", "Universiteit Gent", "KU Leuven")

PROGRAMMES = (
    ProgrammeSpec("maatschappelijk werk", "graduaat", 2298, (1, 2), HOGESCHOLEN[:9]),
    ProgrammeSpec("sociaal-cultureel werk", "graduaat", 444, (1, 2), HOGESCHOLEN[1:5]),
    ProgrammeSpec("sociaal werk", "bachelor", 5066, (2, 3), HOGESCHOLEN),
    ProgrammeSpec("sociaal werk", "master", 209, (1,), UNIVERSITEITEN),
    ProgrammeSpec("toegepaste psychologie", "bachelor", 3000, (2, 3), HOGESCHOLEN[:8]),
    ProgrammeSpec("orthopedagogie", "bachelor", 2500, (2, 3), HOGESCHOLEN[2:10]),
    ProgrammeSpec("sociale readaptatiewetenschappen", "bachelor", 600, (2, 3), HOGESCHOLEN[8:10]),
    ProgrammeSpec("maatschappelijke veiligheid", "bachelor", 700, (2, 3), HOGESCHOLEN[:4]),
)

#: Municipalities as the official list of Belgian municipalities (2025) names them, per province.
MUNICIPALITIES: dict[str, tuple[str, ...]] = {
    "Antwerpen": ("Antwerpen", "Mechelen", "Turnhout", "Geel", "Mol", "Lier", "Boom", "Herentals"),
    "Limburg": (
        "Hasselt",
        "Genk",
        "Sint-Truiden",
        "Tongeren-Borgloon",
        "Beringen",
        "Maasmechelen",
        "Lommel",
    ),
    "Oost-Vlaanderen": ("Gent", "Aalst", "Sint-Niklaas", "Dendermonde", "Oudenaarde", "Eeklo"),
    "Vlaams-Brabant": ("Leuven", "Vilvoorde", "Halle", "Aarschot", "Tienen", "Diest", "Zaventem"),
    "West-Vlaanderen": ("Brugge", "Kortrijk", "Oostende", "Roeselare", "Ieper", "Waregem"),
    "Brussel": ("Brussel", "Anderlecht", "Schaarbeek", "Sint-Jans-Molenbeek"),
}
PROVINCE_WEIGHTS = {
    "Antwerpen": 0.26,
    "Limburg": 0.13,
    "Oost-Vlaanderen": 0.23,
    "Vlaams-Brabant": 0.17,
    "West-Vlaanderen": 0.17,
    "Brussel": 0.04,
}
SECTORS = (
    ("algemeen welzijnswerk", "CAW"),
    ("jeugdhulp", "Jeugdhulp"),
    ("personen met een handicap", "Dienst voor personen met een handicap"),
    ("geestelijke gezondheidszorg", "Centrum geestelijke gezondheidszorg"),
    ("ouderenzorg", "Woonzorgcentrum"),
    ("lokaal sociaal beleid", "OCMW"),
    ("sociaal-cultureel werk", "Buurtwerk"),
    ("justitieel welzijnswerk", "Justitiehuis"),
    ("ziekenhuis", "Sociale dienst ziekenhuis"),
)


def _choice(rng: np.random.Generator, items: tuple[str, ...]) -> str:
    return items[int(rng.integers(len(items)))]


def _students(rng: np.random.Generator, count: int, provinces: list[str]) -> list[Student]:
    weights = np.array([spec.enrolments for spec in PROGRAMMES], dtype=np.float64)
    specs = rng.choice(len(PROGRAMMES), size=count, p=weights / weights.sum())
    province_p = np.array([PROVINCE_WEIGHTS[p] for p in provinces])
    homes = rng.choice(len(provinces), size=count, p=province_p / province_p.sum())
    students = []
    for index in range(count):
        spec = PROGRAMMES[int(specs[index])]
        province = provinces[int(homes[index])]
        students.append(
            Student(
                student_id=f"S{index + 1:06d}",
                school=_choice(rng, spec.schools),
                programme=spec.programme,
                level=spec.level,
                study_year=int(spec.years[int(rng.integers(len(spec.years)))]),
                municipality=_choice(rng, MUNICIPALITIES[province]),
            )
        )
    return students


def _capacities(rng: np.random.Generator, offers: int, students: int) -> np.ndarray:
    total = max(offers, round(1.1 * students))
    extra = rng.multinomial(total - offers, rng.dirichlet(np.full(offers, 2.0)))
    return np.asarray(1 + extra)


def _offers(
    rng: np.random.Generator, count: int, students: int, provinces: list[str]
) -> list[Offer]:
    capacities = _capacities(rng, count, students)
    province_p = np.array([PROVINCE_WEIGHTS[p] for p in provinces])
    locations = rng.choice(len(provinces), size=count, p=province_p / province_p.sum())
    names = sorted({spec.programme for spec in PROGRAMMES})
    offers = []
    for index in range(count):
        province = provinces[int(locations[index])]
        municipality = _choice(rng, MUNICIPALITIES[province])
        sector, kind = SECTORS[int(rng.integers(len(SECTORS)))]
        draw = rng.random(4)
        programmes: tuple[str, ...] = ()
        if draw[0] < 0.35:
            size = 1 + int(rng.integers(3))
            programmes = tuple(sorted(rng.choice(names, size=size, replace=False).tolist()))
        levels: tuple[str, ...] = ("bachelor", "master") if draw[1] < 0.1 else ()
        capacity = int(capacities[index])
        quota: tuple[tuple[str, int], ...] = ()
        if draw[2] < 0.1 and capacity >= 2 and len(programmes) != 1:
            quota = ((_choice(rng, tuple(names)), max(1, capacity // 3)),)
        priority: tuple[str, ...] = ()
        if draw[3] < 0.1:
            priority = ("sociaal werk", "maatschappelijk werk")
        offers.append(
            Offer(
                offer_id=f"P{index + 1:05d}",
                organisation=f"{kind} {municipality} {index % 7 + 1}",
                municipality=municipality,
                province=province,
                sector=sector,
                capacity=capacity,
                programmes=programmes,
                levels=levels,
                quota=quota,
                priority=priority,
            )
        )
    return offers


def _distinct_prefix(draws: np.ndarray, length: int) -> list[list[int]]:
    """Per row, the first ``length`` distinct values in order of appearance."""
    rows = draws.shape[0]
    order = np.argsort(draws, axis=1, kind="stable")
    ranked = np.take_along_axis(draws, order, axis=1)
    duplicate_sorted = np.zeros_like(ranked, dtype=np.bool_)
    duplicate_sorted[:, 1:] = ranked[:, 1:] == ranked[:, :-1]
    duplicate = np.zeros_like(duplicate_sorted)
    np.put_along_axis(duplicate, order, duplicate_sorted, axis=1)
    keep = ~duplicate & (np.cumsum(~duplicate, axis=1) <= length)
    return [draws[row][keep[row]].tolist() for row in range(rows)]


def _preferences(
    rng: np.random.Generator, offers: list[Offer], students: list[Student], max_choices: int
) -> dict[str, tuple[str, ...]]:
    popularity = 1.0 / np.arange(1, len(offers) + 1) ** 0.8
    rng.shuffle(popularity)
    groups: dict[tuple[str, str, int, str], list[int]] = {}
    provinces = {m: p for p, ms in MUNICIPALITIES.items() for m in ms}
    for index, student in enumerate(students):
        key = (
            student.programme,
            student.level,
            student.study_year,
            provinces[student.municipality],
        )
        groups.setdefault(key, []).append(index)
    offer_province = np.array([offer.province for offer in offers])
    result: dict[str, tuple[str, ...]] = {}
    for (programme, level, year, province), members in groups.items():
        eligible = np.array(
            [
                (not o.programmes or programme in o.programmes)
                and (not o.levels or level in o.levels)
                and (not o.study_years or year in o.study_years)
                for o in offers
            ]
        )
        weights = popularity * eligible * np.where(offer_province == province, 6.0, 1.0)
        if weights.sum() == 0:
            continue
        draws = rng.choice(
            len(offers), size=(len(members), 4 * max_choices), p=weights / weights.sum()
        )
        length = min(max_choices, int(eligible.sum()))
        for member, chosen in zip(members, _distinct_prefix(draws, length), strict=True):
            result[students[member].student_id] = tuple(offers[i].offer_id for i in chosen)
    return result


def generate(students: int, offers: int, seed: int, max_choices: int = 10) -> PlacementRound:
    """A synthetic round with ``students`` students and ``offers`` offers."""
    rng = np.random.default_rng(seed)
    provinces = list(PROVINCE_WEIGHTS)
    offer_list = _offers(rng, offers, students, provinces)
    student_list = _students(rng, students, provinces)
    return PlacementRound(
        offers=tuple(offer_list),
        students=tuple(student_list),
        preferences=_preferences(rng, offer_list, student_list, max_choices),
    )

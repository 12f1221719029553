"""The synthetic generator: realistic proportions, eligible choices, reproducible."""

from __future__ import annotations

from collections import Counter

from krapte.placement.core.encode import encode
from krapte.placement.core.generator import PROGRAMMES, generate
from krapte.placement.core.instance import eligible_pairs


def test_capacity_is_about_one_point_one_times_the_students() -> None:
    placement = generate(2000, 300, seed=1)
    assert sum(o.capacity for o in placement.offers) == 2200
    assert all(o.capacity >= 1 for o in placement.offers)


def test_programmes_follow_the_enrolment_weights() -> None:
    placement = generate(4000, 200, seed=2)
    counts = Counter((s.level, s.programme) for s in placement.students)
    total = sum(spec.enrolments for spec in PROGRAMMES)
    bachelor_social_work = next(s for s in PROGRAMMES if s.level == "bachelor" and
                                s.programme == "sociaal werk")  # fmt: skip
    share = counts["bachelor", "sociaal werk"] / 4000
    assert abs(share - bachelor_social_work.enrolments / total) < 0.03


def test_every_generated_choice_is_eligible_and_lists_are_at_most_ten_long() -> None:
    placement = generate(1500, 200, seed=3)
    instance = encode(placement).instance
    assert eligible_pairs(instance, instance.entry_student(), instance.pref_offer).all()
    assert max(len(choices) for choices in placement.preferences.values()) == 10


def test_popularity_is_skewed() -> None:
    placement = generate(3000, 300, seed=4)
    demand = Counter(o for choices in placement.preferences.values() for o in choices)
    ranked = sorted(demand.values(), reverse=True)
    assert ranked[0] > 5 * ranked[len(ranked) // 2]


def test_same_seed_same_round() -> None:
    assert generate(300, 50, seed=5) == generate(300, 50, seed=5)

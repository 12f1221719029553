"""The student's list: search shows only eligible offers; saves keep the engine's rules, the
deadline and the order (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import delete, select

from krapte.accounts.core.permissions import ANONYMOUS, SYSTEM
from krapte.bootstrap import Container
from krapte.errors import Forbidden, InvalidInput, Unauthenticated, WrongPhase
from krapte.placement.core.calendar import Phase
from krapte.placement.core.encode import encode
from krapte.placement.core.generator import generate
from krapte.placement.core.instance import eligible_pairs
from krapte.placement.core.model import PlacementRound
from krapte.placement.rounds import offers, rankings
from krapte.placement.rounds.eligibility import eligibility, round_offers
from krapte.placement.rounds.rankings import Filters
from krapte.placement.rounds.state import offers_changed
from krapte.placement.tables import PlacementFollowupPreference, PlacementOffer, PlacementPreference
from placement.rounds.student_builders import (
    ODISEE,
    OFFERS,
    PREFERENCES,
    STUDENTS,
    build_round,
    coordinator,
    offer,
    publish,
    set_phase,
    student,
    student_actor,
)


def stored_list(container: Container, student_id: str, followup: bool = False) -> list[str]:
    table = PlacementFollowupPreference if followup else PlacementPreference
    with container.unit_of_work() as uow:
        return list(
            uow.session.scalars(
                select(table.offer_id).where(table.student_id == student_id).order_by(table.rank)
            )
        )


def test_search_shows_only_the_offers_a_student_may_take(container: Container) -> None:
    rid = build_round(container)
    page = rankings.search(container.unit_of_work(), student_actor(1), rid, Filters())
    # S1 studies sociaal werk (bachelor): O3 is for orthopedagogie, O4 for masters.
    assert [view.offer_id for view in page.offers] == ["O1", "O2", "O5"]
    assert page.in_list == {"O1", "O2"}
    other = rankings.search(container.unit_of_work(), student_actor(3), rid, Filters())
    assert [view.offer_id for view in other.offers] == ["O2", "O3", "O5"]


def test_search_filters_by_text_and_fields(container: Container) -> None:
    rid = build_round(container)
    actor = student_actor(1)

    def ids(filters: Filters) -> list[str]:
        found = rankings.search(container.unit_of_work(), actor, rid, filters).offers
        return [view.offer_id for view in found]

    assert ids(Filters(text="caw")) == ["O2"]
    assert ids(Filters(text="begeleiden van buurtwerk")) == ["O5"]  # the description
    assert ids(Filters(province="Antwerpen")) == ["O2"]
    assert ids(Filters(sector="welzijn")) == ["O2", "O5"]
    assert ids(Filters(language="Frans")) == ["O2", "O5"]  # O2 has no language: open to all
    assert ids(Filters(municipality="Gent", sector="jeugdhulp")) == ["O1"]
    page = rankings.search(container.unit_of_work(), actor, rid, Filters(), page=2, per_page=2)
    assert ([v.offer_id for v in page.offers], page.total, page.pages) == (["O5"], 3, 2)


def test_only_a_student_of_the_round_searches(container: Container) -> None:
    rid = build_round(container)
    with pytest.raises(Unauthenticated):
        rankings.search(container.unit_of_work(), ANONYMOUS, rid, Filters())
    with pytest.raises(Forbidden):
        rankings.search(container.unit_of_work(), coordinator(ODISEE), rid, Filters())


def test_a_saved_list_replaces_the_old_one(container: Container) -> None:
    rid = build_round(container)
    view = rankings.save_list(
        container.unit_of_work(write=True), student_actor(1), rid, ["O5", "O1"]
    )
    assert [v.offer_id for v in view.choices] == ["O5", "O1"]
    assert stored_list(container, "S1") == ["O5", "O1"]
    assert view.complete  # two choices, two required


def test_an_ineligible_offer_cannot_be_saved(container: Container) -> None:
    rid = build_round(container)
    with pytest.raises(InvalidInput) as raised:
        rankings.save_list(container.unit_of_work(write=True), student_actor(1), rid, ["O3", "O1"])
    assert "'O3' kun je niet kiezen" in raised.value.problems[0].message
    assert stored_list(container, "S1") == ["O1", "O2"]


def test_a_list_has_no_repeats_and_is_not_longer_than_allowed(container: Container) -> None:
    rid = build_round(container, max_choices=2)
    for ids in (["O1", "O1"], ["O1", "O2", "O5"], ["O9"]):
        with pytest.raises(InvalidInput):
            rankings.save_list(container.unit_of_work(write=True), student_actor(1), rid, ids)
    assert stored_list(container, "S1") == ["O1", "O2"]


def test_after_the_deadline_the_list_is_refused(container: Container) -> None:
    rid = build_round(container, deadline=datetime.now(UTC) - timedelta(minutes=1))
    with pytest.raises(WrongPhase, match="deadline"):
        rankings.save_list(container.unit_of_work(write=True), student_actor(1), rid, ["O5"])
    assert stored_list(container, "S1") == ["O1", "O2"]
    view = rankings.read_list(container.unit_of_work(), student_actor(1), rid)
    assert not view.editable


def test_lists_are_kept_only_while_the_round_takes_them(container: Container) -> None:
    rid = build_round(container, phase=Phase.OFFERS_OPEN)
    with pytest.raises(WrongPhase):
        rankings.save_list(container.unit_of_work(write=True), student_actor(1), rid, ["O5"])


def test_nobody_else_writes_a_students_list(container: Container) -> None:
    rid = build_round(container)
    with pytest.raises(Forbidden):
        rankings.save_list(container.unit_of_work(write=True), coordinator(ODISEE), rid, ["O5"])
    with pytest.raises(Unauthenticated):
        rankings.save_list(container.unit_of_work(write=True), ANONYMOUS, rid, ["O5"])
    assert stored_list(container, "S1") == ["O1", "O2"]


def test_add_move_and_remove_keep_the_order(container: Container) -> None:
    rid = build_round(container)
    actor = student_actor(1)

    def ids() -> list[str]:
        return stored_list(container, "S1")

    rankings.add_choice(container.unit_of_work(write=True), actor, rid, "O5")
    assert ids() == ["O1", "O2", "O5"]
    rankings.move_choice(container.unit_of_work(write=True), actor, rid, "O5", -1)
    assert ids() == ["O1", "O5", "O2"]
    rankings.move_choice(container.unit_of_work(write=True), actor, rid, "O1", -1)  # stays first
    assert ids() == ["O1", "O5", "O2"]
    rankings.move_choice(container.unit_of_work(write=True), actor, rid, "O1", 1)
    assert ids() == ["O5", "O1", "O2"]
    rankings.remove_choice(container.unit_of_work(write=True), actor, rid, "O1")
    assert ids() == ["O5", "O2"]
    with pytest.raises(InvalidInput):
        rankings.add_choice(container.unit_of_work(write=True), actor, rid, "O2")


def test_an_unplaced_student_makes_a_followup_list_of_free_places(
    container: Container, tmp_path: Path
) -> None:
    # S5 wants only O1 (one place) that S1 and S2 want too: one of the three is left without.
    records = PlacementRound(
        (*OFFERS, offer("O6", "Wijkhuis Gent", 2)),
        (*STUDENTS, student("S5")),
        {**PREFERENCES, "S5": ("O1",)},
    )
    rid = build_round(container, records=records)
    publish(container, rid, tmp_path / "run")
    set_phase(container, rid, Phase.FOLLOW_UP)
    unplaced = [n for n in (1, 2, 5) if not _placed(container, f"S{n}")]
    placed = [n for n in (1, 2, 5) if n not in unplaced]
    assert unplaced
    assert placed
    actor = student_actor(unplaced[0])
    page = rankings.search(container.unit_of_work(), actor, rid, Filters())
    assert page.followup
    shown = [view.offer_id for view in page.offers]
    assert "O6" in shown
    assert "O1" not in shown
    rankings.save_list(container.unit_of_work(write=True), actor, rid, ["O6"])
    assert stored_list(container, f"S{unplaced[0]}", followup=True) == ["O6"]
    with pytest.raises(InvalidInput) as raised:
        rankings.save_list(container.unit_of_work(write=True), actor, rid, ["O1"])
    assert "kun je niet kiezen" in raised.value.problems[0].message
    assert stored_list(container, f"S{unplaced[0]}", followup=True) == ["O6"]
    with pytest.raises(WrongPhase, match="al een stageplaats"):
        rankings.save_list(
            container.unit_of_work(write=True), student_actor(placed[0]), rid, ["O6"]
        )


def _placed(container: Container, student_id: str) -> bool:
    from krapte.placement.tables import PlacementAssignment

    with container.unit_of_work() as uow:
        offer = uow.session.scalar(
            select(PlacementAssignment.offer_id).where(PlacementAssignment.student_id == student_id)
        )
    return bool(offer)


def test_eligibility_is_the_engines_on_a_generated_round() -> None:
    records = generate(students=150, offers=60, seed=4)
    encoded = encode(records)
    n, m = encoded.instance.n_students, encoded.instance.n_offers
    engine = eligible_pairs(
        encoded.instance,
        np.repeat(np.arange(n, dtype=np.int64), m),
        np.tile(np.arange(m, dtype=np.int64), n),
    ).reshape(n, m)
    by_id = {s.student_id: s for s in records.students}
    ours = eligibility(records.offers, [by_id[sid] for sid in encoded.student_ids])
    assert 0 < ours.sum() < n * m  # some pairs are refused, some allowed
    assert np.array_equal(ours, engine)


def test_the_students_search_sees_every_change_to_the_offers(container: Container) -> None:
    """The offers are kept per version of the round's offers; every change shows at once."""
    rid = build_round(container, phase=Phase.OFFERS_OPEN)

    def shown() -> list[str]:
        page = rankings.search(container.unit_of_work(), student_actor(1), rid, Filters())
        return [view.offer_id for view in page.offers]

    assert shown() == ["O1", "O2", "O5"]
    new = offers.create_offer(
        container.unit_of_work(write=True),
        SYSTEM,
        rid,
        {
            "organisation": "Vzw Nieuw",
            "capacity": "1",
            "municipality": "Gent",
            "sector": "jeugdhulp",
        },
    )
    assert shown() == ["O1", "O2", "O5", new.offer_id]
    offers.update_offer(
        container.unit_of_work(write=True),
        SYSTEM,
        rid,
        "O2",
        {"organisation": "CAW Antwerpen", "capacity": "1", "municipality": "Antwerpen",
         "sector": "jeugdhulp", "levels": "master"},
    )  # fmt: skip
    assert shown() == ["O1", "O5", new.offer_id]
    offers.delete_offer(container.unit_of_work(write=True), SYSTEM, rid, "O5")
    assert shown() == ["O1", new.offer_id]


def test_offers_read_in_a_change_that_rolls_back_are_not_kept(container: Container) -> None:
    rid = build_round(container, phase=Phase.OFFERS_OPEN)
    with container.unit_of_work(write=True) as uow:
        offers_changed(uow.session, rid)
        uow.session.execute(
            delete(PlacementOffer).where(
                PlacementOffer.round_id == rid, PlacementOffer.offer_id == "O1"
            )
        )
        assert "O1" not in {view.offer_id for view in round_offers(uow.session, rid)}
        # no commit: the change rolls back
    with container.unit_of_work() as uow:
        assert "O1" in {view.offer_id for view in round_offers(uow.session, rid)}

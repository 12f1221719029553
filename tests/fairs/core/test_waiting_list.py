"""The waiting list's rule: places in order of registration, freed places to the first waiting."""

from __future__ import annotations

from krapte.fairs.core.records import Status
from krapte.fairs.core.waiting_list import status_for_newcomer, to_move_up


def test_a_newcomer_gets_a_place_while_places_are_left() -> None:
    assert status_for_newcomer(capacity=3, registered=2) is Status.REGISTERED
    assert status_for_newcomer(capacity=3, registered=3) is Status.WAITING
    assert status_for_newcomer(capacity=3, registered=5) is Status.WAITING  # capacity lowered


def test_freed_places_go_to_the_first_waiting_in_order() -> None:
    assert to_move_up(capacity=3, registered=2, waiting=[7, 9, 12]) == [7]
    assert to_move_up(capacity=5, registered=2, waiting=[7, 9]) == [7, 9]
    assert to_move_up(capacity=3, registered=3, waiting=[7]) == []
    assert to_move_up(capacity=2, registered=4, waiting=[7]) == []

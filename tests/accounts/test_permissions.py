"""The permission function: roles everywhere, owners only on what they own, nobody nothing."""

from __future__ import annotations

import pytest

from krapte.accounts.core.permissions import (
    ANONYMOUS,
    RULES,
    SYSTEM,
    Actor,
    Resource,
    Role,
    allowed,
    require,
)
from krapte.accounts.core.records import Membership, actor_of
from krapte.errors import Forbidden, Unauthenticated

ORGANISATION = Actor(1, "org", frozenset({Role.ORGANISATION}), organisations=frozenset({"Vzw A"}))
SCHOOL = Actor(2, "school", frozenset({Role.SCHOOL}), schools=frozenset({"HoGent"}))
STUDENT = Actor(3, "student", frozenset({Role.STUDENT}))


def test_nobody_may_do_anything_that_needs_a_sign_in() -> None:
    for action in RULES:
        assert not allowed(ANONYMOUS, action, Resource("x", organisation="Vzw A"))


def test_an_organisation_writes_only_its_own_offers() -> None:
    assert allowed(ORGANISATION, "offer.write", Resource("offer", organisation="Vzw A"))
    assert not allowed(ORGANISATION, "offer.write", Resource("offer", organisation="Vzw B"))


def test_a_school_reads_only_its_own_students() -> None:
    assert allowed(SCHOOL, "student.read", Resource("student", school="HoGent"))
    assert not allowed(SCHOOL, "student.read", Resource("student", school="Odisee"))


def test_a_student_reads_only_their_own_ranking() -> None:
    assert allowed(STUDENT, "ranking.read", Resource("ranking", student_user_id=3))
    assert not allowed(STUDENT, "ranking.read", Resource("ranking", student_user_id=4))


def test_only_an_administrator_manages_users() -> None:
    assert allowed(SYSTEM, "user.manage")
    for actor in (ORGANISATION, SCHOOL, STUDENT):
        assert not allowed(actor, "user.manage")


def test_require_says_sign_in_to_nobody_and_forbidden_to_others() -> None:
    with pytest.raises(Unauthenticated):
        require(ANONYMOUS, "token.manage")
    with pytest.raises(Forbidden):
        require(STUDENT, "user.invite")


def test_unknown_actions_are_never_allowed() -> None:
    assert not allowed(SYSTEM, "everything.at.once")


def test_an_actor_acts_for_the_scopes_of_its_roles() -> None:
    actor = actor_of(
        7,
        "Ann",
        (
            Membership(Role.SCHOOL, "HoGent"),
            Membership(Role.ORGANISATION, "Vzw A"),
            Membership(Role.ANALYST),
        ),
    )
    assert actor.schools == {"HoGent"}
    assert actor.organisations == {"Vzw A"}
    assert actor.roles == {Role.SCHOOL, Role.ORGANISATION, Role.ANALYST}

"""Registering for a fair: places, the waiting list, cancelling by the mailed link, moving up."""

from __future__ import annotations

import pytest

from fairs.builders import (
    BASE_URL,
    ORGANISER_USER,
    STRANGER,
    add_fair,
    cancel_token,
    mails,
    register,
)
from krapte.accounts.core.permissions import SYSTEM as SYSTEM_ACTOR
from krapte.bootstrap import Container
from krapte.errors import Conflict, Forbidden, InvalidInput, NotFound
from krapte.fairs import registrations, service
from krapte.fairs.core.records import Status


def test_visitors_get_places_until_full_then_join_the_waiting_list(container: Container) -> None:
    fair = add_fair(container, capacity=2)
    first = register(container, fair.id, "an@voorbeeld.be")
    second = register(container, fair.id, "bo@voorbeeld.be")
    third = register(container, fair.id, "cas@voorbeeld.be")
    fourth = register(container, fair.id, "dirk@voorbeeld.be")
    assert [first.status, second.status] == [Status.REGISTERED, Status.REGISTERED]
    assert (third.status, third.position) == (Status.WAITING, 1)
    assert (fourth.status, fourth.position) == (Status.WAITING, 2)
    stored = service.get_fair(container.unit_of_work(), fair.id)
    assert (stored.registered, stored.waiting, stored.places_left, stored.full) == (2, 2, 0, True)
    assert "wachtlijst" in str(mails(container, "cas@voorbeeld.be")[0]["Subject"])


def test_a_cancellation_moves_the_first_waiting_visitor_up_and_mails_them(
    container: Container,
) -> None:
    fair = add_fair(container, capacity=1)
    register(container, fair.id, "an@voorbeeld.be")
    register(container, fair.id, "bo@voorbeeld.be")
    register(container, fair.id, "cas@voorbeeld.be")
    token = cancel_token(container, "an@voorbeeld.be")
    seen = registrations.cancellation(container.unit_of_work(), token)
    assert (seen.fair.id, seen.status) == (fair.id, Status.REGISTERED)
    registrations.cancel(
        container.unit_of_work(write=True), token, base_url=BASE_URL, settings=container.settings
    )
    kept = registrations.visitors(container.unit_of_work(), ORGANISER_USER, fair.id)
    assert [r.email for r in kept.registered] == ["bo@voorbeeld.be"]
    assert [r.email for r in kept.waiting] == ["cas@voorbeeld.be"]
    assert "plaats" in str(mails(container, "bo@voorbeeld.be")[-1]["Subject"])
    assert len(mails(container, "cas@voorbeeld.be")) == 1  # still waiting: no second mail


def test_the_cancellation_link_works_once_and_the_moved_up_visitor_gets_a_new_one(
    container: Container,
) -> None:
    fair = add_fair(container, capacity=1)
    register(container, fair.id, "an@voorbeeld.be")
    register(container, fair.id, "bo@voorbeeld.be")
    token = cancel_token(container, "an@voorbeeld.be")
    waiting_token = cancel_token(container, "bo@voorbeeld.be")
    registrations.cancel(
        container.unit_of_work(write=True), token, base_url=BASE_URL, settings=container.settings
    )
    with pytest.raises(NotFound, match="al geannuleerd"):
        registrations.cancel(container.unit_of_work(write=True), token, base_url=BASE_URL)
    with pytest.raises(NotFound):  # the waiting list's link was replaced by the new one
        registrations.cancellation(container.unit_of_work(), waiting_token)
    new_token = cancel_token(container, "bo@voorbeeld.be")
    assert registrations.cancellation(container.unit_of_work(), new_token).status is (
        Status.REGISTERED
    )


def test_a_cancellation_deletes_the_visitors_personal_data(container: Container) -> None:
    fair = add_fair(container, capacity=3)
    register(container, fair.id, "an@voorbeeld.be", name="An Peeters")
    registrations.cancel(
        container.unit_of_work(write=True),
        cancel_token(container, "an@voorbeeld.be"),
        base_url=BASE_URL,
        settings=container.settings,
    )
    assert (
        registrations.visitors(container.unit_of_work(), ORGANISER_USER, fair.id).registrations
        == []
    )
    again = register(container, fair.id, "an@voorbeeld.be")  # may register anew
    assert again.status is Status.REGISTERED


def test_registering_twice_with_one_address_is_refused(container: Container) -> None:
    fair = add_fair(container, capacity=3)
    register(container, fair.id, "An@Voorbeeld.be")
    with pytest.raises(Conflict, match="al ingeschreven"):
        register(container, fair.id, "an@voorbeeld.be ")
    assert service.get_fair(container.unit_of_work(), fair.id).registered == 1


def test_a_registration_without_consent_name_or_valid_address_stores_nothing(
    container: Container,
) -> None:
    fair = add_fair(container)
    with pytest.raises(InvalidInput) as refused:
        registrations.register(
            container.unit_of_work(write=True), fair.id, " ", "geen-adres", consent=False,
            base_url=BASE_URL, settings=container.settings,
        )  # fmt: skip
    assert {p.field for p in refused.value.problems} == {"name", "email", "consent"}
    assert service.get_fair(container.unit_of_work(), fair.id).registered == 0
    assert not container.settings.outbox_folder.exists()


def test_only_the_organiser_sees_who_registered(container: Container) -> None:
    fair = add_fair(container)
    register(container, fair.id, "an@voorbeeld.be")
    with pytest.raises(Forbidden):
        registrations.visitors(container.unit_of_work(), STRANGER, fair.id)
    seen = registrations.visitors(container.unit_of_work(), ORGANISER_USER, fair.id)
    assert [(r.email, r.status) for r in seen.registrations] == [
        ("an@voorbeeld.be", Status.REGISTERED)
    ]


def test_visitors_of_a_past_fair_are_forgotten_but_still_counted(container: Container) -> None:
    from datetime import timedelta

    from fairs.builders import soon
    from krapte.accounts.core.permissions import SYSTEM

    past = add_fair(container, capacity=3, starts_at=soon(1))
    coming = add_fair(container, capacity=3, starts_at=soon(50))
    register(container, past.id, "an@voorbeeld.be", name="An Peeters")
    register(container, coming.id, "bo@voorbeeld.be", name="Bo Janssens")
    an = registrations.visitors(container.unit_of_work(), SYSTEM, past.id).registrations[0]
    later = soon(1) + timedelta(days=2)
    with pytest.raises(Forbidden):
        registrations.forget_past_visitors(container.unit_of_work(write=True), ORGANISER_USER)
    # attendance first (as if on the day), then the retention passes
    from sqlalchemy import update

    from krapte.fairs.tables import FairRegistration

    with container.unit_of_work(write=True) as uow:
        uow.session.execute(
            update(FairRegistration).where(FairRegistration.id == an.id).values(attended=True)
        )
        uow.commit()
    cleared = registrations.forget_past_visitors(
        container.unit_of_work(write=True), SYSTEM, days=1, at=later + timedelta(days=1)
    )
    assert cleared == 1
    kept = registrations.visitors(container.unit_of_work(), SYSTEM, past.id).registrations
    assert [(r.name, "@" in r.email, r.attended) for r in kept] == [("", False, True)]
    assert service.get_fair(container.unit_of_work(), past.id).visitors == 1
    still = registrations.visitors(container.unit_of_work(), SYSTEM, coming.id).registrations
    assert [r.name for r in still] == ["Bo Janssens"]


def test_concurrent_visitors_never_get_more_places_than_the_fair_has(
    container: Container,
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    if container.settings.database_url.startswith("sqlite"):
        pytest.skip("SQLite has one writer at a time; the row lock matters on PostgreSQL")
    fair = add_fair(container, capacity=2)
    addresses = [f"bezoeker{i}@voorbeeld.be" for i in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        made = list(pool.map(lambda a: register(container, fair.id, a), addresses))
    assert sorted(m.status.value for m in made) == ["registered"] * 2 + ["waiting"] * 6
    assert sorted(m.position for m in made if m.status is Status.WAITING) == list(range(1, 7))


def test_more_places_go_to_the_waiting_list_in_order_and_fewer_take_none_away(
    container: Container,
) -> None:
    fair = add_fair(container, capacity=1)
    for name in ("an", "bo", "cas", "dirk"):
        register(container, fair.id, f"{name}@voorbeeld.be")
    with pytest.raises(Forbidden):
        registrations.change_capacity(
            container.unit_of_work(write=True), STRANGER, fair.id, 3, base_url=BASE_URL
        )
    grown = registrations.change_capacity(
        container.unit_of_work(write=True), ORGANISER_USER, fair.id, 3,
        base_url=BASE_URL, settings=container.settings,
    )  # fmt: skip
    assert (grown.registered, grown.waiting) == (3, 1)
    assert "plaats" in str(mails(container, "cas@voorbeeld.be")[-1]["Subject"])
    assert len(mails(container, "dirk@voorbeeld.be")) == 1
    shrunk = registrations.change_capacity(
        container.unit_of_work(write=True), ORGANISER_USER, fair.id, 1,
        base_url=BASE_URL, settings=container.settings,
    )  # fmt: skip
    assert (shrunk.registered, shrunk.waiting, shrunk.places_left) == (3, 1, 0)
    with pytest.raises(InvalidInput):
        registrations.change_capacity(
            container.unit_of_work(write=True), ORGANISER_USER, fair.id, 0, base_url=BASE_URL
        )


def test_a_cancellation_link_no_longer_works_after_the_fair(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    fair = add_fair(container, capacity=1)
    register(container, fair.id, "an@voorbeeld.be")
    register(container, fair.id, "bo@voorbeeld.be")
    token = cancel_token(container, "an@voorbeeld.be")
    monkeypatch.setattr(registrations, "now", lambda: fair.ends_at + timedelta(hours=1))
    with pytest.raises(Conflict, match="voorbij"):
        registrations.cancellation(container.unit_of_work(), token)
    with pytest.raises(Conflict, match="voorbij"):
        registrations.cancel(container.unit_of_work(write=True), token, base_url=BASE_URL)
    found = registrations.visitors(container.unit_of_work(), SYSTEM_ACTOR, fair.id)
    assert [(r.status, "@" in r.email) for r in found.registrations] == [
        (Status.REGISTERED, True),
        (Status.WAITING, True),
    ]
    assert len(mails(container, "bo@voorbeeld.be")) == 1, "nobody is told a place came free"

"""The expert directory's rules: opt in, confirm, approve, search, contact, withdraw."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from experts.builders import approved, draft, links, opted_in, outbox
from krapte.accounts.core.permissions import ANONYMOUS, SYSTEM, Actor, Role
from krapte.bootstrap import Container
from krapte.errors import Forbidden, InvalidInput, NotFound, Unauthenticated
from krapte.experts import service
from krapte.experts.core.profile import CONSENT_VERSION, Search, Status, check_email
from krapte.experts.throttle import TooFast

ANALYST = Actor(user_id=7, name="analist", roles=frozenset({Role.ANALYST}))


def _search(container: Container, **wanted: str) -> list[str]:
    found = service.search(container.unit_of_work(), Search(**wanted))
    return [expert.name for expert in found.experts]


def test_an_opt_in_records_consent_and_mails_both_links(container: Container) -> None:
    made = opted_in(container)
    [profile] = service.profiles(container.unit_of_work(), SYSTEM)
    assert profile.status is Status.UNCONFIRMED
    assert profile.consent_version == CONSENT_VERSION
    assert profile.consent_at == profile.created_at
    [mail] = outbox(container)
    assert "To: an.peeters@voorbeeld.be" in mail
    assert links(mail) == [
        f"/experten/bevestigen/{made.confirm_token}",
        f"/experten/intrekken/{made.withdraw_token}",
    ]


def test_an_opt_in_without_consent_or_fields_is_refused_and_nothing_stored(
    container: Container,
) -> None:
    with pytest.raises(InvalidInput) as caught:
        opted_in(container, consent=False, fields=(), region="Gent", languages=("Klingon",))
    assert {p.field for p in caught.value.problems} == {
        "toestemming",
        "expertise",
        "regio",
        "talen",
    }
    assert service.profiles(container.unit_of_work(), SYSTEM) == []
    assert outbox(container) == []


def test_only_a_confirmed_profile_can_be_approved(container: Container) -> None:
    made = opted_in(container)
    with pytest.raises(InvalidInput):
        service.approve(container.unit_of_work(write=True), SYSTEM, made.id)
    service.confirm(container.unit_of_work(write=True), made.confirm_token)
    with pytest.raises(NotFound):  # the confirmation link works once
        service.confirm(container.unit_of_work(write=True), made.confirm_token)
    assert service.approve(container.unit_of_work(write=True), SYSTEM, made.id).status is (
        Status.APPROVED
    )


def test_only_an_administrator_sees_and_approves_profiles(container: Container) -> None:
    made = opted_in(container)
    with pytest.raises(Unauthenticated):
        service.profiles(container.unit_of_work(), ANONYMOUS)
    with pytest.raises(Forbidden):
        service.approve(container.unit_of_work(write=True), ANALYST, made.id)


def test_search_shows_only_approved_experts_and_filters(container: Container) -> None:
    approved(container)
    approved(
        container,
        name="Bram Claes",
        email="bram@voorbeeld.be",
        fields=("armoede", "lokaal-bestuur"),
        region="Limburg",
        languages=("Nederlands", "Arabisch"),
        summary="Werkt rond armoede bij het OCMW.",
    )
    opted_in(container, name="Nog Niet", email="niet@voorbeeld.be")
    assert _search(container) == ["An Peeters", "Bram Claes"]
    assert _search(container, field="armoede") == ["Bram Claes"]
    assert _search(container, region="Antwerpen") == ["An Peeters"]
    assert _search(container, language="Arabisch") == ["Bram Claes"]
    assert _search(container, text="jeugdhulp") == ["An Peeters"]
    assert _search(container, text="50%_") == []


def test_a_pending_profile_has_no_public_page(container: Container) -> None:
    made = opted_in(container)
    with pytest.raises(NotFound):
        service.public_profile(container.unit_of_work(), made.id)


def test_contact_relays_the_message_without_revealing_the_address(container: Container) -> None:
    made = approved(container)
    service.contact(
        container.unit_of_work(write=True),
        made.id,
        sender_name="Journalist Jan",
        sender_email="jan@krant.example",
        message="Mag ik je bellen over de krapte?",
        client="10.0.0.9",
        settings=container.settings,
    )
    mail = outbox(container)[-1]
    assert "To: an.peeters@voorbeeld.be" in mail
    assert "Reply-To: jan@krant.example" in mail
    assert "Mag ik je bellen over de krapte?" in mail


def test_contact_is_rate_limited_per_client(container: Container) -> None:
    made = approved(container)

    def send() -> None:
        service.contact(
            container.unit_of_work(write=True),
            made.id,
            sender_name="Jan",
            sender_email="jan@krant.example",
            message="Hallo",
            client="10.0.0.9",
            settings=container.settings,
        )

    for _ in range(service.CONTACT_LIMITS[0].count):
        send()
    with pytest.raises(TooFast) as caught:
        send()
    assert caught.value.retry_after_s > 0


def test_contact_with_bad_fields_names_each_field(container: Container) -> None:
    made = approved(container)
    with pytest.raises(InvalidInput) as caught:
        service.contact(
            container.unit_of_work(write=True),
            made.id,
            sender_name="",
            sender_email="geen-adres",
            message="",
            client="x",
        )
    assert {p.field for p in caught.value.problems} == {"naam", "bericht", "e-mailadres"}


def test_withdrawing_by_link_deletes_the_profile_at_once(container: Container) -> None:
    made = approved(container)
    assert service.withdrawal(container.unit_of_work(), made.withdraw_token).name == "An Peeters"
    service.withdraw(container.unit_of_work(write=True), made.withdraw_token)
    assert _search(container) == []
    assert service.profiles(container.unit_of_work(), SYSTEM) == []
    with pytest.raises(NotFound):
        service.public_profile(container.unit_of_work(), made.id)
    with pytest.raises(NotFound):  # the link worked once
        service.withdraw(container.unit_of_work(write=True), made.withdraw_token)


def test_a_signed_in_expert_withdraws_only_their_own_profile(container: Container) -> None:
    owner = Actor(user_id=11, name="an")
    other = Actor(user_id=12, name="bram")
    made = approved(container, actor=owner)
    with pytest.raises(NotFound):
        service.withdraw_own(container.unit_of_work(write=True), other, made.id)
    assert [p.id for p in service.own_profiles(container.unit_of_work(), owner)] == [made.id]
    service.withdraw_own(container.unit_of_work(write=True), owner, made.id)
    assert service.own_profiles(container.unit_of_work(), owner) == []


def test_the_draft_builder_is_valid() -> None:
    assert draft().consent


def _age_everything(container: Container, table: str, days: int) -> None:
    moment = datetime.now(UTC) - timedelta(days=days)
    with container.unit_of_work(write=True) as uow:
        uow.session.execute(text(f"UPDATE {table} SET created_at = :at"), {"at": moment})
        uow.commit()


def test_an_opt_in_never_confirmed_expires_and_is_deleted(container: Container) -> None:
    stale = opted_in(container)
    _age_everything(container, "expert_profile", days=8)
    with pytest.raises(NotFound):
        service.confirm(container.unit_of_work(write=True), stale.confirm_token)
    opted_in(container, email="nieuw@voorbeeld.be")
    assert [p.email for p in service.profiles(container.unit_of_work(), SYSTEM)] == [
        "nieuw@voorbeeld.be"
    ]


@pytest.mark.parametrize(
    "address", ["jan@krant.example\nBcc: x@y.be", "jan@krant.example\rBcc:x@y.be", "a@b@c.be"]
)
def test_an_address_that_could_forge_mail_headers_is_refused(address: str) -> None:
    with pytest.raises(InvalidInput):
        check_email(address)


def test_a_mail_that_fails_after_the_commit_keeps_the_stored_work(
    container: Container, caplog: pytest.LogCaptureFixture
) -> None:
    """SMTP down: the person's work is stored and they see no error (they would try again and be
    stored twice); the failure is logged without the address."""
    from krapte.accounts.mail import send_after_commit
    from krapte.settings import Settings

    settings = Settings(smtp_host="127.0.0.1", smtp_port=1)
    with container.unit_of_work(write=True) as uow:
        send_after_commit(uow, settings, "niemand@voorbeeld.be", "Onderwerp", "Tekst")
        uow.commit()  # raises nothing
    assert "mail niet verstuurd" in caplog.text
    assert "niemand@voorbeeld.be" not in caplog.text

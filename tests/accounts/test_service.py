"""The accounts service on SQLite and PostgreSQL: users, invitations, sign-in, sessions, tokens."""

from __future__ import annotations

import email
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from accounts.builders import PASSWORD, make_user
from krapte.accounts import service
from krapte.accounts.core.permissions import ANONYMOUS, SYSTEM, Role
from krapte.accounts.mail import send_message
from krapte.bootstrap import Container
from krapte.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated
from krapte.settings import Settings


def _invite(container: Container, address: str = "nieuw@school.be", **kw: object) -> str:
    """Invite; the token read back from the .eml in the outbox (as the invitee would)."""
    found = service.invite(
        container.unit_of_work(write=True),
        SYSTEM,
        address,
        Role.SCHOOL,
        ["HoGent"],
        "https://krapte.example",
        **kw,  # type: ignore[arg-type]
    )
    assert found.link.startswith("https://krapte.example/uitnodiging/")
    return found.link.rsplit("/", 1)[1]


def test_a_user_signs_in_with_their_password_and_gets_their_scopes(container: Container) -> None:
    make_user(container, "Coord@School.be", Role.SCHOOL, schools=["HoGent", "Odisee"])
    user = service.authenticate(
        container.unit_of_work(write=True), "coord@school.be", PASSWORD, "1.2.3.4"
    )
    assert user.email == "coord@school.be"
    assert user.actor().schools == {"HoGent", "Odisee"}


def test_a_wrong_password_or_unknown_address_gives_the_same_dutch_error(
    container: Container,
) -> None:
    make_user(container, "a@b.be", Role.ANALYST)
    messages = []
    for address, password in (("a@b.be", "fout-wachtwoord-12"), ("niemand@b.be", PASSWORD)):
        with pytest.raises(InvalidInput) as caught:
            service.authenticate(container.unit_of_work(write=True), address, password, "c")
        messages.append(caught.value.message)
    assert messages[0] == messages[1]
    assert "klopt niet" in messages[0]


def test_five_failures_block_the_address_until_the_window_passes(container: Container) -> None:
    make_user(container, "a@b.be", Role.ANALYST)
    for client in range(service.MAX_FAILURES):
        with pytest.raises(InvalidInput):
            service.authenticate(
                container.unit_of_work(write=True), "a@b.be", "x" * 12, str(client)
            )
    with pytest.raises(service.TooManyAttempts) as caught:
        service.authenticate(container.unit_of_work(write=True), "a@b.be", PASSWORD, "other")
    assert 0 < caught.value.retry_after_s <= 15 * 60
    assert "probeer het opnieuw over 15 minuten" in caught.value.message
    # Once the failures are older than the window, the right password works again.
    with container.store.engine.begin() as connection:
        old = datetime.now(UTC) - timedelta(minutes=16)
        connection.execute(text("UPDATE account_login_attempt SET at = :old"), {"old": old})
    assert service.authenticate(container.unit_of_work(write=True), "a@b.be", PASSWORD, "c").id


def test_five_failures_from_one_client_block_that_client_for_every_address(
    container: Container,
) -> None:
    make_user(container, "a@b.be", Role.ANALYST)
    for number in range(service.MAX_FAILURES):
        with pytest.raises(InvalidInput):
            service.authenticate(
                container.unit_of_work(write=True), f"x{number}@b.be", "x" * 12, "9.9.9.9"
            )
    with pytest.raises(service.TooManyAttempts):
        service.authenticate(container.unit_of_work(write=True), "a@b.be", PASSWORD, "9.9.9.9")


def test_a_disabled_user_cannot_sign_in_and_their_sessions_end(container: Container) -> None:
    user = make_user(container, "a@b.be", Role.ANALYST)
    session = service.create_session(container.unit_of_work(write=True), user)
    assert service.resolve_session(container.unit_of_work(write=True), session.token)
    service.disable_user(container.unit_of_work(write=True), SYSTEM, "a@b.be")
    assert service.resolve_session(container.unit_of_work(write=True), session.token) is None
    with pytest.raises(InvalidInput):
        service.authenticate(container.unit_of_work(write=True), "a@b.be", PASSWORD, "c")


def test_sessions_store_only_a_digest_and_end_when_revoked(container: Container) -> None:
    user = make_user(container, "a@b.be", Role.ANALYST)
    session = service.create_session(container.unit_of_work(write=True), user)
    with container.store.engine.connect() as connection:
        stored = connection.execute(text("SELECT token_hash FROM account_session")).scalars().all()
    assert stored
    assert session.token not in stored
    found = service.resolve_session(container.unit_of_work(write=True), session.token)
    assert found is not None
    assert found.actor.user_id == user.id
    assert found.csrf_secret == session.csrf_secret
    service.revoke_session(container.unit_of_work(write=True), session.token)
    assert service.resolve_session(container.unit_of_work(write=True), session.token) is None


def test_an_expired_session_resolves_to_nobody(container: Container) -> None:
    user = make_user(container, "a@b.be", Role.ANALYST)
    short = Settings(database_url=container.settings.database_url, session_ttl_h=0.0001)
    session = service.create_session(container.unit_of_work(write=True), user, settings=short)
    with container.store.engine.begin() as connection:
        past = datetime.now(UTC) - timedelta(seconds=1)
        connection.execute(text("UPDATE account_session SET expires_at = :t"), {"t": past})
    assert service.resolve_session(container.unit_of_work(write=True), session.token) is None


def test_an_invitation_works_once(container: Container, krapte_home: Path) -> None:
    token = _invite(container)
    outbox = list((krapte_home / "outbox").glob("*.eml"))
    assert len(outbox) == 1
    message = email.message_from_bytes(outbox[0].read_bytes())
    assert message["To"] == "nieuw@school.be"
    assert token in message.get_payload(decode=True).decode()  # type: ignore[union-attr]
    user = service.accept_invitation(
        container.unit_of_work(write=True), token, "Nieuwe Coördinator", PASSWORD, PASSWORD
    )
    assert user.actor().schools == {"HoGent"}
    with pytest.raises(Conflict, match="al gebruikt"):
        service.accept_invitation(container.unit_of_work(write=True), token, "Iemand", PASSWORD)


def test_an_expired_invitation_is_refused_in_dutch(container: Container) -> None:
    token = _invite(container)
    with container.store.engine.begin() as connection:
        past = datetime.now(UTC) - timedelta(minutes=1)
        connection.execute(text("UPDATE account_invitation SET expires_at = :t"), {"t": past})
    with pytest.raises(Conflict, match="verlopen"):
        service.accept_invitation(container.unit_of_work(write=True), token, "Iemand", PASSWORD)
    with pytest.raises(NotFound):
        service.invitation(container.unit_of_work(), "geen-echte-sleutel")


def test_a_short_password_is_refused_and_nothing_is_stored(container: Container) -> None:
    with pytest.raises(InvalidInput, match="minstens 12 tekens"):
        make_user(container, "a@b.be", Role.ANALYST, password="kort")
    assert service.list_users(container.unit_of_work(), SYSTEM) == []


def test_scoped_roles_need_a_school_or_organisation(container: Container) -> None:
    with pytest.raises(InvalidInput, match="minstens één school"):
        make_user(container, "a@b.be", Role.SCHOOL)
    with pytest.raises(InvalidInput, match="onbekende rol"):
        make_user(container, "a@b.be", "koning")


def test_only_administrators_add_users_and_only_managers_invite(container: Container) -> None:
    student = make_user(container, "s@b.be", Role.STUDENT).actor()
    with pytest.raises(Forbidden):
        service.add_user(container.unit_of_work(write=True), student, "x@b.be", "", "analyst")
    with pytest.raises(Unauthenticated):
        service.invite(container.unit_of_work(write=True), ANONYMOUS, "x@b.be", "analyst")
    assert [u.email for u in service.list_users(container.unit_of_work(), SYSTEM)] == ["s@b.be"]


def test_a_round_administrator_invites_participants_but_never_another_manager(
    container: Container,
) -> None:
    manager = make_user(container, "rb@b.be", Role.ROUND_ADMIN).actor()
    for role in ("administrator", "round_administrator"):
        with pytest.raises(Forbidden):
            service.invite(container.unit_of_work(write=True), manager, "baas@b.be", role)
    made = service.invite(
        container.unit_of_work(write=True), manager, "o@b.be", "organisation_user", ["Vzw A"]
    )
    assert made.role == Role.ORGANISATION
    chief = service.invite(
        container.unit_of_work(write=True), SYSTEM, "rb2@b.be", "round_administrator"
    )
    assert chief.role == Role.ROUND_ADMIN


def test_api_tokens_are_shown_once_resolve_to_their_user_and_can_be_revoked(
    container: Container,
) -> None:
    actor = make_user(container, "a@b.be", Role.ORGANISATION, organisations=["Vzw A"]).actor()
    made = service.create_api_token(container.unit_of_work(write=True), actor, "script")
    assert service.resolve_api_token(container.unit_of_work(write=True), made.secret) == actor
    listed = service.list_api_tokens(container.unit_of_work(), actor)
    assert [t.name for t in listed] == ["script"]
    service.revoke_api_token(container.unit_of_work(write=True), actor, made.token.id)
    assert service.resolve_api_token(container.unit_of_work(write=True), made.secret) is None


def test_someone_elses_token_cannot_be_revoked(container: Container) -> None:
    owner = make_user(container, "a@b.be", Role.ANALYST).actor()
    other = make_user(container, "b@b.be", Role.ANALYST).actor()
    made = service.create_api_token(container.unit_of_work(write=True), owner, "script")
    with pytest.raises(NotFound):
        service.revoke_api_token(container.unit_of_work(write=True), other, made.token.id)
    assert service.resolve_api_token(container.unit_of_work(write=True), made.secret) == owner


def test_change_password_asks_the_current_one(container: Container) -> None:
    actor = make_user(container, "a@b.be", Role.ANALYST).actor()
    new = "nog-een-lang-wachtwoord"
    with pytest.raises(InvalidInput, match="huidige wachtwoord"):
        service.change_password(container.unit_of_work(write=True), actor, "fout" * 4, new, new)
    service.change_password(container.unit_of_work(write=True), actor, PASSWORD, new, new)
    assert service.authenticate(container.unit_of_work(write=True), "a@b.be", new, "c").id


def test_send_message_writes_an_eml_to_the_outbox_setting(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home", outbox=tmp_path / "post")
    name = send_message(settings, "x@y.be", "Herinnering", "Vergeet je lijst niet.")
    written = tmp_path / "post" / name
    message = email.message_from_bytes(written.read_bytes())
    assert message["Subject"] == "Herinnering"
    assert "Vergeet je lijst niet." in message.get_payload(decode=True).decode()  # type: ignore[union-attr]
    assert [p.name for p in (tmp_path / "post").iterdir()] == [name]  # no temporary left

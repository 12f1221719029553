"""Password hashing (argon2 through pwdlib) and the rules a new password must meet."""

from __future__ import annotations

from functools import cache

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from krapte.accounts.core.records import MAX_PASSWORD, MIN_PASSWORD
from krapte.errors import InvalidInput


@cache
def _hasher() -> PasswordHash:
    return PasswordHash((Argon2Hasher(),))


@cache
def _dummy_hash() -> str:
    return _hasher().hash("krapte-dummy-password-for-unknown-users")


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify(password: str, stored: str | None) -> bool:
    """Whether ``password`` matches ``stored``; without a hash a dummy one is still verified,
    so that an unknown e-mail address takes as long to refuse as a wrong password."""
    if not stored:
        _hasher().verify(password, _dummy_hash())
        return False
    return _hasher().verify(password, stored)


def check_new(password: str, repeated: str | None = None, *, field: str = "wachtwoord") -> None:
    """Refuse a password that is too short or too long, or that differs from its repetition."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInput.single(
            f"een wachtwoord heeft minstens {MIN_PASSWORD} tekens", field=field
        )
    if len(password) > MAX_PASSWORD:
        raise InvalidInput.single(
            f"een wachtwoord heeft hoogstens {MAX_PASSWORD} tekens", field=field
        )
    if repeated is not None and repeated != password:
        raise InvalidInput.single("de twee wachtwoorden zijn niet gelijk", field=field)

"""An expert's profile: what a social worker fills in, the rules it must meet, and the consent.

A profile holds a name, fields of expertise (from :func:`krapte.experts.core.choices.expertise`),
a region, languages, when they are available and a short introduction. The e-mail address is only
for the relay form and the links krapte mails: it never leaves the store except in those mails.
The consent text has a version; the profile records which version was accepted and when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from krapte.errors import InvalidInput, Problem
from krapte.experts.core.choices import LANGUAGES, REGIONS, expertise_labels, unknown

MAX_NAME = 120
MAX_AVAILABILITY = 200
MAX_SUMMARY = 600
MAX_EMAIL = 254
MAX_FIELDS = 5

CONSENT_VERSION = "experten-2026-11"
CONSENT_TEXT = (
    "Ik geef krapte de toestemming om mijn naam, expertise, regio, talen, beschikbaarheid en "
    "voorstelling te tonen in de openbare expertenlijst, zodat journalisten en anderen mij via "
    "het contactformulier kunnen bereiken. Mijn e-mailadres wordt nooit getoond. Ik kan deze "
    "toestemming op elk moment intrekken; dan verdwijnt mijn profiel meteen en worden mijn "
    "gegevens gewist."
)
INVALID = "het profiel is niet in orde"


class Status(StrEnum):
    UNCONFIRMED = "unconfirmed"
    """The e-mail address is not confirmed yet."""
    PENDING = "pending"
    """Confirmed, waiting for an administrator."""
    APPROVED = "approved"
    """Public in the directory."""


STATUS_LABELS: dict[Status, str] = {
    Status.UNCONFIRMED: "e-mailadres nog niet bevestigd",
    Status.PENDING: "wacht op goedkeuring",
    Status.APPROVED: "goedgekeurd en zichtbaar",
}


@dataclass(frozen=True, slots=True)
class ProfileDraft:
    """A profile as filled in (before it is checked)."""

    name: str
    email: str
    fields: tuple[str, ...]
    region: str
    languages: tuple[str, ...]
    availability: str = ""
    summary: str = ""
    consent: bool = False


@dataclass(frozen=True, slots=True)
class PublicProfile:
    """What anyone may see of an approved expert: never an e-mail address or other contact."""

    id: int
    name: str
    fields: tuple[str, ...]
    region: str
    languages: tuple[str, ...]
    availability: str
    summary: str

    def field_labels(self) -> list[str]:
        labels = expertise_labels()
        return [labels.get(key, key) for key in self.fields]

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "fields": list(self.fields),
            "field_labels": self.field_labels(),
            "region": self.region,
            "languages": list(self.languages),
            "availability": self.availability,
            "summary": self.summary,
        }


@dataclass(frozen=True, slots=True)
class Profile:
    """A stored profile with what only its owner and administrators see."""

    public: PublicProfile
    email: str
    status: Status
    consent_version: str
    consent_at: datetime
    created_at: datetime
    user_id: int | None = None
    approved_at: datetime | None = None

    @property
    def id(self) -> int:
        return self.public.id


@dataclass(frozen=True, slots=True)
class Search:
    """What a visitor looks for in the directory; empty values match everything."""

    text: str = ""
    field: str = ""
    region: str = ""
    language: str = ""


def _text(value: str, field: str, limit: int, problems: list[Problem], *, required: bool) -> str:
    cleaned = " ".join(value.split())
    if required and not cleaned:
        problems.append(Problem("vul dit in", field=field))
    elif len(cleaned) > limit:
        problems.append(Problem(f"te lang: hoogstens {limit} tekens", field=field))
    return cleaned


def check_email(email: str, field: str = "e-mailadres") -> str:
    """The address in lower case, or :class:`InvalidInput` naming the field."""
    cleaned = email.strip().lower()
    local, at, domain = cleaned.partition("@")
    plain = not any(c.isspace() or not c.isprintable() for c in cleaned)
    valid = at and local and "." in domain.strip(".") and "@" not in domain and plain
    if not valid or len(cleaned) > MAX_EMAIL:
        raise InvalidInput.single(f"'{email.strip()[:80]}' is geen geldig e-mailadres", field=field)
    return cleaned


def checked(draft: ProfileDraft) -> ProfileDraft:
    """The draft cleaned (spaces, order of choices), or every problem at once in Dutch."""
    problems: list[Problem] = []
    name = _text(draft.name, "naam", MAX_NAME, problems, required=True)
    availability = _text(
        draft.availability, "beschikbaarheid", MAX_AVAILABILITY, problems, required=False
    )
    summary = _text(draft.summary, "voorstelling", MAX_SUMMARY, problems, required=False)
    email = draft.email
    try:
        email = check_email(draft.email)
    except InvalidInput as exc:
        problems.extend(exc.problems)
    labels = expertise_labels()
    fields = tuple(dict.fromkeys(f.strip() for f in draft.fields if f.strip()))
    if not fields:
        problems.append(Problem("kies minstens één expertise", field="expertise"))
    elif len(fields) > MAX_FIELDS:
        problems.append(Problem(f"kies hoogstens {MAX_FIELDS} expertises", field="expertise"))
    for key in fields:
        if key not in labels:
            problems.append(Problem(f"onbekende expertise '{key[:60]}'", field="expertise"))
    if problem := unknown(draft.region, REGIONS, "regio", "regio"):
        problems.append(problem)
    languages = tuple(lang for lang in LANGUAGES if lang in set(draft.languages))
    strange = [lang for lang in draft.languages if lang not in LANGUAGES]
    if strange:
        problems.append(unknown(strange[0], LANGUAGES, "talen", "taal") or Problem(""))
    elif not languages:
        problems.append(Problem("kies minstens één taal", field="talen"))
    if not draft.consent:
        problems.append(Problem("geef je toestemming om in de lijst te staan", field="toestemming"))
    if problems:
        raise InvalidInput(problems, INVALID)
    return ProfileDraft(
        name, email, fields, draft.region, languages, availability, summary, draft.consent
    )

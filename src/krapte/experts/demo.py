"""The demo's three approved experts (synthetic people under the reserved domain demo.example).

Running it again replaces them (every profile with an address under :data:`DEMO_DOMAIN`); no
mail is sent. ``krapte demo load`` calls :func:`load`.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from krapte.bootstrap import Container
from krapte.db.uow import UnitOfWork
from krapte.experts import repository as repo
from krapte.experts.core.profile import CONSENT_VERSION, ProfileDraft, checked
from krapte.experts.service import digest

DEMO_DOMAIN = "experten.demo.example"

EXPERTS: tuple[ProfileDraft, ...] = (
    ProfileDraft(
        name="Lotte Peeters",
        email=f"lotte.peeters@{DEMO_DOMAIN}",
        fields=("jeugdhulp", "onderwijs"),
        region="Antwerpen",
        languages=("Nederlands", "Frans"),
        availability="Op weekdagen na 16 uur",
        summary="Verzonnen demoprofiel: brugfiguur tussen school en gezin, werkt in de jeugdhulp.",
        consent=True,
    ),
    ProfileDraft(
        name="Noah Janssens",
        email=f"noah.janssens@{DEMO_DOMAIN}",
        fields=("lokaal-bestuur", "armoede"),
        region="Oost-Vlaanderen",
        languages=("Nederlands", "Engels"),
        availability="Dinsdag en donderdag",
        summary="Verzonnen demoprofiel: maatschappelijk werker bij een OCMW, rond armoede.",
        consent=True,
    ),
    ProfileDraft(
        name="Emma Maes",
        email=f"emma.maes@{DEMO_DOMAIN}",
        fields=("migratie", "welzijnswerk"),
        region="Brussel",
        languages=("Nederlands", "Frans", "Arabisch"),
        availability="Elke werkdag",
        summary="Verzonnen demoprofiel: sociaal werker in een CAW, met nieuwkomers.",
        consent=True,
    ),
)


def load_experts(uow: UnitOfWork) -> list[str]:
    """Replace the demo experts by the three of :data:`EXPERTS`, approved; lines for the report."""
    moment = datetime.now(UTC)
    with uow:
        for profile in repo.profiles_by_status(uow.session):
            if profile.email.endswith(f"@{DEMO_DOMAIN}"):
                repo.delete_profile(uow.session, profile.id)
        for draft in EXPERTS:
            made = repo.add_profile(
                uow.session,
                checked(draft),
                consent_version=CONSENT_VERSION,
                at=moment,
                confirm_hash=None,
                withdraw_hash=digest(secrets.token_urlsafe(32)),
                user_id=None,
            )
            repo.approve_profile(uow.session, made.id, moment, None)
        uow.commit()
    return [f"{len(EXPERTS)} goedgekeurde demo-experten in de expertenlijst (/experten)."]


def load(container: Container) -> list[str]:
    return load_experts(container.unit_of_work(write=True))

"""Offers imported from a spreadsheet (CSV or Excel, through the shared tabular reader): all or
nothing, every problem with file, row and column, and only for the organisations the actor may
write for. Rows without an ``offer_id`` become new offers; a row with the id of an existing offer
overwrites it (if the actor may write that offer)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from krapte.accounts.core.permissions import Actor, Resource, allowed
from krapte.db.uow import UnitOfWork
from krapte.errors import InvalidInput, Problem
from krapte.placement.rounds.offer_rules import IMPORT_REQUIRED, CheckedOffer, check_table
from krapte.placement.rounds.offers import WRITE, offer_resource, write_offers
from krapte.placement.rounds.state import authorise, get_round, stored_round
from krapte.placement.tables import PlacementOffer
from krapte.tabular import read_table


@dataclass(frozen=True)
class ImportResult:
    created: list[str]
    updated: list[str]

    def as_dict(self) -> dict[str, object]:
        return {"created": self.created, "updated": self.updated}


def import_offers(
    uow: UnitOfWork, actor: Actor, round_id: int, path: Path, *, name: str = ""
) -> ImportResult:
    """Offers from a CSV or Excel file, all or nothing: every problem names file, row and column.

    Rows without ``offer_id`` are new offers; a row with the id of an existing offer overwrites
    it. Every row must be for an organisation the actor may write for (managers: any).
    """
    with uow:
        info = get_round(uow.session, round_id)
        authorise(actor, WRITE, info, Resource("offer", organisations=actor.organisations))
        table = read_table(path)
        if name:
            table.file = name
        missing = table.missing(IMPORT_REQUIRED)
        if missing:
            raise InvalidInput(missing)
        offers, problems = check_table(table)
        problems = problems or _ownership(uow.session, actor, round_id, offers, table.file)
        if problems:
            raise InvalidInput(problems)
        if not offers:
            raise InvalidInput.single("het bestand bevat geen enkel aanbod", file=table.file)
        stored_round(uow.session, round_id, for_update=True)
        created, updated = write_offers(uow.session, round_id, offers)
        uow.commit()
        return ImportResult(created=created, updated=updated)


def _ownership(
    session: Session, actor: Actor, round_id: int, offers: list[CheckedOffer], file: str
) -> list[Problem]:
    """A problem for every row the actor may not write: another organisation's offer or id."""
    problems: list[Problem] = []
    for checked in offers:
        organisation = checked.offer.organisation
        if not allowed(actor, WRITE, offer_resource(organisation)):
            problems.append(
                Problem(
                    f"je mag geen aanbod invoeren voor '{organisation}'",
                    file,
                    checked.row,
                    "organisation",
                )
            )
            continue
        if checked.new:
            continue
        existing = session.get(PlacementOffer, (round_id, checked.offer.offer_id))
        if existing is not None and not allowed(
            actor, WRITE, offer_resource(existing.organisation)
        ):
            problems.append(
                Problem(
                    f"aanbod '{checked.offer.offer_id}' is van een andere organisatie",
                    file,
                    checked.row,
                    "offer_id",
                )
            )
    return problems

"""`krapte demo load` adds one job fair: in three weeks, in Gent, with the first organisations of
this year's demo round as participants (so their internship offers show) and a programme.

Loading twice adds nothing the second time (the demo fair is recognised by its title).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from krapte.accounts.core.permissions import SYSTEM
from krapte.bootstrap import Container
from krapte.fairs import service
from krapte.fairs.core.form import BRUSSELS
from krapte.fairs.core.records import ItemKind, NewFair, ProgrammeItem

PARTICIPANTS = 4
CAPACITY = 150


def title(year: int) -> str:
    return f"Demojobbeurs sociaal werk {year}"


def _demo_round(container: Container) -> tuple[int | None, tuple[str, ...]]:
    """This year's demo round and its first organisations (none without a demo round)."""
    from krapte.placement.demo import round_name
    from krapte.placement.rounds.offers import list_offers
    from krapte.placement.rounds.state import list_round_infos

    uow = container.unit_of_work()
    with uow:
        wanted = round_name(service.now().year)
        found = [info.id for info in list_round_infos(uow.session) if info.name == wanted]
    if not found:
        return None, ()
    offers = list_offers(container.unit_of_work(), SYSTEM, found[0], mine=False, limit=50)
    names: list[str] = []
    for offer in offers.offers:
        if offer.organisation not in names:
            names.append(offer.organisation)
    return found[0], tuple(names[:PARTICIPANTS])


def load(container: Container) -> list[str]:
    """Add the demo fair (unless it exists); lines for `krapte demo load`'s report."""
    day = (service.now() + timedelta(days=21)).astimezone(BRUSSELS).date()
    name = title(day.year)
    coming = service.list_fairs(container.unit_of_work(), limit=service.MAX_PAGE_SIZE)
    if any(fair.title == name for fair in coming.fairs):
        return [f"{name} bestaat al."]
    round_id, participants = _demo_round(container)
    participants = participants or ("OCMW Gent", "CAW Oost-Vlaanderen", "Vzw De Link")

    def at(hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=BRUSSELS)

    programme = (
        ProgrammeItem(at(10), f"Werken bij {participants[0]}", ItemKind.PITCH, participants[0]),
        ProgrammeItem(
            at(11), "Zij-instromen: van een ander diploma naar sociaal werk", ItemKind.WORKSHOP
        ),
        ProgrammeItem(at(14), "Wat maakt sociaal werk werkbaar?", ItemKind.TALK),
    )
    fair = service.create_fair(
        container.unit_of_work(write=True),
        SYSTEM,
        NewFair(
            title=name,
            organiser="Sociare",
            municipality="Gent",
            venue="ICC Gent, Van Rysselberghedreef 2",
            starts_at=at(9, 30),
            ends_at=at(16),
            capacity=CAPACITY,
            description="Een verzonnen jobbeurs: maak kennis met werkgevers uit het sociaal werk.",
            participants=participants,
            programme=programme,
            round_id=round_id,
        ),
    )
    return [f"{fair.title} (nummer {fair.id}) toegevoegd: /jobbeurzen/{fair.id}."]

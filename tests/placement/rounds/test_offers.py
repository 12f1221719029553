"""Offers written by organisation users: who may write which offer, when, and what is checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from krapte.accounts.core.permissions import ANONYMOUS
from krapte.bootstrap import Container
from krapte.errors import Forbidden, InvalidInput, NotFound, Unauthenticated, WrongPhase
from krapte.placement.core.calendar import Phase
from krapte.placement.rounds import offer_import, offers
from krapte.placement.rounds.offer_rules import COLUMNS
from krapte.placement.tables import PlacementOffer
from placement.rounds.organisation_round import (
    MINE,
    OTHER,
    ROUND_ADMIN,
    STUDENT,
    build_round,
    organisation_user,
)

FORM = {
    "organisation": MINE,
    "capacity": "2",
    "municipality": "gent",
    "sector": "jeugdhulp",
    "programmes": "sociaal werk",
    "levels": "bachelor",
    "study_years": "2;3",
    "languages": "nl",
    "period": "februari tot mei",
    "description": "Een stage in de jeugdhulp.",
}


def stored(container: Container) -> dict[str, tuple[str, int, str]]:
    with container.unit_of_work() as uow:
        rows = uow.session.scalars(select(PlacementOffer))
        return {r.offer_id: (r.organisation, r.capacity, r.municipality) for r in rows}


def test_an_organisation_user_creates_an_offer_with_its_province_derived(
    container: Container,
) -> None:
    built = build_round(container)
    view = offers.create_offer(
        container.unit_of_work(write=True), organisation_user(), built.round_id, FORM
    )
    assert view.offer_id == "CAW-MIJNSTAD-01"
    assert (view.municipality, view.province) == ("Gent", "Oost-Vlaanderen")
    assert view.programmes == ("sociaal werk",)
    assert view.study_years == (2, 3)
    again = offers.create_offer(
        container.unit_of_work(write=True),
        organisation_user(),
        built.round_id,
        FORM | {"municipality": "Bruxelles"},
    )
    assert again.offer_id == "CAW-MIJNSTAD-02"
    assert (again.municipality, again.province) == ("Brussel", "Brussel")
    assert stored(container)[view.offer_id] == (MINE, 2, "Gent")


def test_an_unknown_municipality_is_refused_with_a_suggestion_and_nothing_stored(
    container: Container,
) -> None:
    built = build_round(container)
    before = stored(container)
    with pytest.raises(InvalidInput) as refused:
        offers.create_offer(
            container.unit_of_work(write=True),
            organisation_user(),
            built.round_id,
            FORM | {"municipality": "Gentt"},
        )
    problems = {p.field: p.message for p in refused.value.problems}
    assert "officiële lijst" in problems["municipality"]
    assert "'Gent'" in problems["municipality"]
    assert stored(container) == before


def test_a_form_reports_every_problem_beside_its_field(container: Container) -> None:
    built = build_round(container)
    bad = FORM | {
        "capacity": "-1",
        "sector": "bakkerij",
        "study_years": "twee",
        "programmes": "rechten",
    }
    with pytest.raises(InvalidInput) as refused:
        offers.create_offer(
            container.unit_of_work(write=True), organisation_user(), built.round_id, bad
        )
    fields = {p.field for p in refused.value.problems}
    assert fields == {"capacity", "sector", "study_years", "programmes"}


def test_an_organisation_user_cannot_write_another_organisations_offer(
    container: Container,
) -> None:
    built = build_round(container)
    before = stored(container)
    theirs = built.offer_ids[OTHER][0]
    with pytest.raises(Forbidden):
        offers.create_offer(
            container.unit_of_work(write=True),
            organisation_user(),
            built.round_id,
            FORM | {"organisation": OTHER},
        )
    with pytest.raises(Forbidden):
        offers.update_offer(
            container.unit_of_work(write=True),
            organisation_user(),
            built.round_id,
            theirs,
            FORM | {"organisation": OTHER},
        )
    with pytest.raises(Forbidden):
        offers.delete_offer(
            container.unit_of_work(write=True), organisation_user(), built.round_id, theirs
        )
    mine = built.offer_ids[MINE][0]
    with pytest.raises(Forbidden):  # nor move its own offer to another organisation
        offers.update_offer(
            container.unit_of_work(write=True),
            organisation_user(),
            built.round_id,
            mine,
            FORM | {"organisation": OTHER},
        )
    for actor in (STUDENT,):
        with pytest.raises(Forbidden):
            offers.create_offer(container.unit_of_work(write=True), actor, built.round_id, FORM)
    with pytest.raises(Unauthenticated):
        offers.create_offer(container.unit_of_work(write=True), ANONYMOUS, built.round_id, FORM)
    assert stored(container) == before


def test_the_owner_and_a_manager_edit_and_remove_offers(container: Container) -> None:
    built = build_round(container)
    mine = built.offer_ids[MINE][0]
    view = offers.update_offer(
        container.unit_of_work(write=True),
        organisation_user(),
        built.round_id,
        mine,
        FORM | {"capacity": "5"},
    )
    assert (view.offer_id, view.capacity, view.period) == (mine, 5, "februari tot mei")
    theirs = built.offer_ids[OTHER][0]
    offers.update_offer(
        container.unit_of_work(write=True),
        ROUND_ADMIN,
        built.round_id,
        theirs,
        FORM | {"organisation": OTHER, "capacity": "4"},
    )
    assert stored(container)[theirs] == (OTHER, 4, "Gent")
    offers.delete_offer(
        container.unit_of_work(write=True), organisation_user(), built.round_id, mine
    )
    assert mine not in stored(container)
    with pytest.raises(NotFound):
        offers.get_offer(container.unit_of_work(), organisation_user(), built.round_id, mine)


@pytest.mark.parametrize("phase", [Phase.RANKINGS_OPEN, Phase.CLOSED, Phase.PUBLISHED])
def test_offer_writes_outside_draft_and_offers_open_are_refused(
    container: Container, phase: Phase
) -> None:
    built = build_round(container, phase)
    before = stored(container)
    mine = built.offer_ids[MINE][0]
    with pytest.raises(WrongPhase, match="aanbod open"):
        offers.create_offer(
            container.unit_of_work(write=True), organisation_user(), built.round_id, FORM
        )
    with pytest.raises(WrongPhase, match="in voorbereiding"):
        offers.update_offer(
            container.unit_of_work(write=True), organisation_user(), built.round_id, mine, FORM
        )
    with pytest.raises(WrongPhase):
        offers.delete_offer(container.unit_of_work(write=True), ROUND_ADMIN, built.round_id, mine)
    assert stored(container) == before


def test_organisation_users_list_their_own_offers_and_others_see_all(container: Container) -> None:
    built = build_round(container, Phase.DRAFT)
    own = offers.list_offers(container.unit_of_work(), organisation_user(), built.round_id)
    assert [o.offer_id for o in own.offers] == built.offer_ids[MINE]
    assert own.mine
    assert own.can_write
    assert own.total == 3
    everything = offers.list_offers(container.unit_of_work(), STUDENT, built.round_id)
    assert everything.total == 6
    assert not everything.can_write
    admin = offers.list_offers(container.unit_of_work(), ROUND_ADMIN, built.round_id)
    assert admin.total == 6
    assert admin.can_write
    theirs = offers.get_offer(
        container.unit_of_work(), organisation_user(), built.round_id, built.offer_ids[OTHER][0]
    )
    assert theirs.organisation == OTHER  # offers are readable by everyone signed in
    with pytest.raises(Unauthenticated):
        offers.list_offers(container.unit_of_work(), ANONYMOUS, built.round_id)


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


HEADER = ",".join((*COLUMNS[:9], "languages", "period", "description"))


def test_an_import_stores_every_row_of_the_actors_organisations(
    container: Container, tmp_path: Path
) -> None:
    built = build_round(container)
    mine = built.offer_ids[MINE][0]
    file = write(
        tmp_path / "aanbod.csv",
        [
            HEADER,
            f",{MINE},Leuven,,jeugdhulp,2,sociaal werk,,,nl,najaar,",
            f",{MINE},Hasselt,Limburg,ouderenzorg,1,,,,,,",
            f"{mine},{MINE},Brugge,,ziekenhuis,4,,,,,,Aangepast",
        ],
    )
    result = offer_import.import_offers(
        container.unit_of_work(write=True), organisation_user(), built.round_id, file
    )
    assert result.created == ["CAW-MIJNSTAD-01", "CAW-MIJNSTAD-02"]
    assert result.updated == [mine]
    rows = stored(container)
    assert rows["CAW-MIJNSTAD-01"] == (MINE, 2, "Leuven")
    assert rows[mine] == (MINE, 4, "Brugge")
    view = offers.get_offer(
        container.unit_of_work(), organisation_user(), built.round_id, "CAW-MIJNSTAD-01"
    )
    assert (view.province, view.period) == ("Vlaams-Brabant", "najaar")


def test_an_import_with_one_bad_row_stores_nothing_and_names_file_row_and_column(
    container: Container, tmp_path: Path
) -> None:
    built = build_round(container)
    before = stored(container)
    file = write(
        tmp_path / "aanbod.csv",
        [
            HEADER,
            f",{MINE},Leuven,,jeugdhulp,2,,,,,,",
            f",{MINE},Lovenjoel,,jeugdhulp,2,,,,,,",
            f",{MINE},Gent,,jeugdhulp,twee,,,,,,",
        ],
    )
    with pytest.raises(InvalidInput) as refused:
        offer_import.import_offers(
            container.unit_of_work(write=True), organisation_user(), built.round_id, file
        )
    where = {(p.file, p.row, p.field) for p in refused.value.problems}
    assert where == {("aanbod.csv", 3, "municipality"), ("aanbod.csv", 4, "capacity")}
    assert stored(container) == before


def test_an_import_refuses_rows_of_another_organisation(
    container: Container, tmp_path: Path
) -> None:
    built = build_round(container)
    before = stored(container)
    theirs = built.offer_ids[OTHER][0]
    file = write(
        tmp_path / "aanbod.csv",
        [
            HEADER,
            f",{MINE},Leuven,,jeugdhulp,2,,,,,,",
            f",{OTHER},Gent,,jeugdhulp,2,,,,,,",
            f"{theirs},{MINE},Gent,,jeugdhulp,2,,,,,,",
        ],
    )
    with pytest.raises(InvalidInput) as refused:
        offer_import.import_offers(
            container.unit_of_work(write=True), organisation_user(), built.round_id, file
        )
    assert {(p.row, p.field) for p in refused.value.problems} == {
        (3, "organisation"),
        (4, "offer_id"),
    }
    assert stored(container) == before


def test_an_import_outside_its_phase_is_refused(container: Container, tmp_path: Path) -> None:
    built = build_round(container, Phase.RANKINGS_OPEN)
    file = write(tmp_path / "aanbod.csv", [HEADER, f",{MINE},Leuven,,jeugdhulp,2,,,,,,"])
    with pytest.raises(WrongPhase):
        offer_import.import_offers(
            container.unit_of_work(write=True), organisation_user(), built.round_id, file
        )
    with container.unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).select_from(PlacementOffer)) == 6


def test_an_excel_file_is_imported_like_a_csv_file(container: Container, tmp_path: Path) -> None:
    from openpyxl import Workbook

    built = build_round(container)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["organisation", "municipality", "sector", "capacity", "levels", "period"])
    sheet.append([MINE, "Genk", "jeugdhulp", 2, "graduaat;bachelor", "zomer"])
    book.save(tmp_path / "aanbod.xlsx")
    result = offer_import.import_offers(
        container.unit_of_work(write=True),
        organisation_user(),
        built.round_id,
        tmp_path / "aanbod.xlsx",
    )
    assert result.created == ["CAW-MIJNSTAD-01"]
    view = offers.get_offer(
        container.unit_of_work(), organisation_user(), built.round_id, "CAW-MIJNSTAD-01"
    )
    assert (view.province, view.levels, view.capacity) == ("Limburg", ("graduaat", "bachelor"), 2)

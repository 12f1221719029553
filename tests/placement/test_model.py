"""The one cell codec of an offer (offers.csv and the offer table) and the column lengths."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import FromClause, String

from krapte.placement.core.generator import generate
from krapte.placement.core.model import (
    MAX_ROUND_NAME_LENGTH,
    OFFER_MAX_LENGTHS,
    STUDENT_MAX_LENGTHS,
    Offer,
    offer_cells,
    offer_from_cells,
)
from krapte.placement.tables import PlacementOffer, PlacementRound, PlacementStudent


def as_text(offer: Offer) -> dict[str, str]:
    return {column: str(cell) for column, cell in offer_cells(offer).items()}


def test_an_offer_reads_back_from_its_cells() -> None:
    offer = Offer(
        offer_id="CAW-1",
        organisation="CAW Oost-Vlaanderen",
        municipality="Gent",
        province="Oost-Vlaanderen",
        sector="algemeen welzijnswerk",
        capacity=3,
        programmes=("sociaal werk", "orthopedagogie"),
        levels=("bachelor",),
        study_years=(2, 3),
        languages=("Nederlands",),
        quota=(("orthopedagogie", 1), ("sociaal werk", 2)),
        priority=("HOGENT",),
        notes="met fiets bereikbaar",
    )
    cells = as_text(offer)
    assert cells["quota"] == "orthopedagogie:1;sociaal werk:2"
    assert cells["study_years"] == "2;3"
    assert offer_from_cells(cells) == (offer, [])


def test_every_generated_offer_reads_back_from_its_cells() -> None:
    for offer in generate(200, 60, 3, 10).offers:
        assert offer_from_cells(as_text(offer)) == (offer, [])


def test_bad_cells_are_named_by_column() -> None:
    cells = {"offer_id": "X", "capacity": "veel", "quota": "sociaal werk", "study_years": "0"}
    _, problems = offer_from_cells(cells)
    assert [column for column, _ in problems] == ["capacity", "study_years", "quota"]


def length(table: FromClause, column: str) -> int | None:
    kind = table.c[column].type
    assert isinstance(kind, String)
    return kind.length


def test_the_tables_use_the_lengths_validation_checks() -> None:
    for column, limit in OFFER_MAX_LENGTHS.items():
        assert length(PlacementOffer.__table__, column) == limit, column
    for column, limit in STUDENT_MAX_LENGTHS.items():
        assert length(PlacementStudent.__table__, column) == limit, column
    assert length(PlacementRound.__table__, "name") == MAX_ROUND_NAME_LENGTH


def test_model_and_validation_import_no_database_library() -> None:
    code = (
        "import sys, krapte.placement.core.model, krapte.placement.core.validation; "
        "print('sqlalchemy' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert run.stdout.strip() == "False"

"""The demo round: synthetic, in the ranking phase, real municipalities, replaced when run again."""

from __future__ import annotations

import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from krapte.accounts.core.permissions import ANONYMOUS, SYSTEM, Actor, Role
from krapte.bootstrap import Container, bootstrap
from krapte.cli import app
from krapte.errors import Forbidden, InvalidInput, KrapteError, Unauthenticated
from krapte.placement import demo
from krapte.placement.tables import PlacementOffer, PlacementRound, PlacementStudent

AT = datetime(2026, 9, 1, 12, tzinfo=UTC)
ROUND_ADMIN = Actor(user_id=8, name="rondebeheer", roles=frozenset({Role.ROUND_ADMIN}))

#: Every municipality the demo uses, with its province (Brussels: the Brussels-Capital Region),
#: as the official list of Belgian municipalities of 2025 has them.
OFFICIAL = {
    "Antwerpen": {"Antwerpen", "Mechelen", "Turnhout", "Geel", "Mol", "Lier", "Boom", "Herentals"},
    "Limburg": {
        "Hasselt", "Genk", "Sint-Truiden", "Tongeren-Borgloon", "Beringen", "Maasmechelen",
        "Lommel",
    },
    "Oost-Vlaanderen": {"Gent", "Aalst", "Sint-Niklaas", "Dendermonde", "Oudenaarde", "Eeklo"},
    "Vlaams-Brabant": {"Leuven", "Vilvoorde", "Halle", "Aarschot", "Tienen", "Diest", "Zaventem"},
    "West-Vlaanderen": {"Brugge", "Kortrijk", "Oostende", "Roeselare", "Ieper", "Waregem"},
    "Brussel": {"Brussel", "Anderlecht", "Schaarbeek", "Sint-Jans-Molenbeek"},
}  # fmt: skip
ALL_MUNICIPALITIES = set().union(*OFFICIAL.values())


def _load(container: Container, tmp_path: Path, **kwargs: object) -> demo.DemoResult:
    return demo.load_demo(
        container.unit_of_work(write=True), SYSTEM, home=tmp_path, at=AT, **kwargs
    )  # type: ignore[arg-type]


def test_demo_round_is_open_for_rankings_with_dates_around_today(
    container: Container, tmp_path: Path
) -> None:
    done = _load(container, tmp_path, students=300)
    assert done.round_name == "Demoronde 2026"
    assert (done.students, done.offers) == (300, 60)
    with container.unit_of_work() as uow:
        stored = uow.session.get(PlacementRound, done.round_id)
        assert stored is not None
        assert stored.phase == "rankings_open"
        opened, closes = stored.rankings_open_at, stored.rankings_close_at
        assert opened is not None
        assert closes is not None
        assert opened.replace(tzinfo=UTC) < AT < closes.replace(tzinfo=UTC)
        students = list(
            uow.session.scalars(
                select(PlacementStudent).where(PlacementStudent.round_id == done.round_id)
            )
        )
        synthetic = [s for s in students if s.user_id is None]
        assert len(synthetic) == len(students) - 1  # one is the demo student's account
        assert all(s.name and s.email.endswith("@student.demo.example") for s in synthetic)
        assert len({s.email for s in students}) == len(students)
        assert {s.municipality for s in students} <= ALL_MUNICIPALITIES


def test_demo_offers_lie_in_real_municipalities_of_their_province(
    container: Container, tmp_path: Path
) -> None:
    done = _load(container, tmp_path, students=500, offers=200)
    with container.unit_of_work() as uow:
        pairs = set(
            uow.session.execute(
                select(PlacementOffer.province, PlacementOffer.municipality).where(
                    PlacementOffer.round_id == done.round_id
                )
            ).all()
        )
    assert pairs
    for province, municipality in pairs:
        assert municipality in OFFICIAL[province], (province, municipality)


def test_loading_again_replaces_the_demo_round(container: Container, tmp_path: Path) -> None:
    first = _load(container, tmp_path, students=200)
    second = _load(container, tmp_path, students=150, offers=20)
    assert not first.replaced
    assert second.replaced
    with container.unit_of_work() as uow:
        rounds = uow.session.scalar(select(func.count()).select_from(PlacementRound))
        students = uow.session.scalar(select(func.count()).select_from(PlacementStudent))
    assert (rounds, students) == (1, 150)


@pytest.mark.parametrize(
    ("actor", "error"), [(ANONYMOUS, Unauthenticated), (ROUND_ADMIN, Forbidden)]
)
def test_only_administrators_load_the_demo(
    container: Container, tmp_path: Path, actor: Actor, error: type
) -> None:
    with pytest.raises(error):
        demo.load_demo(container.unit_of_work(write=True), actor, students=50, home=tmp_path)
    assert not demo.demo_round_exists(container.unit_of_work())


def test_demo_size_is_bounded(container: Container, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="studenten"):
        _load(container, tmp_path, students=0)


def _signs_in(container: Container, email: str, password: str) -> bool:
    from krapte.accounts import service as accounts

    try:
        accounts.authenticate(container.unit_of_work(write=True), email, password, "test")
    except KrapteError:
        return False
    return True


def test_demo_accounts_one_per_role_written_for_the_owner_only(
    container: Container, tmp_path: Path
) -> None:
    from krapte.accounts import service as accounts

    done = _load(container, tmp_path, students=100)
    assert [a.role for a in done.accounts] == [role.value for role, _, _ in demo.ACCOUNTS]
    assert len({a.password for a in done.accounts}) == len(done.accounts)
    assert done.accounts_file == tmp_path / demo.ACCOUNTS_FILE
    assert stat.S_IMODE(done.accounts_file.stat().st_mode) == 0o600
    text = done.accounts_file.read_text(encoding="utf-8")
    assert all(a.password in text for a in done.accounts)
    users = {u.email: u for u in accounts.list_users(container.unit_of_work(), SYSTEM)}
    student = users["student@demo.example"]
    with container.unit_of_work() as uow:
        email, school = uow.session.execute(
            select(PlacementStudent.email, PlacementStudent.school).where(
                PlacementStudent.user_id == student.id
            )
        ).one()
    assert email == "student@demo.example"
    coordinator = users["school@demo.example"]
    assert [(m.role, m.scope) for m in coordinator.memberships] == [(Role.SCHOOL, school)]
    assert _signs_in(container, "beheerder@demo.example", done.accounts[0].password)


def test_loading_again_resets_the_demo_passwords(container: Container, tmp_path: Path) -> None:
    first = _load(container, tmp_path, students=100)
    second = _load(container, tmp_path, students=100)
    assert {a.password for a in second.accounts}.isdisjoint({a.password for a in first.accounts})
    analyst_old, analyst_new = first.accounts[2], second.accounts[2]
    assert not _signs_in(container, analyst_old.email, analyst_old.password)
    assert _signs_in(container, analyst_new.email, analyst_new.password)
    assert analyst_new.password in second.accounts_file.read_text(encoding="utf-8")  # type: ignore[union-attr]


@pytest.mark.e2e
def test_demo_load_command(cli_database: str) -> None:
    bootstrap().store.initialise()
    runner = CliRunner()
    loaded = runner.invoke(app, ["demo", "load", "--students", "120"])
    assert loaded.exit_code == 0, loaded.output
    assert "120 studenten" in loaded.output
    assert "24 aanbiedingen" in loaded.output
    assert "beheerder@demo.example" in loaded.output
    kept = runner.invoke(app, ["demo", "load", "--if-missing"])
    assert kept.exit_code == 0, kept.output
    assert "bestaat al" in kept.output

"""Who may do what in a placement round: every page and API endpoint of the round, every role.

For each route the matrix states which actors may use it, in the phase that allows it (see
:mod:`placement.world` for the actors: each role, a right and a wrong owner, and nobody). Every
actor sends the request on the same state of the store (restored before each request); a refused
actor gets 401/403 (a page without a session: a redirect to the sign-in page) and leaves every
table exactly as it was. Every form is also refused without, or with a wrong, CSRF token. A route
that touches a round but is missing from the matrix fails the completeness test.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from httpx2 import Response
from sqlalchemy import select

from accounts.builders import csrf_token
from krapte.accounts import service as accounts
from krapte.accounts.core.permissions import SYSTEM
from krapte.bootstrap import Container, bootstrap
from krapte.placement.core.calendar import Phase
from krapte.placement.rounds import allocation
from krapte.placement.rounds import offers as offer_service
from krapte.placement.tables import PlacementAssignment, PlacementRound
from krapte.settings import Settings
from krapte.web.app import create_app
from placement.world import (
    ACTORS,
    OWN_OFFER,
    OWN_ORGANISATION,
    OWN_SCHOOL,
    OWN_STUDENT,
    World,
    build_world,
    snapshot,
)
from web.sitebuilder import routes

MANAGERS = frozenset({"admin", "round_admin"})
STATISTICS = MANAGERS | {"analyst"}
SIGNED_IN = frozenset(ACTORS) - {"anonymous"}
ORGANISATIONS = frozenset({"organisation", "other_organisation"})
SCHOOLS = frozenset({"school", "other_school"})
STUDENTS = frozenset({"student", "other_student"})
OWN_ORGANISATION_ONLY = MANAGERS | {"organisation"}
OWN_SCHOOL_ONLY = MANAGERS | {"school"}
#: What only the organisation itself says about its intern (an evaluation, a job offer).
THE_ORGANISATION = frozenset({"organisation"})
#: The seed of the world's allocation; with it, students are placed at the own offer.
SEED = 7

Files = dict[str, tuple[str, bytes, str]]


@dataclass(frozen=True)
class Case:
    """One route in one phase: who may use it, and a valid request body."""

    method: str
    path: str
    allowed: frozenset[str]
    form: dict[str, str] = field(default_factory=dict)
    json: dict[str, Any] | None = None
    files: Callable[[], Files] | None = None
    owner_in_input: bool = False
    """The owner (school, organisation) is a field of the input: a user with the role but not
    that owner may also be refused as an input problem (422, naming row and field)."""

    @property
    def api(self) -> bool:
        return self.path.startswith("/api/")

    @property
    def route(self) -> tuple[str, str]:
        return self.method, self.path


def _offers_file() -> Files:
    text = (
        "offer_id;organisation;municipality;province;sector;capacity;programmes;levels;"
        "study_years;languages;quota;priority;notes;period;description\n"
        f";{OWN_ORGANISATION};Gent;;algemeen welzijnswerk;2;;;;nl;;;;februari;Onthaal\n"
    )
    return {"bestand": ("aanbod.csv", text.encode(), "text/csv")}


def _students_file() -> Files:
    text = (
        "student_id;name;email;school;programme;level;study_year;municipality\n"
        f"ST-900;An Peeters;an@voorbeeld.be;{OWN_SCHOOL};sociaal werk;bachelor;3;Gent\n"
    )
    return {"bestand": ("studenten.csv", text.encode(), "text/csv")}


OFFER_FORM = {
    "organisation": OWN_ORGANISATION,
    "capacity": "2",
    "municipality": "Gent",
    "sector": "algemeen welzijnswerk",
    "languages": "nl",
    "period": "februari",
    "description": "Onthaal",
}
OFFER_JSON = {
    "organisation": OWN_ORGANISATION,
    "capacity": 2,
    "municipality": "Gent",
    "sector": "algemeen welzijnswerk",
    "languages": ["nl"],
}
STUDENT_FORM = {
    "student_id": "ST-901",
    "name": "Bert Claes",
    "email": "bert@voorbeeld.be",
    "school": OWN_SCHOOL,
    "programme": "sociaal werk",
    "level": "bachelor",
    "study_year": "3",
    "municipality": "Gent",
}
ROUND_FORM = {"name": "Tweede ronde", "max_choices": "5", "min_choices": "1"}

R = "/stages/{rid}"
A = "/api/v1/stages/{rid}"

#: The cases per phase, in the order the round goes through them.
CASES: dict[Phase, list[Case]] = {
    Phase.OFFERS_OPEN: [
        Case("GET", "/stages", SIGNED_IN),
        Case("POST", "/stages", MANAGERS, ROUND_FORM),
        Case("GET", R, SIGNED_IN),
        Case("GET", "/api/v1/stages", SIGNED_IN),
        Case("GET", A, SIGNED_IN),
        Case("GET", f"{R}/beheer", STATISTICS),
        Case("POST", f"{R}/beheer", MANAGERS, {**ROUND_FORM, "name": "Testronde"}),
        Case("POST", f"{R}/beheer/fase", MANAGERS, {"fase": "rankings_open"}),
        Case("POST", f"{A}/fase", MANAGERS, json={"phase": "rankings_open"}),
        Case("GET", f"{R}/aanbod", SIGNED_IN),
        Case("GET", f"{R}/aanbod/nieuw", MANAGERS | ORGANISATIONS),
        Case("POST", f"{R}/aanbod/nieuw", OWN_ORGANISATION_ONLY, OFFER_FORM),
        Case("GET", f"{R}/aanbod/importeren", MANAGERS | ORGANISATIONS),
        Case(
            "POST",
            f"{R}/aanbod/importeren",
            OWN_ORGANISATION_ONLY,
            files=_offers_file,
            owner_in_input=True,
        ),
        Case("GET", f"{R}/aanbod/{OWN_OFFER}", SIGNED_IN),
        Case("GET", f"{R}/aanbod/{OWN_OFFER}/bewerken", OWN_ORGANISATION_ONLY),
        Case("POST", f"{R}/aanbod/{OWN_OFFER}/bewerken", OWN_ORGANISATION_ONLY, OFFER_FORM),
        Case("POST", f"{R}/aanbod/{{extra}}/verwijderen", OWN_ORGANISATION_ONLY),
        Case("GET", f"{A}/aanbod", SIGNED_IN),
        Case("POST", f"{A}/aanbod", OWN_ORGANISATION_ONLY, json=OFFER_JSON),
        Case("GET", f"{A}/aanbod/{OWN_OFFER}", SIGNED_IN),
        Case("PUT", f"{A}/aanbod/{OWN_OFFER}", OWN_ORGANISATION_ONLY, json=OFFER_JSON),
        Case("GET", f"{R}/studenten", MANAGERS | SCHOOLS),
        Case("GET", f"{R}/studenten/nieuw", MANAGERS | SCHOOLS),
        Case("POST", f"{R}/studenten/nieuw", OWN_SCHOOL_ONLY, STUDENT_FORM, owner_in_input=True),
        Case("GET", f"{R}/studenten/importeren", MANAGERS | SCHOOLS),
        Case(
            "POST",
            f"{R}/studenten/importeren",
            OWN_SCHOOL_ONLY,
            files=_students_file,
            owner_in_input=True,
        ),
        Case("GET", f"{A}/studenten", MANAGERS | SCHOOLS),
        Case(
            "POST",
            f"{A}/studenten",
            OWN_SCHOOL_ONLY,
            json={**STUDENT_FORM, "study_year": 3},
            owner_in_input=True,
        ),
    ],
    Phase.RANKINGS_OPEN: [
        Case("POST", f"{R}/studenten/herinneren", OWN_SCHOOL_ONLY, {"student_id": OWN_STUDENT}),
        Case("GET", f"{R}/zoeken", STUDENTS),
        Case("GET", f"{A}/zoeken", STUDENTS),
        Case("GET", f"{R}/mijn-lijst", STUDENTS),
        Case("GET", f"{A}/mijn-lijst", STUDENTS),
        Case("POST", f"{R}/mijn-lijst/toevoegen", STUDENTS, {"offer_id": "BW-MECH-01"}),
        Case("POST", f"{R}/mijn-lijst/omhoog", STUDENTS, {"offer_id": "CAW-GENT-01"}),
        Case("POST", f"{R}/mijn-lijst/omlaag", STUDENTS, {"offer_id": "OCMW-AALST-01"}),
        Case("POST", f"{R}/mijn-lijst/verwijderen", STUDENTS, {"offer_id": "CAW-GENT-01"}),
        Case(
            "POST",
            f"{R}/mijn-lijst",
            STUDENTS,
            {"offer_id": "CAW-GENT-01", "moved": "1"},
        ),
        Case("PUT", f"{A}/mijn-lijst", STUDENTS, json={"offer_ids": ["CAW-GENT-01"]}),
    ],
    Phase.CLOSED: [
        Case("POST", f"{R}/beheer/toewijzen", MANAGERS, {"seed": "3"}),
        Case("POST", f"{A}/toewijzen", MANAGERS, json={"seed": 3}),
    ],
    Phase.ALLOCATED: [
        Case("GET", f"{R}/beheer/runs/{{run}}", STATISTICS),
        Case("POST", f"{R}/beheer/runs/{{run}}", STATISTICS),
        Case("GET", f"{A}/runs", STATISTICS),
        Case("GET", f"{A}/runs/{{run}}", STATISTICS),
        Case("POST", f"{R}/beheer/publiceren", MANAGERS, {"run": "{run}"}),
        Case("POST", f"{A}/publiceren", MANAGERS, json={}),
    ],
    Phase.PUBLISHED: [
        Case("GET", f"{R}/beheer/loting.csv", SIGNED_IN),
        Case("GET", f"{R}/beheer/vrije-plaatsen.csv", SIGNED_IN),
        Case("GET", f"{A}/vrije-plaatsen", SIGNED_IN),
        Case("GET", f"{R}/resultaat", STUDENTS),
        Case("GET", f"{A}/resultaat", STUDENTS),
        Case(
            "POST",
            f"{R}/resultaat/beoordeling",
            STUDENTS,
            {"student_score": "4", "student_comment": "Leerrijk"},
        ),
        Case("GET", f"{R}/stagiairs", MANAGERS | ORGANISATIONS),
        Case("GET", f"{A}/stagiairs", MANAGERS | ORGANISATIONS),
        Case(
            "POST",
            f"{R}/stagiairs/{{placed}}/bevestigen",
            OWN_ORGANISATION_ONLY,
            {"mentor": "Mentor Jan"},
        ),
        Case(
            "POST",
            f"{R}/stagiairs/{{placed}}/evaluatie",
            THE_ORGANISATION,
            {"score": "5", "comment": "Sterk"},
        ),
        Case("POST", f"{R}/stagiairs/{{placed}}/job", THE_ORGANISATION, {"job_offered": "ja"}),
        Case(
            "POST",
            f"{A}/stagiairs/{{placed}}",
            THE_ORGANISATION,
            json={"mentor": "Mentor Jan", "job_offered": True},
        ),
        Case("POST", f"{R}/beheer/fase", MANAGERS, {"fase": "follow_up"}),
    ],
    Phase.FOLLOW_UP: [
        Case("POST", f"{R}/beheer/opvolgronde", MANAGERS, {"seed": "5"}),
        Case("POST", f"{A}/opvolgronde", MANAGERS, json={"seed": 5}),
    ],
}


# --- the world, saved once and restored before every request ------------------------------


@dataclass
class Matrix:
    world: World
    database: Path
    tokens: dict[str, str]
    csrf: dict[str, str]
    values: dict[str, str] = field(default_factory=dict)

    def save(self, target: Path) -> None:
        _copy(self.database, target)

    def restore(self, source: Path) -> None:
        _copy(source, self.database)

    def url(self, case: Case) -> str:
        return case.path.format(rid=self.world.round_id, **self.values)

    def send(self, actor: str, case: Case, *, csrf: str | None = "") -> Response:
        """The case's request as ``actor`` (API: their token; pages: their session and,
        unless ``csrf`` says otherwise, their CSRF token)."""
        client = self.world.client(actor)
        url = self.url(case)
        if case.api:
            headers = (
                {"Authorization": f"Bearer {self.tokens[actor]}"} if actor in self.tokens else {}
            )
            return client.request(case.method, url, json=case.json, headers=headers)
        if case.method == "GET":
            return client.get(url)
        token = self.csrf.get(actor, "") if csrf == "" else csrf
        form = {name: value.format(**self.values) for name, value in case.form.items()}
        if token is not None:
            form["csrf_token"] = token
        files = case.files() if case.files else None
        return client.post(url, data=form, files=files)


def _copy(source: Path, target: Path) -> None:
    """Copy one SQLite database into another through SQLite's backup (safe while in use)."""
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
        origin.backup(copy)
    origin.close()
    copy.close()


def _advance(matrix: Matrix, phase: Phase) -> None:
    """Bring the world to ``phase`` as the round would get there (allocation, publication)."""
    world = matrix.world
    container = world.container
    if phase is Phase.ALLOCATED:
        world.set_phase(Phase.CLOSED)
        run = allocation.allocate(container.unit_of_work(write=True), SYSTEM, world.round_id, SEED)
        matrix.values["run"] = str(run.id)
    elif phase is Phase.PUBLISHED:
        allocation.publish(container.unit_of_work(write=True), SYSTEM, world.round_id)
        matrix.values["placed"] = _placed_at_own_offer(container, world.round_id)
    else:
        world.set_phase(phase)


def _placed_at_own_offer(container: Container, round_id: int) -> str:
    with container.unit_of_work() as uow:
        run_id = uow.session.scalar(
            select(PlacementRound.published_run_id).where(PlacementRound.id == round_id)
        )
        placed = uow.session.scalar(
            select(PlacementAssignment.student_id)
            .where(PlacementAssignment.run_id == run_id, PlacementAssignment.offer_id == OWN_OFFER)
            .order_by(PlacementAssignment.student_id)
        )
    assert placed, "the world's allocation places nobody at the own offer"
    return placed


@pytest.fixture(scope="module")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Matrix]:
    folder = tmp_path_factory.mktemp("matrix")
    database = folder / "krapte.db"
    settings = Settings(
        home=folder / "home",  # type: ignore[call-arg]
        database_url=f"sqlite:///{database}",
        api_rate_limit="100000/minute",
    )
    container = bootstrap(settings)
    container.store.initialise()
    world = build_world(container, create_app(container), folder)
    offers = dict(OFFER_FORM)
    world.set_phase(Phase.OFFERS_OPEN)
    extra = offer_service.create_offer(
        container.unit_of_work(write=True), SYSTEM, world.round_id, offers
    )
    world.sign_in_all()
    tokens = {
        actor: accounts.create_api_token(
            container.unit_of_work(write=True), SYSTEM, "matrix", user_id=user_id
        ).secret
        for actor, user_id in world.user_ids.items()
    }
    csrf = {actor: csrf_token(world.client(actor), "/account") for actor in world.user_ids}
    yield Matrix(world, database, tokens, csrf, {"extra": extra.offer_id})
    container.store.dispose()


# --- the tests -------------------------------------------------------------------------------


def _refused(answer: Response, actor: str, case: Case) -> bool:
    """Nobody signed in: the sign-in page, 401, or 403 for a form without a session's CSRF
    token; signed in: 403 (422 where the owner is part of the input)."""
    status = answer.status_code
    if actor == "anonymous":
        to_sign_in = status == 303 and answer.headers["location"].startswith("/aanmelden")
        return to_sign_in or status in (401, 403)
    return status == 403 or (case.owner_in_input and status == 422)


def _allowed(answer: Response) -> bool:
    return answer.status_code in (200, 201, 204, 303) and not answer.headers.get(
        "location", ""
    ).startswith("/aanmelden")


def test_every_round_route_is_in_the_matrix() -> None:
    app = create_app(bootstrap(Settings(home=Path("/nonexistent-krapte"))))  # type: ignore[call-arg]
    found = {
        (method, route.route.path.replace("{rid}", "{rid}"))
        for route in routes(app)
        if route.route.path.startswith(("/stages", "/api/v1/stages"))
        for method in getattr(route.route, "methods", set()) - {"HEAD"}
    }
    listed = {
        (case.method, case.path.replace("{{", "{").replace("}}", "}"))
        for cases in CASES.values()
        for case in cases
    }
    listed = {
        (method, path.replace(OWN_OFFER, "{offer_id}").replace("{extra}", "{offer_id}"))
        for method, path in listed
    }
    listed = {
        (m, p.replace("{run}", "{run_id}").replace("{placed}", "{student_id}")) for m, p in listed
    }
    assert found - listed == set(), "add these routes to the access matrix"


@pytest.mark.parametrize("phase", list(CASES), ids=[p.value for p in CASES])
def test_each_actor_gets_exactly_what_the_matrix_allows(
    matrix: Matrix, phase: Phase, tmp_path: Path
) -> None:
    """Run in the order of the phases: each phase's state is built on the one before."""
    _advance(matrix, phase)
    base = tmp_path / "base.db"
    matrix.save(base)
    digest = snapshot(matrix.world.container)
    wrong: list[str] = []
    for case in CASES[phase]:
        for actor in ACTORS:
            matrix.restore(base)
            answer = matrix.send(actor, case)
            if actor in case.allowed:
                if not _allowed(answer):
                    wrong.append(
                        f"{case.method} {case.path} {actor}: {answer.status_code} ≠ allowed"
                    )
            elif not _refused(answer, actor, case):
                wrong.append(f"{case.method} {case.path} {actor}: {answer.status_code} ≠ refused")
            elif snapshot(matrix.world.container) != digest:
                wrong.append(f"{case.method} {case.path} {actor}: refused but changed the store")
    matrix.restore(base)
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("token", [None, "vals-token"], ids=["missing", "wrong"])
def test_every_form_is_refused_without_its_csrf_token(
    matrix: Matrix, token: str | None, tmp_path: Path
) -> None:
    base = tmp_path / "base.db"
    matrix.save(base)
    digest = snapshot(matrix.world.container)
    wrong = []
    for cases in CASES.values():
        for case in cases:
            if case.api or case.method == "GET":
                continue
            actor = sorted(case.allowed)[0]
            answer = matrix.send(actor, case, csrf=token)
            if answer.status_code != 403 or snapshot(matrix.world.container) != digest:
                wrong.append(f"{case.method} {case.path} {actor}: {answer.status_code}")
            matrix.restore(base)
    assert wrong == [], "\n".join(wrong)

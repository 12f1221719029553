"""The school's side of a round: students added, imported, listed and reminded, only for the
coordinator's own schools (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Row, select

from krapte.accounts.core.permissions import ANONYMOUS
from krapte.bootstrap import Container
from krapte.errors import Forbidden, InvalidInput, Unauthenticated, WrongPhase
from krapte.placement.core.calendar import Phase
from krapte.placement.rounds import students
from krapte.placement.tables import PlacementStudent
from placement.rounds.student_builders import (
    ADMIN,
    HOWEST,
    ODISEE,
    build_round,
    coordinator,
    set_phase,
    student_actor,
)

FORM = {
    "student_id": "S9", "name": "An Peeters", "email": "An.Peeters@school.test",
    "school": ODISEE, "programme": "sociaal werk", "level": "bachelor", "study_year": "2",
    "municipality": "Gent",
}  # fmt: skip
HEADER = "student_id;name;email;school;programme;level;study_year;municipality\n"


def stored(container: Container) -> dict[str, Row[Any]]:
    """The stored students as plain rows (name, email, year, account, reminder)."""
    s = PlacementStudent
    query = select(s.student_id, s.name, s.email, s.study_year, s.user_id, s.reminded_at)
    with container.unit_of_work() as uow:
        return {row.student_id: row for row in uow.session.execute(query)}


def test_a_coordinator_lists_only_the_students_of_their_schools(container: Container) -> None:
    rid = build_round(container)
    rows = students.list_students(container.unit_of_work(), coordinator(ODISEE), rid)
    assert [row.student_id for row in rows] == ["S1", "S2"]
    assert {row.school for row in rows} == {ODISEE}
    everyone = students.list_students(container.unit_of_work(), ADMIN, rid)
    assert [row.student_id for row in everyone] == ["S1", "S2", "S3", "S4"]


def test_completeness_counts_choices_against_the_offers_a_student_may_take(
    container: Container,
) -> None:
    rid = build_round(container, min_choices=3)
    rows = {r.student_id: r for r in students.list_students(container.unit_of_work(), ADMIN, rid)}
    # S2 has three choices: complete. S1 has two of three required: incomplete.
    assert (rows["S2"].choices, rows["S2"].required, rows["S2"].complete) == (3, 3, True)
    assert (rows["S1"].choices, rows["S1"].complete) == (2, False)
    # S3 (orthopedagogie) may take O2, O3 and O5 only... and O4 is for masters: required 3.
    assert rows["S3"].required == 3
    # S4 (master) may take O1, O2, O4, O5; has 2 choices of 3 required.
    assert (rows["S4"].choices, rows["S4"].required) == (2, 3)


def test_a_student_or_stranger_cannot_list_students(container: Container) -> None:
    rid = build_round(container)
    with pytest.raises(Forbidden):
        students.list_students(container.unit_of_work(), student_actor(1), rid)
    with pytest.raises(Unauthenticated):
        students.list_students(container.unit_of_work(), ANONYMOUS, rid)


def test_a_coordinator_adds_a_student_with_the_form(container: Container) -> None:
    rid = build_round(container)
    assert students.add_student(container.unit_of_work(write=True), coordinator(ODISEE), rid, FORM)
    added = stored(container)["S9"]
    assert (added.name, added.email, added.study_year) == (
        "An Peeters",
        "an.peeters@school.test",
        2,
    )


def test_the_form_names_every_bad_field_and_stores_nothing(container: Container) -> None:
    rid = build_round(container)
    bad = {**FORM, "study_year": "twee", "name": "", "email": "geen-adres", "level": ""}
    with pytest.raises(InvalidInput) as raised:
        students.add_student(container.unit_of_work(write=True), coordinator(ODISEE), rid, bad)
    fields = {problem.field for problem in raised.value.problems}
    assert fields == {"study_year", "name", "email", "level"}
    assert "S9" not in stored(container)


def test_a_coordinator_cannot_add_a_student_of_another_school(container: Container) -> None:
    rid = build_round(container)
    with pytest.raises(InvalidInput) as raised:
        students.add_student(
            container.unit_of_work(write=True), coordinator(ODISEE), rid, {**FORM, "school": HOWEST}
        )
    assert raised.value.problems[0].field == "school"
    assert "niet een van jouw scholen" in raised.value.problems[0].message
    assert "S9" not in stored(container)


def test_a_student_cannot_add_students(container: Container) -> None:
    rid = build_round(container)
    with pytest.raises(Forbidden):
        students.add_student(container.unit_of_work(write=True), student_actor(1), rid, FORM)
    with pytest.raises(Unauthenticated):
        students.add_student(container.unit_of_work(write=True), ANONYMOUS, rid, FORM)
    assert "S9" not in stored(container)


def test_students_are_added_only_in_the_early_phases(container: Container) -> None:
    rid = build_round(container, phase=Phase.CLOSED)
    with pytest.raises(WrongPhase):
        students.add_student(container.unit_of_work(write=True), coordinator(ODISEE), rid, FORM)
    assert "S9" not in stored(container)


def test_an_import_stores_every_row_or_none(container: Container, tmp_path: Path) -> None:
    rid = build_round(container)
    good = tmp_path / "studenten.csv"
    good.write_text(
        HEADER + "S10;Jan;jan@school.test;Odisee;sociaal werk;bachelor;2;Gent\n"
        "S11;Mia;;Odisee;orthopedagogie;bachelor;3;Aalst\n",
        encoding="utf-8",
    )
    count = students.import_students(
        container.unit_of_work(write=True), coordinator(ODISEE), rid, good
    )
    assert count == 2
    assert {"S10", "S11"} <= set(stored(container))
    bad = tmp_path / "fout.csv"
    bad.write_text(
        HEADER + "S12;Lien;lien@school.test;Odisee;sociaal werk;bachelor;2;Gent\n"
        "S13;Tom;tom@school.test;Howest;sociaal werk;bachelor;x;Gent\n"
        "S1;Dubbel;d@school.test;Odisee;sociaal werk;bachelor;2;Gent\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput) as raised:
        students.import_students(container.unit_of_work(write=True), coordinator(ODISEE), rid, bad)
    found = {(p.file, p.row, p.field) for p in raised.value.problems}
    assert ("fout.csv", 3, "school") in found
    assert ("fout.csv", 3, "study_year") in found
    assert ("fout.csv", 4, "student_id") in found
    assert "S12" not in stored(container)


def test_an_import_without_a_required_column_is_refused(
    container: Container, tmp_path: Path
) -> None:
    rid = build_round(container)
    path = tmp_path / "kort.csv"
    path.write_text("student_id;school\nS20;Odisee\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as raised:
        students.import_students(container.unit_of_work(write=True), coordinator(ODISEE), rid, path)
    assert {p.field for p in raised.value.problems} >= {"programme", "name"}


def test_a_reminder_is_sent_once_within_the_hour(container: Container) -> None:
    rid = build_round(container, min_choices=3, deadline=datetime(2099, 3, 1, 16, 0, tzinfo=UTC))
    outbox: list[tuple[str, str, str]] = []

    def send(to: str, subject: str, body: str) -> None:
        outbox.append((to, subject, body))

    first = students.remind_students(
        container.unit_of_work(write=True), coordinator(ODISEE), rid, ["S1", "S2"], send
    )
    assert first.sent == ("S1",)  # S2's list is complete
    assert [mail[0] for mail in outbox] == ["s1@school.test"]
    assert "voorjaar" in outbox[0][2]
    assert "vóór 01/03/2099 om 17:00" in outbox[0][2]  # Belgian time
    assert stored(container)["S1"].reminded_at is not None
    again = students.remind_students(
        container.unit_of_work(write=True), coordinator(ODISEE), rid, ["S1"], send
    )
    assert again.sent == ()
    assert len(outbox) == 1
    # An hour later it may go again.
    with container.unit_of_work(write=True) as uow:
        row = uow.session.get(PlacementStudent, (rid, "S1"))
        assert row is not None
        assert row.reminded_at is not None
        row.reminded_at = row.reminded_at - timedelta(hours=1, minutes=1)
        uow.commit()
    later = students.remind_students(
        container.unit_of_work(write=True), coordinator(ODISEE), rid, ["S1"], send
    )
    assert later.sent == ("S1",)
    assert len(outbox) == 2


def test_a_coordinator_cannot_remind_another_schools_student(container: Container) -> None:
    rid = build_round(container, min_choices=3)
    outbox: list[str] = []
    with pytest.raises(Forbidden):
        students.remind_students(
            container.unit_of_work(write=True),
            coordinator(ODISEE),
            rid,
            ["S1", "S4"],
            lambda to, subject, body: outbox.append(to),
        )
    assert outbox == []
    assert stored(container)["S1"].reminded_at is None


def test_reminders_only_while_lists_are_open(container: Container) -> None:
    rid = build_round(container, min_choices=3)
    set_phase(container, rid, Phase.CLOSED)
    with pytest.raises(WrongPhase):
        students.remind_students(
            container.unit_of_work(write=True), coordinator(ODISEE), rid, ["S1"], lambda *a: None
        )


def test_accounts_link_unlinked_records_with_the_same_address(container: Container) -> None:
    rid = build_round(container)
    students.add_student(container.unit_of_work(write=True), coordinator(ODISEE), rid, FORM)
    assert stored(container)["S9"].user_id is None
    linked = students.link_student_accounts(
        container.unit_of_work(write=True), " AN.peeters@school.test", 555
    )
    assert linked == 1
    assert stored(container)["S9"].user_id == 555
    # A record already linked stays with its account.
    assert (
        students.link_student_accounts(container.unit_of_work(write=True), "s1@school.test", 7) == 0
    )
    assert stored(container)["S1"].user_id == 101


def test_a_record_typed_with_a_students_address_never_takes_over_their_account(
    container: Container,
) -> None:
    """Another school typing a linked student's address links nothing; two unlinked records
    with one address in a round link neither (which one is theirs is for the school to say)."""
    rid = build_round(container)
    other = {**FORM, "student_id": "S8", "email": "s1@school.test", "school": HOWEST}
    students.add_student(container.unit_of_work(write=True), coordinator(HOWEST), rid, other)
    assert (
        students.link_student_accounts(container.unit_of_work(write=True), "s1@school.test", 101)
        == 0
    )
    assert stored(container)["S8"].user_id is None
    twin = {**FORM, "student_id": "S7", "school": HOWEST}
    students.add_student(container.unit_of_work(write=True), coordinator(ODISEE), rid, FORM)
    students.add_student(container.unit_of_work(write=True), coordinator(HOWEST), rid, twin)
    assert (
        students.link_student_accounts(container.unit_of_work(write=True), FORM["email"], 555) == 0
    )
    assert {stored(container)[s].user_id for s in ("S9", "S7")} == {None}

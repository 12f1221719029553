"""The organiser's form: Belgian time, one organisation and one programme item per line."""

from __future__ import annotations

from datetime import UTC, datetime

from krapte.fairs.core.form import parse_form
from krapte.fairs.core.records import ItemKind

FORM = {
    "title": "Jobbeurs Limburg", "organiser": "Sociare", "municipality": "Genk",
    "venue": "C-mine", "date": "2027-07-01", "starts": "09:00", "ends": "16:30",
    "capacity": "80", "participants": "OCMW Genk\n\n Vzw Ligo \n",
    "programme": "10:00; pitch; Werken bij het OCMW; OCMW Genk\n14:15; Lezing; Werkbaar werk",
}  # fmt: skip


def test_a_summer_form_becomes_a_fair_in_utc_with_its_lines() -> None:
    new, problems = parse_form(FORM)
    assert problems == []
    assert new is not None
    assert new.starts_at.astimezone(UTC) == datetime(2027, 7, 1, 7, tzinfo=UTC)  # CEST: UTC+2
    assert new.ends_at.astimezone(UTC) == datetime(2027, 7, 1, 14, 30, tzinfo=UTC)
    assert new.participants == ("OCMW Genk", "Vzw Ligo")
    assert [(i.kind, i.title, i.organisation) for i in new.programme] == [
        (ItemKind.PITCH, "Werken bij het OCMW", "OCMW Genk"),
        (ItemKind.TALK, "Werkbaar werk", ""),
    ]


def test_unreadable_fields_and_programme_lines_are_named_with_their_line() -> None:
    lines = "10:00 pitch zonder puntkomma\n25:00; pitch; Te laat\n11:00; dans; Iets"
    bad = {**FORM, "date": "1 juli", "capacity": "veel", "programme": lines}
    new, problems = parse_form(bad)
    assert new is None
    assert [(p.field, p.row) for p in problems] == [
        ("date", None),
        ("capacity", None),
        ("programme", 1),
        ("programme", 2),
        ("programme", 3),
    ]

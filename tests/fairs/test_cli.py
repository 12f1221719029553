"""`krapte fairs list` on the command line's own store: counts, never personal data."""

from __future__ import annotations

import json

from builders import run_cli
from fairs.builders import add_fair, register
from krapte.bootstrap import bootstrap


def test_list_shows_coming_fairs_with_places_and_waiting_list_but_no_visitors(
    initialised: str,
) -> None:
    container = bootstrap()
    fair = add_fair(container, capacity=1, municipality="Hasselt")
    register(container, fair.id, "an@voorbeeld.be", name="An Peeters")
    register(container, fair.id, "bo@voorbeeld.be", name="Bo Janssens")
    container.store.dispose()
    records = json.loads(run_cli("fairs", "list", "--format", "json").output)
    assert [(r["id"], r["province"], r["registered"], r["waiting"]) for r in records] == [
        (fair.id, "Limburg", 1, 1)
    ]
    table = run_cli("fairs", "list").output
    assert "Jobbeurs sociaal werk Gent" in table
    assert "an@voorbeeld.be" not in table
    assert "An Peeters" not in table
    assert json.loads(run_cli("fairs", "list", "--province", "Antwerpen", "--format", "json")
                      .output) == []  # fmt: skip
    assert json.loads(run_cli("fairs", "list", "--past", "--format", "json").output) == []

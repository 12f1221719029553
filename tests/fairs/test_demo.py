"""`krapte demo load` adds one job fair whose participants come from the demo round."""

from __future__ import annotations

from builders import run_cli
from krapte.bootstrap import bootstrap
from krapte.fairs import demo, service


def test_demo_load_adds_one_fair_with_the_demo_rounds_organisations_once(initialised: str) -> None:
    first = run_cli("demo", "load", "--students", "40").output
    assert "Demojobbeurs sociaal werk" in first
    second = run_cli("demo", "load", "--students", "40").output
    assert "bestaat al" in second
    container = bootstrap()
    fairs = service.list_fairs(container.unit_of_work()).fairs
    assert len(fairs) == 1
    fair = fairs[0]
    assert fair.round_id is not None
    assert len(fair.participants) == demo.PARTICIPANTS
    shown = service.participants(container.unit_of_work(), fair)
    assert all(p.offers >= 1 for p in shown)
    container.store.dispose()

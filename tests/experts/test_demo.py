"""The demo's experts: three approved profiles, replaced (not doubled) on a second load."""

from __future__ import annotations

from krapte.bootstrap import Container
from krapte.experts import demo, service
from krapte.experts.core.profile import Search


def test_the_demo_gives_three_approved_experts_and_can_run_twice(container: Container) -> None:
    demo.load(container)
    lines = demo.load(container)
    found = service.search(container.unit_of_work(), Search())
    assert found.total == 3
    assert sorted(e.name for e in found.experts) == ["Emma Maes", "Lotte Peeters", "Noah Janssens"]
    assert "3 goedgekeurde demo-experten" in lines[0]

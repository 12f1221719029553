"""The effect of recommendation 36 (central placement), measured by the placement simulation.

The scenario `centrale_stagetoewijzing` takes its share of extra students placed in their field
from the placement capability's service: central allocation (with its follow-up round) against
today's search on one generated round. The internship-to-job rate stays a parameter of the
scenario until placement rounds record it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from krapte.forecast.core.parameters import Scenario, replace_parameter
from krapte.forecast.core.provenance import SIMULATION, Provenance

#: The generated placement round whose outcome sizes recommendation 36 (students, offers, seed).
PLACEMENT_ROUND = (4000, 800, 2025)


@dataclass(frozen=True, slots=True)
class PlacementEffect:
    """Central allocation against today's search on one generated round."""

    students: int
    placed_status_quo: int
    placed_central: int

    @property
    def extra_share(self) -> float:
        return (self.placed_central - self.placed_status_quo) / self.students


@cache
def placement_effect() -> PlacementEffect:
    """Simulate today's search and the central allocation (with its follow-up round) on a
    generated round, through the placement capability's service."""
    import tempfile
    from pathlib import Path

    from krapte.placement import service as placement

    students, offers, seed = PLACEMENT_ROUND
    with tempfile.TemporaryDirectory() as folder:
        made = placement.generate_round(students, offers, seed, Path(folder) / "ronde", 10)
        paths = placement.InputPaths(
            offers=made / "offers.csv",
            students=made / "students.csv",
            preferences=made / "preferences.csv",
        )
        summary = placement.simulate(paths, seed)
    return PlacementEffect(
        students=summary.students,
        placed_status_quo=summary.placed,
        placed_central=summary.central_allocation.placed_after_followup,
    )


def with_placement_effect(scenario: Scenario) -> Scenario:
    """The scenario with ``stage_extra_geplaatst`` set by the placement simulation."""
    effect = placement_effect()
    current = scenario.parameters["stage_extra_geplaatst"]
    share = max(effect.extra_share, 0.0)
    method = (
        f"krapte placement op een gegenereerde ronde van {effect.students} studenten "
        f"(seed {PLACEMENT_ROUND[2]}): centrale toewijzing met opvolgronde plaatst "
        f"{effect.placed_central}, de status quo {effect.placed_status_quo}"
    )
    details = (("method", method), ("reasoning", current.provenance.get("reasoning")))
    return replace_parameter(
        scenario,
        replace(
            current,
            value=share,
            low=share * 0.5,
            high=min(1.0, share * 1.5),
            provenance=Provenance(SIMULATION, details),
        ),
    )

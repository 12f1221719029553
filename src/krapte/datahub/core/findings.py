"""What a consistency check finds, and the Dutch wording the checks share.

Pure: :class:`Finding` is the result of every check in :mod:`krapte.datahub.core.checks` and
:mod:`krapte.datahub.core.series_checks`; the helpers word the places and numbers of a finding.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Literal

from krapte.datahub.core.records import Observation
from krapte.formatting import number

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}
DIMENSIONS: tuple[str, ...] = ("geography", "institution", "programme", "level", "category")
DUTCH_DIMENSION = {
    "geography": "geografie",
    "institution": "instelling",
    "programme": "opleiding",
    "level": "niveau",
    "category": "categorie",
}
#: Measures whose name holds one of these words are changes (growth), which may be negative.
CHANGE_MARKERS: tuple[str, ...] = (
    "groei",
    "toename",
    "afname",
    "daling",
    "stijging",
    "verschil",
    "verandering",
    "evolutie",
)
_RANGE = re.compile(r"^\d{4}\s*-\s*\d{4}$")


@dataclass(frozen=True)
class Finding:
    """One thing a check found: how bad it is, where, a Dutch message and the values involved."""

    severity: Severity
    dataset: str
    check: str
    message: str
    values: dict[str, object] = field(default_factory=dict)

    def concerns(self, dataset: str) -> bool:
        """Whether the finding is about ``dataset`` (cross-dataset findings name several)."""
        return dataset in self.dataset.split(", ")

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def show_number(value: float) -> str:
    """A figure of a message: whole numbers as ``1.938``, others with one decimal (``39,9``)."""
    return number(value) if float(value).is_integer() else number(value, 1)


def where(obs: Observation) -> str:
    """The measure, period and dimensions of one observation, in Dutch."""
    parts = [f"{obs.measure} {obs.period}"]
    parts += [
        f"{DUTCH_DIMENSION[d]} '{getattr(obs, d)}'" for d in DIMENSIONS[1:] if getattr(obs, d)
    ]
    if obs.geography and obs.geography != "Vlaanderen":
        parts.append(f"geografie '{obs.geography}'")
    return ", ".join(parts)


def series_label(obs: Observation) -> str:
    """The dimensions of a series in brackets: ``(instelling 'A', niveau 'bachelor')``."""
    dims = [f"{DUTCH_DIMENSION[d]} '{getattr(obs, d)}'" for d in DIMENSIONS[1:] if getattr(obs, d)]
    return "(" + (", ".join(dims) or "totaal") + ")"


def is_change_measure(obs: Observation) -> bool:
    """Growth figures (a change, possibly negative) rather than levels or shares."""
    return bool(_RANGE.match(obs.period)) or any(m in obs.measure for m in CHANGE_MARKERS)

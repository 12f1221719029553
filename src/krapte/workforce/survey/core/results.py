"""When a survey's results may be shown, and what they hold.

Results are shown only when the survey is closed and at least :data:`MIN_RESPONSES` people
answered. The threshold is the disclosure rules' minimum of persons per published cell
(``krapte.workforce.core.disclosure.Rules.min_persons``, default 10). Results wait for the close
because a survey that still takes answers would let its organisation difference the shares
before and after one more response and read that one person's answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from krapte.workforce.core.disclosure import Rules

MIN_RESPONSES: Final = Rules().min_persons

TOO_FEW: Final = "nog te weinig antwoorden"
STILL_OPEN: Final = "de bevraging loopt nog"


def withheld_because(closed: bool, responses: int) -> str | None:
    """Why the results are not shown (a Dutch reason), or None when they may be shown."""
    if responses < MIN_RESPONSES:
        return TOO_FEW
    if not closed:
        return STILL_OPEN
    return None


@dataclass(frozen=True)
class Comparison:
    """A sector figure from the data hub that a question is compared with."""

    category: str
    """The data hub's category: ``sector`` (care and welfare) or ``subsector``."""
    period: str
    value: float
    """Percent, as printed in the report."""
    source: str

    def as_dict(self) -> dict[str, object]:
        return {
            "category": self.category,
            "period": self.period,
            "value": self.value,
            "source": self.source,
        }


@dataclass(frozen=True)
class QuestionResult:
    key: str
    kind: str
    label: str
    text: str
    problems: int
    """Respondents who answered "vaak" or "altijd"."""
    responses: int
    sector: Comparison | None
    subsector: Comparison | None

    @property
    def share(self) -> float:
        """Percent of respondents with the problem."""
        return 100.0 * self.problems / self.responses if self.responses else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "kind": self.kind,
            "label": self.label,
            "question": self.text,
            "problems": self.problems,
            "responses": self.responses,
            "share": round(self.share, 1),
            "sector": self.sector.as_dict() if self.sector else None,
            "subsector": self.subsector.as_dict() if self.subsector else None,
        }

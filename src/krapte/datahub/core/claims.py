"""The report's prose claims as data, and their verdicts against the figures.

Pure: claims are parsed from TOML text with :mod:`tomllib`; their checks are evaluated with the
safe expression language of :mod:`krapte.datahub.core.expressions`. A claim is tested against
the data (``check``) or says why it cannot be (``untestable``); it may also name the passage where
the report says otherwise (``elsewhere``). The verdicts are documented in
``docs/checks-and-imports.md``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Literal

from krapte.datahub.core.expressions import CheckError, ObservationIndex, evaluate
from krapte.datahub.core.records import Observation
from krapte.datahub.core.toml_rows import header_lines
from krapte.errors import InvalidInput, Problem, toml_error

Status = Literal[
    "ondersteund", "tegengesproken", "tegenstrijdig in het rapport", "niet toetsbaar", "fout"
]
#: Every status, in the order a summary lists them; only ``fout`` is a failure of the check.
STATUSES: tuple[Status, ...] = (
    "ondersteund",
    "tegengesproken",
    "tegenstrijdig in het rapport",
    "niet toetsbaar",
    "fout",
)
_CLAIM_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_TEXT_KEYS = ("id", "statement", "section", "check", "untestable", "note")
_REQUIRED = ("id", "statement", "section")
_ELSEWHERE_KEYS = ("statement", "section", "check")


@dataclass(frozen=True)
class Elsewhere:
    """The passage where the report says something else about the same matter.

    ``check``, when given, holds when the two passages agree (e.g. two growth figures for one
    group); without it the passages are read as contradicting each other (prose with no figures).
    """

    statement: str
    section: str
    check: str = ""


@dataclass(frozen=True)
class Claim:
    """A sentence of the report with its section and how to test it (or why it cannot be)."""

    id: str
    """Kebab-case identifier, unique in the claims file."""
    statement: str
    section: str
    check: str = ""
    """The expression that holds when the data support the statement."""
    note: str = ""
    untestable: str = ""
    """Instead of a check: why no printed figure can test the statement (Dutch)."""
    elsewhere: Elsewhere | None = None


@dataclass(frozen=True)
class ClaimResult:
    """A claim's verdict on the figures, with the figure computed and what was expected."""

    id: str
    section: str
    statement: str
    status: Status
    figure: float | None
    expected: str
    error: str = ""
    reason: str = ""
    elsewhere_section: str = ""
    elsewhere_statement: str = ""

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


# --- the claims file -----------------------------------------------------------------------


def parse_claims(text: str, source: str = "claims.toml") -> list[Claim]:
    """Every ``[[claim]]`` of a claims file, validated.

    Raises :class:`~krapte.errors.InvalidInput` listing every problem, each naming the file, the
    line of the claim's ``[[claim]]`` header (as its row) and the field.
    """
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput.single(toml_error(exc), file=source) from exc
    entries = document.get("claim", [])
    if not isinstance(entries, list) or not entries:
        raise InvalidInput.single("geen [[claim]]-blokken gevonden", file=source)
    lines = header_lines(text, "claim", len(entries))
    problems: list[Problem] = []
    claims: list[Claim] = []
    seen: set[str] = set()
    for entry, line in zip(entries, lines, strict=True):
        found = _Problems(source, line)
        claim = _claim(entry, found)
        if claim is not None:
            if claim.id in seen:
                found(f"de id {claim.id!r} komt twee keer voor", "id")
            seen.add(claim.id)
        problems.extend(found.items)
        if claim is not None and not found.items:
            claims.append(claim)
    if problems:
        count = len(problems)
        raise InvalidInput(problems, f"{source} bevat {count} {'fout' if count == 1 else 'fouten'}")
    return claims


class _Problems:
    """The problems of one claim, each naming the file, the claim's line and a field."""

    def __init__(self, source: str, row: int | None) -> None:
        self.source, self.row = source, row
        self.items: list[Problem] = []

    def __call__(self, message: str, field: str = "") -> None:
        self.items.append(Problem(message, file=self.source, row=self.row, field=field))


def _claim(entry: object, problem: _Problems) -> Claim | None:
    """One claim from its TOML table, or None after reporting its problems."""
    if not isinstance(entry, dict):
        problem("een claim is een tabel ([[claim]])")
        return None
    label = f" (claim {entry['id']!r})" if isinstance(entry.get("id"), str) else ""
    for key in sorted(set(entry) - {*_TEXT_KEYS, "elsewhere"}):
        problem(f"onbekend veld{label}; toegestaan: {', '.join((*_TEXT_KEYS, 'elsewhere'))}", key)
    for key in _TEXT_KEYS:
        value = entry.get(key, "")
        if not isinstance(value, str) or (key in _REQUIRED and not value.strip()):
            problem(
                f"verplichte tekst ontbreekt{label}" if key in _REQUIRED else "moet tekst zijn", key
            )
    if isinstance(entry.get("id"), str) and entry["id"] and not _CLAIM_ID.match(entry["id"]):
        problem(f"{entry['id']!r} is geen id in kleine letters met streepjes (kebab-case)", "id")
    check, untestable = entry.get("check", ""), entry.get("untestable", "")
    if isinstance(check, str) and isinstance(untestable, str):
        if check.strip() and untestable.strip():
            problem(f"geef check of untestable, niet allebei{label}", "untestable")
        elif not check.strip() and not untestable.strip():
            problem(f"geef een check, of met untestable waarom dat niet kan{label}", "check")
    elsewhere = _elsewhere(entry.get("elsewhere"), problem, label)
    try:
        return Claim(
            id=entry["id"],
            statement=entry["statement"],
            section=entry["section"],
            check=check.strip(),
            note=entry.get("note", ""),
            untestable=untestable.strip(),
            elsewhere=elsewhere,
        )
    except (KeyError, AttributeError):  # reported above
        return None


def _elsewhere(table: object, problem: _Problems, label: str) -> Elsewhere | None:
    if table is None:
        return None
    if not isinstance(table, dict):
        problem(f"elsewhere is een tabel ([claim.elsewhere]){label}", "elsewhere")
        return None
    for key in sorted(set(table) - set(_ELSEWHERE_KEYS)):
        problem(
            f"onbekend veld{label}; toegestaan: {', '.join(_ELSEWHERE_KEYS)}", f"elsewhere.{key}"
        )
    ok = True
    for key in _ELSEWHERE_KEYS:
        value = table.get(key, "")
        if not isinstance(value, str) or (key != "check" and not value.strip()):
            problem(f"verplichte tekst ontbreekt{label}", f"elsewhere.{key}")
            ok = False
    if not ok:
        return None
    return Elsewhere(table["statement"], table["section"], table.get("check", "").strip())


# --- verdicts ------------------------------------------------------------------------------


def check_claims(claims: Sequence[Claim], observations: Sequence[Observation]) -> list[ClaimResult]:
    """The verdict on every claim; a claim is reported as the data has it, never adjusted.

    In order: a claim whose other passage disagrees is ``tegenstrijdig in het rapport``; else its
    check gives ``ondersteund`` or ``tegengesproken``; a claim without a check is ``niet
    toetsbaar``. A check that cannot be evaluated makes the claim ``fout``.
    """
    index = ObservationIndex(observations)
    return [_verdict(claim, index) for claim in claims]


def _verdict(claim: Claim, index: ObservationIndex) -> ClaimResult:
    other = claim.elsewhere
    base = {
        "id": claim.id,
        "section": claim.section,
        "statement": claim.statement,
        "elsewhere_section": other.section if other else "",
        "elsewhere_statement": other.statement if other else "",
    }
    try:
        if other is not None and not other.check:
            return ClaimResult(
                **base,
                status="tegenstrijdig in het rapport",
                figure=None,
                expected="",
                reason=f"Sectie {other.section} zegt het tegendeel.",
            )
        if other is not None:
            agreement = evaluate(other.check, index)
            if not agreement.holds:
                return ClaimResult(
                    **base,
                    status="tegenstrijdig in het rapport",
                    figure=agreement.figure,
                    expected=agreement.expected,
                    reason=f"Sectie {other.section} geeft een ander cijfer.",
                )
        if claim.check:
            outcome = evaluate(claim.check, index)
            return ClaimResult(
                **base,
                status="ondersteund" if outcome.holds else "tegengesproken",
                figure=outcome.figure,
                expected=outcome.expected,
            )
    except CheckError as exc:
        return ClaimResult(**base, status="fout", figure=None, expected="", error=str(exc))
    return ClaimResult(
        **base, status="niet toetsbaar", figure=None, expected="", reason=claim.untestable
    )

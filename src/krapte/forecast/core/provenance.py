"""Where a parameter's value comes from: the report, an external source, a calibration, a
simulation or an assumption, each with the details that let a reader check it.

A scenario file states ``provenance = "<kind>"`` for every parameter and the fields that kind
requires (Dutch kinds, English field names):

| kind | required fields | optional |
| --- | --- | --- |
| ``rapport`` | ``section`` | ``lines``, ``datahub`` (a data hub row: ``dataset/measure/...``) |
| ``externe bron`` | ``publisher``, ``title``, ``year``, ``url`` | ``datahub`` |
| ``kalibratie`` | ``target`` (what the value is fitted to) | |
| ``simulatie`` | ``method`` (the other part of krapte that computes it) | |
| ``aanname`` | ``reasoning`` (why this value and this range) | |
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

REPORT = "rapport"
EXTERNAL = "externe bron"
CALIBRATION = "kalibratie"
SIMULATION = "simulatie"
ASSUMPTION = "aanname"

REQUIRED: dict[str, tuple[str, ...]] = {
    REPORT: ("section",),
    EXTERNAL: ("publisher", "title", "year", "url"),
    CALIBRATION: ("target",),
    SIMULATION: ("method",),
    ASSUMPTION: ("reasoning",),
}
OPTIONAL: dict[str, tuple[str, ...]] = {
    REPORT: ("lines", "datahub", "reasoning"),
    EXTERNAL: ("datahub", "reasoning"),
    CALIBRATION: ("reasoning",),
    SIMULATION: ("reasoning",),
    ASSUMPTION: (),
}
KINDS: tuple[str, ...] = tuple(REQUIRED)
FIELDS: frozenset[str] = frozenset(
    {name for fields in (*REQUIRED.values(), *OPTIONAL.values()) for name in fields}
)


@dataclass(frozen=True, slots=True)
class Provenance:
    """The kind of provenance and its details (field -> text)."""

    kind: str
    details: tuple[tuple[str, str], ...] = ()

    def get(self, field: str) -> str:
        return dict(self.details).get(field, "")

    @property
    def text(self) -> str:
        """One Dutch line for people: the kind, then its details."""
        get = self.get
        if self.kind == REPORT:
            where = f"rapport {get('section')}"
            if get("lines"):
                where += f", r. {get('lines')}"
            parts = [where]
            if get("datahub"):
                parts.append(f"datahub:{get('datahub')}")
        elif self.kind == EXTERNAL:
            parts = [
                f"externe bron: {get('publisher')}, '{get('title')}' ({get('year')}), {get('url')}"
            ]
            if get("datahub"):
                parts.append(f"datahub:{get('datahub')}")
        elif self.kind == CALIBRATION:
            parts = [f"kalibratie: {get('target')}"]
        elif self.kind == SIMULATION:
            parts = [f"simulatie: {get('method')}"]
        else:
            parts = [f"aanname: {get('reasoning')}"]
        if self.kind != ASSUMPTION and get("reasoning"):
            parts.append(get("reasoning"))
        return "; ".join(parts)


def parse_provenance(raw: Mapping[str, Any]) -> tuple[Provenance | None, str]:
    """The provenance of a parameter table, or (None, a Dutch reason) when it is incomplete."""
    kind = raw.get("provenance")
    if not isinstance(kind, str) or kind not in REQUIRED:
        return None, f"'provenance' moet een van {', '.join(KINDS)} zijn, niet {kind!r}"
    missing = [name for name in REQUIRED[kind] if not str(raw.get(name, "")).strip()]
    if missing:
        return None, f"provenance '{kind}' vraagt ook: {', '.join(missing)}"
    allowed = set(REQUIRED[kind]) | set(OPTIONAL[kind])
    foreign = sorted(name for name in FIELDS - allowed if name in raw)
    if foreign:
        return None, f"provenance '{kind}' kent geen velden {', '.join(foreign)}"
    details = tuple(
        (name, str(raw[name]).strip())
        for name in (*REQUIRED[kind], *OPTIONAL[kind])
        if str(raw.get(name, "")).strip()
    )
    return Provenance(kind, details), ""

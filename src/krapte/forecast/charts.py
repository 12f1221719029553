"""Chart specifications (Vega-Lite via Altair) and their rendering to PNG/SVG (vl-convert).

The ``*_spec`` functions return plain dicts (Vega-Lite JSON with the data inline), so the web
pages can embed the very same charts; :func:`write_charts` renders them without a browser.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import altair as alt
import vl_convert as vlc

from krapte.datahub.core.records import FLANDERS
from krapte.errors import InvalidInput, os_error
from krapte.forecast.core.montecarlo import Simulation

Spec = dict[str, Any]


def _inline(rows: list[dict[str, Any]]) -> Any:
    """Inline data for a chart (altair's constructors are untyped)."""
    return alt.Data(values=rows)  # type: ignore[no-untyped-call]


def gap_fan_rows(simulations: Sequence[Simulation], region: str = FLANDERS) -> list[dict[str, Any]]:
    rows = []
    for simulation in simulations:
        band = simulation.band("gap", region)
        for index, year in enumerate(simulation.years):
            rows.append(
                {
                    "scenario": simulation.scenario.name,
                    "jaar": year,
                    "p10": round(float(band.p10[index]), 1),
                    "mediaan": round(float(band.p50[index]), 1),
                    "p90": round(float(band.p90[index]), 1),
                }
            )
    return rows


def gap_fan_spec(simulations: Sequence[Simulation], region: str = FLANDERS) -> Spec:
    """Fan chart: the median gap per scenario with its 80% band (p10-p90)."""
    base = alt.Chart(_inline(gap_fan_rows(simulations, region))).encode(
        x=alt.X("jaar:O", title="Jaar"),
        color=alt.Color("scenario:N", title="Scenario"),
    )
    band = base.mark_area(opacity=0.2).encode(
        y=alt.Y("p10:Q", title="Tekort aan sociaal werkers (vraag - aanbod)"),
        y2="p90:Q",
    )
    line = base.mark_line(point=True).encode(
        y="mediaan:Q",
        tooltip=["scenario:N", "jaar:O", "mediaan:Q", "p10:Q", "p90:Q"],
    )
    chart = (band + line).properties(
        title=f"Tekort aan sociaal werkers, {region} (mediaan en 80%-band)",
        width=560,
        height=320,
    )
    spec: Spec = chart.to_dict()
    return spec


def hiring_rows(simulation: Simulation, region: str = FLANDERS) -> list[dict[str, Any]]:
    rows = []
    expansion = simulation.band("expansion_need", region).p50
    replacement = simulation.band("replacement_need", region).p50
    for index, year in enumerate(simulation.years[1:], start=1):
        rows.append(
            {"jaar": year, "soort": "uitbreidingsvraag", "aantal": round(float(expansion[index]))}
        )
        rows.append(
            {
                "jaar": year,
                "soort": "vervangingsvraag",
                "aantal": round(float(replacement[index])),
            }
        )
    return rows


def hiring_need_spec(simulation: Simulation, region: str = FLANDERS) -> Spec:
    """Stacked bars: yearly hiring need split into expansion and replacement (medians)."""
    chart = (
        alt.Chart(_inline(hiring_rows(simulation, region)))
        .mark_bar()
        .encode(
            x=alt.X("jaar:O", title="Jaar"),
            y=alt.Y("aantal:Q", stack="zero", title="Aanwervingsbehoefte per jaar (mediaan)"),
            color=alt.Color("soort:N", title="Oorsprong"),
            tooltip=["jaar:O", "soort:N", "aantal:Q"],
        )
        .properties(
            title=f"Aanwervingsbehoefte, {region}: {simulation.scenario.title}",
            width=560,
            height=320,
        )
    )
    spec: Spec = chart.to_dict()
    return spec


#: Flemish number and date formats in the charts (12.000, not 12,000).
NUMBER_LOCALE: Final = "nl-NL"
TIME_LOCALE: Final = "nl-BE"


def render(spec: Spec, suffix: str) -> bytes:
    """A spec as PNG or SVG bytes (``suffix`` ``.png`` or ``.svg``), with Dutch number formats."""
    if suffix == ".svg":
        svg: str = vlc.vegalite_to_svg(
            spec, format_locale=NUMBER_LOCALE, time_format_locale=TIME_LOCALE
        )
        return svg.encode("utf-8")
    if suffix == ".png":
        png: bytes = vlc.vegalite_to_png(
            spec, scale=2, format_locale=NUMBER_LOCALE, time_format_locale=TIME_LOCALE
        )
        return png
    raise ValueError(f"unsupported chart format: {suffix}")


def write_files(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write rendered charts into ``folder``: each file whole or not at all, Dutch errors.

    Every chart is rendered before anything is written; each file is written to a temporary
    name and renamed into place, so a failure never leaves a half-written chart.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, content in files.items():
            target = folder / name
            staging = folder / f".{name}.tmp"
            staging.write_bytes(content)
            os.replace(staging, target)
            written.append(target)
    except OSError as exc:
        raise InvalidInput.single(
            f"{folder}: kan de grafieken niet schrijven ({os_error(exc)})", field="grafiekenmap"
        ) from exc
    return written


def write_charts(
    simulations: Sequence[Simulation], folder: Path, region: str = FLANDERS
) -> list[Path]:
    """The gap fan chart (all scenarios) and a hiring-need bar chart per scenario."""
    specs: list[tuple[str, Spec]] = [("tekort", gap_fan_spec(simulations, region))]
    for simulation in simulations:
        name = f"aanwervingsbehoefte_{simulation.scenario.name}"
        specs.append((name, hiring_need_spec(simulation, region)))
    files = {
        f"{name}{suffix}": render(spec, suffix)
        for name, spec in specs
        for suffix in (".png", ".svg")
    }
    return write_files(folder, files)

"""Chart specifications (Vega-Lite via Altair) and their rendering to PNG/SVG (vl-convert).

The ``*_spec`` functions return plain dicts (Vega-Lite JSON with the data inline), so the web
pages can embed the very same charts; :func:`write_charts` renders them without a browser.

Every chart names scenarios by their Dutch title, gives each scenario one fixed colour (the legend
swatch is the line's colour), shows years horizontally, and carries a source and "wat-als-scenario"
line underneath. Instead of overlapping bands, the gap chart has one small panel per scenario,
each beside the baseline.
"""

from __future__ import annotations

import os
import textwrap
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final, Protocol

import altair as alt
import vl_convert as vlc

from krapte.datahub.core.records import FLANDERS
from krapte.errors import InvalidInput, os_error
from krapte.forecast.core.montecarlo import Band, Simulation
from krapte.forecast.core.parameters import Scenario
from krapte.forecast.core.sensitivity import Sensitivity
from krapte.forecast.views import TARGET_LABELS, TARGET_NAMES, top_line

Spec = dict[str, Any]

#: One colour per built-in scenario, the same in every chart (Tableau 10, colour-blind safe order).
SCENARIO_COLOURS: Final = {
    "basis": "#4e4e4e",
    "onboarding_retentie": "#4e79a7",
    "stages_wervingskanaal": "#f28e2b",
    "uitzondering_werkloosheidssteun": "#e15759",
    "activering_langdurig_zieken": "#76b7b2",
    "graduaat_knelpuntopleiding": "#59a14f",
    "doorstroom_master": "#edc948",
    "centrale_stagetoewijzing": "#b07aa1",
}
OTHER_COLOURS: Final = ("#ff9da7", "#9c755f", "#bab0ac", "#1f77b4", "#8c564b")
SOURCE_LINE: Final = (
    "Bron: krapte-prognose op het rapport Arbeidsmarktkrapte in Sociaal Werk (2025) en externe "
    "bronnen (zie krapte forecast params)."
)
WHAT_IF_LINE: Final = (
    "Wat-als-scenario, geen officiële prognose: mediaan en 80%-band over de Monte "
    "Carlo-trekkingen; veel invoer is een aanname."
)


class Run(Protocol):
    """What a chart needs of a scenario's run: a full :class:`Simulation` or its summary
    (:class:`krapte.forecast.published.Projection`)."""

    @property
    def scenario(self) -> Scenario: ...

    @property
    def years(self) -> tuple[int, ...]: ...

    def band(self, output: str, region: str = FLANDERS) -> Band: ...


def colour(scenario: str) -> str:
    """The fixed colour of a scenario (a stable pick for scenarios that are not built in)."""
    found = SCENARIO_COLOURS.get(scenario)
    if found is not None:
        return found
    return OTHER_COLOURS[zlib.crc32(scenario.encode("utf-8")) % len(OTHER_COLOURS)]


def _inline(rows: list[dict[str, Any]]) -> Any:
    """Inline data for a chart (altair's constructors are untyped)."""
    return alt.Data(values=rows)  # type: ignore[no-untyped-call]


def _footer(chart: Any, *lines: str) -> Any:
    return chart.properties(
        title=alt.TitleParams(
            text=list(lines), orient="bottom", anchor="start", fontSize=10, fontWeight="normal"
        )
    )


def gap_fan_rows(simulations: Sequence[Run], region: str = FLANDERS) -> list[dict[str, Any]]:
    rows = []
    for simulation in simulations:
        band = simulation.band("gap", region)
        for index, year in enumerate(simulation.years):
            rows.append(
                {
                    "scenario": simulation.scenario.title,
                    "jaar": year,
                    "p10": round(float(band.p10[index]), 1),
                    "mediaan": round(float(band.p50[index]), 1),
                    "p90": round(float(band.p90[index]), 1),
                }
            )
    return rows


#: Characters per line of a panel's title (a long Dutch title wraps instead of being cut).
TITLE_WIDTH: Final = 48


def panel_title(text: str) -> list[str]:
    """A panel's title in lines that fit its width."""
    return textwrap.wrap(text, TITLE_WIDTH) or [text]


def year_axis(years: Sequence[int]) -> Any:
    """Horizontal year labels, every other year (ending at the horizon) so none overlap."""
    if len(years) <= 8:
        return alt.Axis(labelAngle=0, title="Jaar")
    shown = [year for year in years if (years[-1] - year) % 2 == 0]
    return alt.Axis(labelAngle=0, title="Jaar", values=shown)


def _panel(rows: list[dict[str, Any]], titles: list[str], colours: list[str], name: str) -> Any:
    scale = alt.Scale(domain=titles, range=colours)
    years = sorted({row["jaar"] for row in rows})
    base = alt.Chart(_inline(rows)).encode(x=alt.X("jaar:O", axis=year_axis(years)))
    band = base.mark_area(opacity=0.15).encode(
        y=alt.Y("p10:Q", title="Tekort (vraag − aanbod)"),
        y2="p90:Q",
        color=alt.Color("scenario:N", scale=scale, legend=None),
    )
    line = base.mark_line(point=True, strokeWidth=2).encode(
        y="mediaan:Q",
        color=alt.Color(
            "scenario:N",
            scale=scale,
            title="Scenario",
            legend=alt.Legend(
                symbolType="stroke", symbolStrokeWidth=3, direction="vertical", labelLimit=380
            ),
        ),
        tooltip=["scenario:N", "jaar:O", "mediaan:Q", "p10:Q", "p90:Q"],
    )
    layered = (band + line).resolve_legend(color="independent")
    return layered.properties(title=panel_title(name), width=380, height=200)


def gap_fan_spec(
    simulations: Sequence[Run], region: str = FLANDERS, source: str = SOURCE_LINE
) -> Spec:
    """Small multiples: each scenario's median gap and 80% band beside the baseline's."""
    rows = gap_fan_rows(simulations, region)
    base = next((s for s in simulations if s.scenario.name == "basis"), simulations[0])
    panels = []
    for simulation in simulations:
        pair = [base] if simulation is base else [base, simulation]
        titles = [s.scenario.title for s in pair]
        chosen = [row for row in rows if row["scenario"] in titles]
        panels.append(
            _panel(
                chosen, titles, [colour(s.scenario.name) for s in pair], simulation.scenario.title
            )
        )
    grid = alt.concat(*panels, columns=2).resolve_scale(color="independent", y="shared")
    chart = _footer(
        grid.properties(), f"Tekort aan sociaal werkers, {region}", source, WHAT_IF_LINE
    )
    spec: Spec = chart.to_dict()
    return spec


def hiring_rows(simulation: Run, region: str = FLANDERS) -> list[dict[str, Any]]:
    rows = []
    expansion = simulation.band("expansion_need", region).p50
    replacement = simulation.band("replacement_need", region).p50
    for index, year in enumerate(simulation.years[1:], start=1):
        rows.append(
            {"jaar": year, "soort": "uitbreidingsvraag", "aantal": round(float(expansion[index]))}
        )
        rows.append(
            {"jaar": year, "soort": "vervangingsvraag", "aantal": round(float(replacement[index]))}
        )
    return rows


def _hiring_bars(simulation: Run, region: str, axis_title: str) -> Any:
    main = colour(simulation.scenario.name)
    return (
        alt.Chart(_inline(hiring_rows(simulation, region)))
        .mark_bar()
        .encode(
            x=alt.X("jaar:O", axis=alt.Axis(labelAngle=0, title="Jaar")),
            y=alt.Y("aantal:Q", stack="zero", title=axis_title),
            color=alt.Color(
                "soort:N",
                title="Oorsprong",
                scale=alt.Scale(
                    domain=["uitbreidingsvraag", "vervangingsvraag"], range=[main, "#bab0ac"]
                ),
                legend=alt.Legend(direction="vertical"),
            ),
            tooltip=["jaar:O", "soort:N", "aantal:Q"],
        )
    )


def hiring_need_spec(simulation: Run, region: str = FLANDERS, source: str = SOURCE_LINE) -> Spec:
    """Stacked bars: yearly hiring need split into expansion and replacement (medians)."""
    chart = _hiring_bars(simulation, region, "Aanwervingsbehoefte per jaar (mediaan)").properties(
        title=f"Aanwervingsbehoefte, {region}: {simulation.scenario.title}",
        width=560,
        height=320,
    )
    spec: Spec = alt.vconcat(_footer(chart, source, WHAT_IF_LINE)).to_dict()
    return spec


def hiring_need_panels_spec(
    simulations: Sequence[Run], region: str = FLANDERS, source: str = SOURCE_LINE
) -> Spec:
    """Small multiples of :func:`hiring_need_spec`: one panel per scenario, on one scale, each
    with its expansion in the scenario's colour and its replacement in grey."""
    panels = [
        _hiring_bars(simulation, region, "Aanwervingen per jaar").properties(
            title=panel_title(simulation.scenario.title), width=380, height=200
        )
        for simulation in simulations
    ]
    grid = alt.concat(*panels, columns=2).resolve_scale(color="independent", y="shared")
    chart = _footer(
        grid.properties(),
        f"Aanwervingsbehoefte per jaar (mediaan), {region}",
        source,
        WHAT_IF_LINE,
    )
    spec: Spec = chart.to_dict()
    return spec


def tornado_spec(found: Sensitivity, scenario: Scenario, target: str, top: int = 12) -> Spec:
    """Tornado chart: the parameters ranked by total Sobol' index, first order beside it."""
    rows = []
    for index in found.ranking(target)[:top]:
        rows.append({"parameter": index.parameter, "index": "totaal (ST)", "waarde": index.total})
        rows.append({"parameter": index.parameter, "index": "eigen (S1)", "waarde": index.first})
    order = [index.parameter for index in found.ranking(target)[:top]]
    chart = (
        alt.Chart(_inline(rows))
        .mark_bar()
        .encode(
            y=alt.Y("parameter:N", sort=order, title=None),
            x=alt.X("waarde:Q", title="Sobol-index (aandeel van de variantie)"),
            yOffset="index:N",
            color=alt.Color(
                "index:N",
                title="Index",
                scale=alt.Scale(domain=["totaal (ST)", "eigen (S1)"], range=["#4e79a7", "#a0cbe8"]),
            ),
            tooltip=["parameter:N", "index:N", alt.Tooltip("waarde:Q", format=".3f")],
        )
        .properties(
            title=(
                f"Gevoeligheid van {TARGET_NAMES[target]} in {scenario.horizon}: {scenario.title}"
            ),
            width=480,
            height=28 * len(order),
        )
    )
    spec: Spec = alt.vconcat(
        _footer(
            chart,
            f"Sobol-indices, N = {found.samples} ({found.evaluations} modelruns).",
            top_line(found, target, scenario.horizon),
            SOURCE_LINE,
            WHAT_IF_LINE,
        )
    ).to_dict()
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


def _files(specs: list[tuple[str, Spec]]) -> dict[str, bytes]:
    return {
        f"{name}{suffix}": render(spec, suffix)
        for name, spec in specs
        for suffix in (".png", ".svg")
    }


def write_charts(
    simulations: Sequence[Simulation], folder: Path, region: str = FLANDERS
) -> list[Path]:
    """The gap panels (all scenarios) and a hiring-need bar chart per scenario."""
    specs: list[tuple[str, Spec]] = [("tekort", gap_fan_spec(simulations, region))]
    for simulation in simulations:
        name = f"aanwervingsbehoefte_{simulation.scenario.name}"
        specs.append((name, hiring_need_spec(simulation, region)))
    return write_files(folder, _files(specs))


def write_tornado(found: Sensitivity, scenario: Scenario, folder: Path) -> list[Path]:
    """One tornado chart per analysed output."""
    specs = [
        (f"gevoeligheid_{label}", tornado_spec(found, scenario, target))
        for target, label in TARGET_LABELS.items()
    ]
    return write_files(folder, _files(specs))

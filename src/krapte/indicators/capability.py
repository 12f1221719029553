"""Indicators as a capability: `krapte indicators` and the dashboard (tables: the data hub's)."""

from krapte.capability import Capability, CommandGroup

CAPABILITY = Capability(
    name="indicators",
    title="Indicatoren",
    commands=(
        CommandGroup(
            "indicators",
            "krapte.indicators.cli:app",
            "Indicatoren: groei, CAGR, index en aggregatie per regio.",
        ),
    ),
    router="krapte.indicators.routes:router",
    templates="krapte.indicators",
)

"""Indicators as a capability: `krapte indicators` (its tables are the data hub's)."""

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
)

"""Central internship placement as a capability: its tables and `krapte placement`."""

from krapte.capability import Capability, CommandGroup

CAPABILITY = Capability(
    name="placement",
    title="Stageplaatsing",
    tables="krapte.placement.tables",
    commands=(
        CommandGroup(
            "placement",
            "krapte.placement.cli:app",
            "Centrale stageplaatsing: eerlijke, reproduceerbare toewijzing van stageplaatsen.",
        ),
    ),
)

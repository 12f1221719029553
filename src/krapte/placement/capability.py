"""Central internship placement as a capability: tables, `krapte placement`, the round's pages."""

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
    router="krapte.placement.routes:router",
    templates="krapte.placement",
)

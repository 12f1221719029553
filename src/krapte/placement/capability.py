"""Central internship placement: its tables, `krapte placement`, `krapte demo` and pages."""

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
        CommandGroup(
            "demo",
            "krapte.placement.cli.demo:app",
            "Demo: een stageronde met verzonnen gegevens en een account per rol.",
        ),
    ),
    router="krapte.placement.routes:router",
    templates="krapte.placement",
)

"""The forecast as a capability: `krapte forecast` and the `/prognose` pages (it reads the data
hub, stores nothing)."""

from krapte.capability import Capability, CommandGroup

CAPABILITY = Capability(
    name="forecast",
    title="Prognose",
    commands=(
        CommandGroup(
            "forecast",
            "krapte.forecast.cli:app",
            "Prognose van aanbod en vraag van sociaal werkers, met beleidsscenario's.",
        ),
    ),
    router="krapte.forecast.routes:router",
    templates="krapte.forecast",
)

"""Vacancies as a capability: organisations publish, seekers search and apply, krapte counts."""

from krapte.capability import Capability, CommandGroup

CAPABILITY = Capability(
    name="vacancies",
    title="Vacatures",
    tables="krapte.vacancies.tables",
    commands=(
        CommandGroup(
            "vacancies",
            "krapte.vacancies.cli:app",
            "Vacatures: oplijsten, importeren uit een bestand, statistieken naar de databank.",
        ),
    ),
    router="krapte.vacancies.routes:router",
    templates="krapte.vacancies",
)

"""`krapte vacancies`: list, import and stats (filled in below)."""

from __future__ import annotations

from krapte.cli import group

app = group("Vacatures: oplijsten, importeren uit een bestand, statistieken naar de databank.")

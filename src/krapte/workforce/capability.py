"""The workforce monitor as a capability (for now: the pulse survey only).

Minimal on the survey branch: the records branch brings the capability's own tables, commands
and router; at the merge this file registers both (the survey's router is included by the
workforce router, its tables imported by the workforce tables or listed here).
"""

from krapte.capability import Capability

CAPABILITY = Capability(
    name="workforce",
    title="Werkkracht",
    tables="krapte.workforce.survey.tables",
    router="krapte.workforce.survey.routes:router",
    templates="krapte.workforce.survey",
)

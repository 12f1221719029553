"""Reader of the bundled action plan (``krapte/data/actionplan/*.csv``).

The report *Arbeidsmarktkrapte in Sociaal Werk* (Sterk Sociaal Werk, 2025) ends with 60
recommendations (chapter 5, grouped by actor and by short or long term) and 10 priorities. They
are bundled as data, worded as printed; ``notes`` records where the report is inconsistent or
where krapte made a choice (a joined line break, an editorial title, a link between a priority
and a recommendation that the report does not name). ``source_line`` is the line of the report's
plain-text export where an item starts.

Pure file reading through the one tabular reader (:func:`krapte.tabular.read_table`); a
malformed file raises :class:`krapte.errors.InvalidInput` whose problems name file, row and
column, in Dutch.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

import numpy as np

from krapte.errors import InvalidInput, Problem
from krapte.tabular import Table, read_table

__all__ = [
    "ACTOR_GROUPS",
    "BASES",
    "PRIORITY_COUNT",
    "RECOMMENDATION_COUNT",
    "TERMS",
    "ActionPlan",
    "Priority",
    "PriorityLink",
    "Recommendation",
    "load",
    "load_bundled",
]

RECOMMENDATIONS = "recommendations.csv"
PRIORITIES = "priorities.csv"
LINKS = "priority_links.csv"
RECOMMENDATION_COUNT = 60
PRIORITY_COUNT = 10

#: The seven actor groups in the report's order (sections 5.1 to 5.7), key -> Dutch label.
ACTOR_GROUPS: dict[str, str] = {
    "government": "Overheid (federaal - Vlaams - lokaal)",
    "employment_service": "VDAB",
    "sector_federation": "Sterk Sociaal Werk",
    "care_welfare_ambassador": "Zorg- en welzijnsambassadeur",
    "higher_education": "Hoger onderwijs",
    "social_work_organisations": "Sociaalwerkorganisaties",
    "individual_social_workers": "Individuele sociaal werkers",
}
#: Terms as the report groups them ("Korte termijn", "Lange termijn"), key -> Dutch label.
TERMS: dict[str, str] = {"short": "Korte termijn", "long": "Lange termijn"}
#: Why a priority links to a recommendation: the report says so, or krapte reads it so.
BASES: dict[str, str] = {"report": "volgens het rapport", "interpretation": "interpretatie"}

INVALID = "het gebundelde actieplan is ongeldig"


@dataclass(frozen=True, slots=True)
class Recommendation:
    number: int
    actor_group: str
    actor_group_label: str
    term: str
    text: str
    section: str
    source_line: int
    notes: str = ""


@dataclass(frozen=True, slots=True)
class Priority:
    number: int
    title: str
    text: str
    source_line: int
    notes: str = ""


@dataclass(frozen=True, slots=True)
class PriorityLink:
    priority: int
    recommendation: int
    basis: str
    notes: str = ""


@dataclass(frozen=True, slots=True)
class ActionPlan:
    recommendations: tuple[Recommendation, ...]
    priorities: tuple[Priority, ...]
    links: tuple[PriorityLink, ...]

    def recommendation(self, number: int) -> Recommendation:
        for item in self.recommendations:
            if item.number == number:
                return item
        raise KeyError(number)

    def priority(self, number: int) -> Priority:
        for item in self.priorities:
            if item.number == number:
                return item
        raise KeyError(number)

    def recommendations_of(self, priority: int) -> tuple[int, ...]:
        """The numbers of the recommendations linked to ``priority``, in the file's order."""
        return tuple(link.recommendation for link in self.links if link.priority == priority)


def data_dir() -> Traversable:
    return files("krapte") / "data" / "actionplan"


def load_bundled() -> ActionPlan:
    """The action plan bundled with krapte."""
    folder = data_dir()
    with (
        as_file(folder / RECOMMENDATIONS) as recommendations,
        as_file(folder / PRIORITIES) as priorities,
        as_file(folder / LINKS) as links,
    ):
        return _load(recommendations, priorities, links)


def load(folder: Path) -> ActionPlan:
    """The action plan in ``folder`` (the three files by their bundled names)."""
    return _load(folder / RECOMMENDATIONS, folder / PRIORITIES, folder / LINKS)


def _load(recommendations_file: Path, priorities_file: Path, links_file: Path) -> ActionPlan:
    problems: list[Problem] = []
    recommendations = _recommendations(_read(recommendations_file), problems)
    priorities = _priorities(_read(priorities_file), problems)
    links = _links(_read(links_file), problems)
    if problems:
        raise InvalidInput(problems, INVALID)
    return ActionPlan(recommendations, priorities, links)


def _read(path: Path) -> Table:
    try:
        return read_table(path)
    except InvalidInput as exc:
        raise InvalidInput(exc.problems, INVALID) from exc


# --- the three files -----------------------------------------------------------------------


def _recommendations(table: Table, problems: list[Problem]) -> tuple[Recommendation, ...]:
    columns = ("number", "actor_group", "actor_group_label", "term", "text", "section")
    missing = table.missing((*columns, "source_line"))
    if missing:
        problems.extend(missing)
        return ()
    numbers = _numbers(table, "number", RECOMMENDATION_COUNT, problems)
    lines = _line_numbers(table, problems)
    groups = table.texts("actor_group")
    labels = table.texts("actor_group_label")
    terms = table.texts("term")
    for index in range(len(table)):
        group = groups[index]
        if group not in ACTOR_GROUPS:
            known = ", ".join(ACTOR_GROUPS)
            problems.append(
                table.problem(index, "actor_group", f"onbekende groep '{group}' ({known})")
            )
        elif labels[index] != ACTOR_GROUPS[group]:
            problems.append(
                table.problem(
                    index,
                    "actor_group_label",
                    f"'{labels[index]}' hoort niet bij '{group}': verwacht '{ACTOR_GROUPS[group]}'",
                )
            )
        if terms[index] not in TERMS:
            problems.append(
                table.problem(index, "term", f"onbekende termijn '{terms[index]}' (short of long)")
            )
    _required_text(table, ("text", "section"), problems)
    texts, sections, notes = table.texts("text"), table.texts("section"), table.texts("notes")
    return tuple(
        Recommendation(
            number=int(numbers[index]),
            actor_group=groups[index],
            actor_group_label=labels[index],
            term=terms[index],
            text=texts[index],
            section=sections[index],
            source_line=int(lines[index]),
            notes=notes[index],
        )
        for index in range(len(table))
    )


def _priorities(table: Table, problems: list[Problem]) -> tuple[Priority, ...]:
    missing = table.missing(("number", "title", "text", "source_line"))
    if missing:
        problems.extend(missing)
        return ()
    numbers = _numbers(table, "number", PRIORITY_COUNT, problems)
    lines = _line_numbers(table, problems)
    _required_text(table, ("title", "text"), problems)
    titles, texts, notes = table.texts("title"), table.texts("text"), table.texts("notes")
    return tuple(
        Priority(
            number=int(numbers[index]),
            title=titles[index],
            text=texts[index],
            source_line=int(lines[index]),
            notes=notes[index],
        )
        for index in range(len(table))
    )


def _links(table: Table, problems: list[Problem]) -> tuple[PriorityLink, ...]:
    missing = table.missing(("priority", "recommendation", "basis"))
    if missing:
        problems.extend(missing)
        return ()
    priorities = _in_range(table, "priority", PRIORITY_COUNT, problems)
    recommendations = _in_range(table, "recommendation", RECOMMENDATION_COUNT, problems)
    bases, notes = table.texts("basis"), table.texts("notes")
    seen: set[tuple[int, int]] = set()
    for index in range(len(table)):
        if bases[index] not in BASES:
            problems.append(
                table.problem(
                    index, "basis", f"onbekende basis '{bases[index]}' (report of interpretation)"
                )
            )
        elif bases[index] == "interpretation" and not notes[index].strip():
            problems.append(
                table.problem(index, "notes", "een interpretatie heeft een toelichting nodig")
            )
        pair = (int(priorities[index]), int(recommendations[index]))
        if pair in seen:
            problems.append(
                table.problem(index, "recommendation", f"koppeling {pair[0]}-{pair[1]} staat er al")
            )
        seen.add(pair)
    return tuple(
        PriorityLink(
            int(priorities[index]), int(recommendations[index]), bases[index], notes[index]
        )
        for index in range(len(table))
    )


# --- checks shared by the files ------------------------------------------------------------


def _in_range(table: Table, column: str, count: int, problems: list[Problem]) -> np.ndarray:
    parsed = table.integers(column, 1, count)
    for index in np.flatnonzero(~parsed.valid).tolist():
        cell = table.texts(column)[index]
        problems.append(
            table.problem(index, column, f"'{cell}' is geen geheel getal van 1 tot en met {count}")
        )
    return parsed.values


def _numbers(table: Table, column: str, count: int, problems: list[Problem]) -> np.ndarray:
    """Numbers 1..``count``, each exactly once."""
    values = _in_range(table, column, count, problems)
    for index in np.flatnonzero(table.duplicates(column)).tolist():
        problems.append(
            table.problem(index, column, f"nummer {table.texts(column)[index]} komt twee keer voor")
        )
    absent = sorted(set(range(1, count + 1)) - set(values.tolist()))
    if absent:
        shown = ", ".join(str(number) for number in absent)
        problems.append(Problem(f"nummer(s) {shown} ontbreken", file=table.file, field=column))
    return values


def _line_numbers(table: Table, problems: list[Problem]) -> np.ndarray:
    return _in_range(table, "source_line", 1_000_000, problems)


def _required_text(table: Table, columns: tuple[str, ...], problems: list[Problem]) -> None:
    for column in columns:
        for index in np.flatnonzero(table.empty(column)).tolist():
            problems.append(table.problem(index, column, "mag niet leeg zijn"))

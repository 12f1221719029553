"""The follow-up as a spreadsheet: export every action (and every recommendation without one) as
CSV or JSON, edit it elsewhere, import it back.

An import is all-or-nothing: every row is checked against the store as it is (known
recommendation, existing action number, no row twice, a valid status transition, due date not
before start date, known indicators, the permission function) before anything is written; the
first problem of every row is reported with file, row and column. A row changes only what differs
from the store, and every change is recorded as events, exactly as an edit in the browser.

Columns: ``recommendation``, ``action`` (empty: a new action, or no action when ``title`` is
empty too), ``actor_group`` and ``term`` (exported for reading; ignored on import), ``title``,
``owner``, ``contact_role``, ``start_date``, ``due_date`` (``2026-06-30`` or ``30/06/2026``),
``status`` (key or Dutch label), ``indicators`` (keys separated by ``;``), ``note`` and
``evidence_url`` (a progress update, only on import).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from krapte.accounts.core.permissions import Actor, Resource, allowed
from krapte.actionplan import repository as repo
from krapte.actionplan import service
from krapte.actionplan.core.followup import (
    ActionState,
    Change,
    Event,
    EventKind,
    apply,
    check_change,
    created,
    events_for,
    status_of,
    validate_fields,
)
from krapte.db.uow import UnitOfWork
from krapte.errors import Conflict, InvalidInput, NotFound, Problem, os_error
from krapte.tabular import read_table

COLUMNS = (
    "recommendation",
    "action",
    "actor_group",
    "term",
    "title",
    "owner",
    "contact_role",
    "start_date",
    "due_date",
    "status",
    "indicators",
)
IMPORT_ONLY = ("note", "evidence_url")
_DUTCH_DATE = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})([ T]00:00(:00)?)?$")


def export_rows(uow: UnitOfWork) -> list[dict[str, object]]:
    """One row per action, and one empty row for every recommendation without actions."""
    with uow:
        actions = repo.actions(uow.session)
    by_number: dict[int, list[ActionState]] = {}
    for action in actions:
        by_number.setdefault(action.recommendation, []).append(action)
    rows: list[dict[str, object]] = []
    for item in service.plan().recommendations:
        common = {"recommendation": item.number, "actor_group": item.actor_group, "term": item.term}
        found = by_number.get(item.number, [])
        if not found:
            rows.append({**common, **dict.fromkeys(COLUMNS[4:], ""), "action": ""})
        for action in found:
            rows.append(
                {
                    **common,
                    "action": action.number,
                    "title": action.title,
                    "owner": action.owner,
                    "contact_role": action.contact_role,
                    "start_date": action.start_date.isoformat() if action.start_date else "",
                    "due_date": action.due_date.isoformat() if action.due_date else "",
                    "status": action.status.value,
                    "indicators": ";".join(action.indicators),
                }
            )
    return rows


@dataclass(frozen=True, slots=True)
class ImportResult:
    created: int
    changed: int
    unchanged: int
    events: int

    def as_dict(self) -> dict[str, int]:
        return {
            "created": self.created,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "events": self.events,
        }


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV, XLSX or JSON file as column → text (row numbers follow the file)."""
    if path.suffix.lower() == ".json":
        try:
            loaded = json.loads(path.read_text(encoding="utf-8-sig"))
        except OSError as exc:
            raise InvalidInput.single(os_error(exc), file=path.name) from exc
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InvalidInput.single(f"geen geldige JSON: {exc}", file=path.name) from exc
        if not isinstance(loaded, list) or not all(isinstance(row, dict) for row in loaded):
            raise InvalidInput.single("verwacht een lijst van rijen (objecten)", file=path.name)
        return [
            {str(key): "" if value is None else str(value) for key, value in row.items()}
            for row in loaded
        ]
    table = read_table(path)
    missing = table.missing(("recommendation", "action"))
    if missing:
        raise InvalidInput(missing)
    columns = {name: table.texts(name) for name in table.header}
    return [
        {name: values[index] for name, values in columns.items()} for index in range(len(table))
    ]


def _date(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    iso = _ISO_DATE.match(text)
    if iso:
        return date.fromisoformat(iso.group(1))
    dutch = _DUTCH_DATE.match(text)
    if dutch:
        day, month, year = (int(part) for part in dutch.groups())
        return date(year, month, day)
    raise ValueError(text)


def import_file(uow: UnitOfWork, actor: Actor, path: Path) -> ImportResult:
    """Apply the rows of ``path`` (all-or-nothing); InvalidInput naming file, row and column."""
    rows = read_rows(path)
    # JSON rows count from 1; tabular rows from the header row: the first data row is row 2.
    first_row = 1 if path.suffix.lower() == ".json" else 2
    problems: list[Problem] = []
    created_count = changed = unchanged = 0
    all_events: list[tuple[ActionState, list[Event]]] = []
    with uow:
        current = {
            (a.recommendation, a.number): a for a in repo.actions(uow.session, for_update=True)
        }
        next_numbers: dict[int, int] = {}
        seen: dict[tuple[int, int], int] = {}
        for index, row in enumerate(rows):
            number = index + first_row
            try:
                outcome = _row(uow, actor, row, current, next_numbers, seen, number)
            except InvalidInput as exc:
                problems.extend(
                    Problem(p.message, file=path.name, row=number, field=p.field)
                    for p in exc.problems
                )
                continue
            except NotFound as exc:
                problems.append(
                    Problem(str(exc), file=path.name, row=number, field="recommendation")
                )
                continue
            except Conflict as exc:
                problems.append(Problem(exc.message, file=path.name, row=number, field="status"))
                continue
            if outcome is None:
                unchanged += 1
                continue
            state, events, is_new = outcome
            all_events.append((state, events))
            created_count += is_new
            changed += not is_new
        if problems:
            raise InvalidInput(problems, f"{path.name}: niets geïmporteerd")
        for state, events in all_events:
            repo.save(uow.session, state)
            repo.append(uow.session, events, actor.user_id)
        uow.commit()
    return ImportResult(
        created_count, changed, unchanged, sum(len(events) for _, events in all_events)
    )


def _row(
    uow: UnitOfWork,
    actor: Actor,
    row: Mapping[str, str],
    current: dict[tuple[int, int], ActionState],
    next_numbers: dict[int, int],
    seen: dict[tuple[int, int], int],
    line: int,
) -> tuple[ActionState, list[Event], bool] | None:
    number, _ = service.parse_reference(row.get("recommendation", ""), "recommendation")
    service.recommendation(number)
    fields = _fields(row)
    status = status_of(row["status"]) if row.get("status", "").strip() else None
    note = row.get("note", "").strip()
    evidence = row.get("evidence_url", "").strip()
    action_text = row.get("action", "").strip()
    at = service.now()
    if not action_text:
        if not fields.get("title") and not fields.get("owner"):
            return None
        _require(actor, str(fields.get("owner", "")))
        validate_fields(fields)
        if number not in next_numbers:
            next_numbers[number] = repo.next_number(uow.session, number)
        state = ActionState(
            recommendation=number,
            number=next_numbers[number],
            created_at=at,
            updated_at=at,
            **fields,  # type: ignore[arg-type]
        )
        next_numbers[number] += 1
        events = [created(state, at, actor.name, service.acting_as(actor, state.owner))]
        if (status is not None and status is not state.status) or note:
            change = Change(status=status, note=note, evidence_url=evidence)
            check_change(state, change)
            events += events_for(state, change, at, actor.name, events[0].acting_as)
        return _applied(state, events), events, True
    try:
        action = int(action_text)
    except ValueError:
        raise InvalidInput.single(f"'{action_text}' is geen actienummer", field="action") from None
    key = (number, action)
    if key in seen:
        raise InvalidInput.single(
            f"actie {number}.{action} staat al op rij {seen[key]}", field="action"
        )
    seen[key] = line
    stored = current.get(key)
    if stored is None:
        raise InvalidInput.single(f"actie {number}.{action} bestaat niet", field="action")
    state = stored
    _require(actor, state.owner)
    if "owner" in fields and fields["owner"] != state.owner:
        _require(actor, str(fields["owner"]))
    change = Change(
        fields={k: v for k, v in fields.items() if getattr(state, k) != v},
        status=status,
        note=note,
        evidence_url=evidence,
    )
    if not change.fields and (status is None or status is state.status) and not note:
        return None
    check_change(state, change)
    events = events_for(state, change, at, actor.name, service.acting_as(actor, state.owner))
    return _applied(state, events), events, False


def _applied(state: ActionState, events: list[Event]) -> ActionState:
    for event in events:
        if event.kind is not EventKind.CREATED:
            state = apply(state, event)
    return state


def _require(actor: Actor, owner: str) -> None:
    if not allowed(actor, service.EDIT, Resource("action", organisation=owner)):
        raise InvalidInput.single(f"je mag de acties van '{owner}' niet wijzigen", field="owner")


def _fields(row: Mapping[str, str]) -> dict[str, object]:
    """The editable fields present in the row, parsed (absent columns change nothing)."""
    fields: dict[str, object] = {}
    for name in ("title", "owner", "contact_role"):
        if name in row:
            fields[name] = row[name].strip()
    for name in ("start_date", "due_date"):
        if name in row:
            try:
                fields[name] = _date(row[name])
            except ValueError:
                raise InvalidInput.single(
                    f"'{row[name]}' is geen datum (schrijf 2026-06-30 of 30/06/2026)", field=name
                ) from None
    if "indicators" in row:
        fields["indicators"] = service.catalogue().check_keys(row["indicators"].split(";"))
    return fields


__all__ = ["COLUMNS", "ImportResult", "export_rows", "import_file", "read_rows"]

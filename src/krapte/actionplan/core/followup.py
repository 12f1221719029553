"""Follow-up of the action plan: actions, their statuses and the events that record every change.

Pure rules, no store. An action belongs to one recommendation and is numbered within it
("36.1"). Every change is an :class:`Event`; the current state of an action is what its events
say, in order (:func:`replay`), so the history is never overwritten. :func:`check_change` decides
whether a change is allowed before anything is written:

- a status moves along :data:`TRANSITIONS`; "afgerond" (done) and "stopgezet" (dropped) are
  closed: the only way out is an explicit reopening, which returns the action to "lopend";
- a due date never lies before the start date;
- a change must change something.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from krapte.errors import Conflict, InvalidInput, Problem

MAX_TITLE = 300
MAX_TEXT = 4000
MAX_OWNER = 200
MAX_ROLE = 200
MAX_URL = 1000


class Status(StrEnum):
    NOT_STARTED = "not_started"
    UNDER_WAY = "under_way"
    DONE = "done"
    STALLED = "stalled"
    DROPPED = "dropped"


STATUS_LABELS: dict[Status, str] = {
    Status.NOT_STARTED: "niet gestart",
    Status.UNDER_WAY: "lopend",
    Status.DONE: "afgerond",
    Status.STALLED: "vastgelopen",
    Status.DROPPED: "stopgezet",
}
CLOSED = frozenset({Status.DONE, Status.DROPPED})
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.NOT_STARTED: frozenset({Status.UNDER_WAY, Status.STALLED, Status.DONE, Status.DROPPED}),
    Status.UNDER_WAY: frozenset({Status.STALLED, Status.DONE, Status.DROPPED}),
    Status.STALLED: frozenset({Status.UNDER_WAY, Status.DONE, Status.DROPPED}),
    Status.DONE: frozenset(),
    Status.DROPPED: frozenset(),
}
REOPENED_STATUS = Status.UNDER_WAY


class EventKind(StrEnum):
    CREATED = "created"
    EDITED = "edited"
    STATUS = "status"
    PROGRESS = "progress"
    REOPENED = "reopened"


EVENT_LABELS: dict[EventKind, str] = {
    EventKind.CREATED: "actie vastgelegd",
    EventKind.EDITED: "gegevens gewijzigd",
    EventKind.STATUS: "status gewijzigd",
    EventKind.PROGRESS: "voortgang gemeld",
    EventKind.REOPENED: "heropend",
}

#: The fields of an action that an edit may change, with their Dutch names.
EDITABLE: dict[str, str] = {
    "title": "titel",
    "owner": "trekker (organisatie)",
    "contact_role": "contactpersoon (rol)",
    "start_date": "startdatum",
    "due_date": "einddatum",
    "indicators": "indicatoren",
}


def status_of(text: str, field_name: str = "status") -> Status:
    """The status named by its key ("under_way") or Dutch label ("lopend"); InvalidInput else."""
    cleaned = text.strip().lower()
    for status, label in STATUS_LABELS.items():
        if cleaned in (status.value, label):
            return status
    known = ", ".join(STATUS_LABELS.values())
    raise InvalidInput.single(f"onbekende status '{text}' (kies uit: {known})", field=field_name)


@dataclass(frozen=True, slots=True)
class ActionState:
    """An action as its events describe it now."""

    recommendation: int
    number: int
    title: str
    owner: str
    contact_role: str = ""
    start_date: date | None = None
    due_date: date | None = None
    status: Status = Status.NOT_STARTED
    indicators: tuple[str, ...] = ()
    """Keys of linked data hub indicators (see :mod:`krapte.actionplan.core.indicators`)."""
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def reference(self) -> str:
        return f"{self.recommendation}.{self.number}"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def overdue(self, today: date) -> bool:
        """Past its due date and neither done nor dropped."""
        return self.due_date is not None and self.due_date < today and self.status not in CLOSED


@dataclass(frozen=True, slots=True)
class Change:
    """What one editor asks: new field values, a new status, a note, an evidence link."""

    fields: Mapping[str, object] = field(default_factory=dict)
    status: Status | None = None
    reopen: bool = False
    note: str = ""
    evidence_url: str = ""
    progress_on: date | None = None
    """The date a progress update is about (default: the day it is recorded)."""


@dataclass(frozen=True, slots=True)
class Event:
    """One recorded change: what, when, by whom (``acting_as`` is what the public may see)."""

    kind: EventKind
    at: datetime
    recommendation: int
    action: int
    actor_name: str = ""
    acting_as: str = ""
    changes: Mapping[str, object] = field(default_factory=dict)
    status_from: Status | None = None
    status_to: Status | None = None
    note: str = ""
    evidence_url: str = ""
    progress_on: date | None = None
    id: int | None = None

    @property
    def label(self) -> str:
        return EVENT_LABELS[self.kind]


def validate_fields(fields: Mapping[str, object], before: ActionState | None = None) -> None:
    """Dutch InvalidInput (naming every field) unless the values are well formed together."""
    problems: list[Problem] = []
    unknown = sorted(set(fields) - set(EDITABLE))
    problems.extend(Problem(f"onbekend veld '{name}'", field=name) for name in unknown)
    title = fields.get("title", before.title if before else "")
    owner = fields.get("owner", before.owner if before else "")
    if not str(title).strip():
        problems.append(Problem("geef de actie een titel", field="title"))
    if not str(owner).strip():
        problems.append(Problem("geef de organisatie die de actie trekt", field="owner"))
    for name, limit in (("title", MAX_TITLE), ("owner", MAX_OWNER), ("contact_role", MAX_ROLE)):
        if len(str(fields.get(name, ""))) > limit:
            problems.append(Problem(f"hoogstens {limit} tekens", field=name))
    start = fields.get("start_date", before.start_date if before else None)
    due = fields.get("due_date", before.due_date if before else None)
    if isinstance(start, date) and isinstance(due, date) and due < start:
        problems.append(
            Problem(
                f"de einddatum ({due.isoformat()}) ligt voor de startdatum ({start.isoformat()})",
                field="due_date",
            )
        )
    _raise(problems)


def _raise(problems: list[Problem]) -> None:
    """InvalidInput with every problem; one problem is the message itself."""
    if len(problems) == 1:
        raise InvalidInput(problems, str(problems[0]))
    if problems:
        raise InvalidInput(problems)


def _validate_text(change: Change) -> None:
    problems: list[Problem] = []
    if len(change.note) > MAX_TEXT:
        problems.append(Problem(f"hoogstens {MAX_TEXT} tekens", field="note"))
    url = change.evidence_url.strip()
    if url and (len(url) > MAX_URL or not url.startswith(("https://", "http://"))):
        problems.append(
            Problem("een bewijslink begint met https:// of http://", field="evidence_url")
        )
    _raise(problems)


def check_change(state: ActionState, change: Change) -> None:
    """Refuse a change that the rules do not allow (nothing is recorded then)."""
    _validate_text(change)
    status = state.status
    if change.reopen:
        if status not in CLOSED:
            raise Conflict(
                f"actie {state.reference} is {state.status_label}: alleen een afgeronde of "
                "stopgezette actie kan heropend worden"
            )
        if not change.note.strip():
            raise InvalidInput.single("zeg waarom de actie heropend wordt", field="note")
        status = REOPENED_STATUS
    wanted = change.status
    if wanted is not None and wanted != status and wanted not in TRANSITIONS[status]:
        if status in CLOSED:
            raise Conflict(
                f"actie {state.reference} is {state.status_label}: heropen ze eerst "
                f"voor ze {STATUS_LABELS[wanted]} kan worden"
            )
        raise Conflict(
            f"de status van actie {state.reference} kan niet van {STATUS_LABELS[status]} "
            f"naar {STATUS_LABELS[wanted]}"
        )
    changed = _changed_fields(state, change.fields)
    if change.fields:
        validate_fields(change.fields, state)
    if changed and status in CLOSED:
        raise Conflict(
            f"actie {state.reference} is {state.status_label}: heropen ze eerst om ze te wijzigen"
        )
    status_changes = wanted is not None and wanted != state.status
    if not (changed or change.reopen or change.note.strip() or status_changes):
        raise InvalidInput.single("er is niets gewijzigd: geef een status, veld of notitie")


def _changed_fields(state: ActionState, fields: Mapping[str, object]) -> dict[str, object]:
    return {name: value for name, value in fields.items() if getattr(state, name) != value}


def _event(
    kind: EventKind,
    state: ActionState,
    at: datetime,
    actor_name: str,
    acting_as: str,
    *,
    changes: Mapping[str, object] | None = None,
    status_from: Status | None = None,
    status_to: Status | None = None,
    note: str = "",
    evidence_url: str = "",
    progress_on: date | None = None,
) -> Event:
    return Event(
        kind,
        at=at,
        recommendation=state.recommendation,
        action=state.number,
        actor_name=actor_name,
        acting_as=acting_as,
        changes=dict(changes or {}),
        status_from=status_from,
        status_to=status_to,
        note=note,
        evidence_url=evidence_url,
        progress_on=progress_on,
    )


def events_for(
    state: ActionState, change: Change, at: datetime, actor_name: str, acting_as: str
) -> list[Event]:
    """The events that record ``change`` (already checked), in the order they apply."""
    who = (at, actor_name, acting_as)
    events: list[Event] = []
    status = state.status
    note, evidence = change.note.strip(), change.evidence_url.strip()
    if change.reopen:
        events.append(
            _event(
                EventKind.REOPENED,
                state,
                *who,
                status_from=status,
                status_to=REOPENED_STATUS,
                note=note,
            )
        )
        status, note = REOPENED_STATUS, ""
    changed = _changed_fields(state, change.fields)
    if changed:
        events.append(_event(EventKind.EDITED, state, *who, changes=changed))
    if change.status is not None and change.status != status:
        events.append(
            _event(
                EventKind.STATUS,
                state,
                *who,
                status_from=status,
                status_to=change.status,
                note=note,
                evidence_url=evidence,
            )
        )
        note, evidence = "", ""
    if note:
        events.append(
            _event(
                EventKind.PROGRESS,
                state,
                *who,
                note=note,
                evidence_url=evidence,
                progress_on=change.progress_on or at.date(),
            )
        )
    return events


def created(state: ActionState, at: datetime, actor_name: str, acting_as: str) -> Event:
    """The first event of an action: every field it starts with."""
    values = {name: getattr(state, name) for name in EDITABLE}
    return _event(
        EventKind.CREATED,
        state,
        at,
        actor_name,
        acting_as,
        changes=values,
        status_to=state.status,
    )


def encode(changes: Mapping[str, object]) -> dict[str, object]:
    """``changes`` as JSON values (dates as ISO text, indicators as a list)."""
    encoded: dict[str, object] = {}
    for name, value in changes.items():
        if isinstance(value, date):
            encoded[name] = value.isoformat()
        elif isinstance(value, tuple):
            encoded[name] = list(value)
        else:
            encoded[name] = value
    return encoded


def decode(changes: Mapping[str, object]) -> dict[str, object]:
    """The inverse of :func:`encode`."""
    decoded: dict[str, object] = {}
    for name, value in changes.items():
        if name in ("start_date", "due_date"):
            decoded[name] = date.fromisoformat(str(value)) if value else None
        elif name == "indicators":
            decoded[name] = tuple(str(item) for item in value or ())  # type: ignore[attr-defined]
        else:
            decoded[name] = "" if value is None else str(value)
    return decoded


def apply(state: ActionState | None, event: Event) -> ActionState:
    """The state after ``event``."""
    if event.kind is EventKind.CREATED:
        values = dict(event.changes)
        return ActionState(
            recommendation=event.recommendation,
            number=event.action,
            status=event.status_to or Status.NOT_STARTED,
            created_at=event.at,
            updated_at=event.at,
            **values,  # type: ignore[arg-type]
        )
    if state is None:
        raise ValueError(f"event {event.kind} before the action was created")
    if event.kind is EventKind.EDITED:
        return replace(state, updated_at=event.at, **event.changes)  # type: ignore[arg-type]
    if event.kind in (EventKind.STATUS, EventKind.REOPENED):
        assert event.status_to is not None
        return replace(state, status=event.status_to, updated_at=event.at)
    return replace(state, updated_at=event.at)


def replay(events: Iterable[Event]) -> ActionState:
    """The state of one action from all its events, oldest first."""
    state: ActionState | None = None
    for event in events:
        state = apply(state, event)
    if state is None:
        raise ValueError("an action has at least one event")
    return state


def recommendation_status(actions: Iterable[ActionState]) -> Status:
    """One status for a recommendation, from its actions.

    No actions: not started. All dropped: dropped. Every action that is not dropped is done: done.
    Any stalled: stalled. Any under way or done: under way. Otherwise: not started.
    """
    statuses = [action.status for action in actions]
    if not statuses:
        return Status.NOT_STARTED
    live = [status for status in statuses if status is not Status.DROPPED]
    if not live:
        return Status.DROPPED
    if all(status is Status.DONE for status in live):
        return Status.DONE
    if Status.STALLED in live:
        return Status.STALLED
    if any(status in (Status.UNDER_WAY, Status.DONE) for status in live):
        return Status.UNDER_WAY
    return Status.NOT_STARTED

"""A progress report per actor group: its recommendations, their actions and the latest news,
and for every linked indicator its latest value and trend from the data hub.

One set of figures (:func:`actor_report`), two forms: a standalone HTML file (styles and charts
inside, nothing fetched; prints on A4) and a PDF drawn from that same HTML by WeasyPrint.
Files are written atomically: a failed report leaves no half file behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from krapte.actionplan import service
from krapte.actionplan.charts import indicator_spec
from krapte.actionplan.core.bundle import ACTOR_GROUPS, TERMS
from krapte.actionplan.core.followup import STATUS_LABELS, ActionState, Event, Status
from krapte.actionplan.core.indicators import Series
from krapte.db.uow import UnitOfWork
from krapte.errors import InvalidInput, os_error

FORMATS = (".html", ".pdf")


@dataclass(frozen=True, slots=True)
class ActionNews:
    action: ActionState
    latest: Event | None
    """The newest status change or progress update."""


@dataclass(frozen=True, slots=True)
class ReportItem:
    row: service.RecommendationRow
    actions: tuple[ActionNews, ...]
    indicators: tuple[str, ...]
    """Labels of the indicators linked to the recommendation or its actions."""


@dataclass(frozen=True, slots=True)
class IndicatorFigure:
    series: Series
    recommendations: tuple[int, ...]
    svg: str
    """The chart, inline; empty when the data hub holds no figures yet."""


@dataclass(frozen=True, slots=True)
class ActorReport:
    actor_group: str
    label: str
    today: date
    items: tuple[ReportItem, ...]
    indicators: tuple[IndicatorFigure, ...]

    @property
    def counts(self) -> list[tuple[str, int]]:
        return [
            (STATUS_LABELS[status], sum(item.row.status is status for item in self.items))
            for status in Status
        ]

    @property
    def overdue(self) -> list[ActionState]:
        return [
            news.action
            for item in self.items
            for news in item.actions
            if news.action.overdue(self.today)
        ]


def actor_report(uow: UnitOfWork, actor_group: str, today: date | None = None) -> ActorReport:
    """The figures of the report for ``actor_group`` (public data: no actor needed)."""
    if actor_group not in ACTOR_GROUPS:
        known = ", ".join(ACTOR_GROUPS)
        raise InvalidInput.single(f"onbekende actorgroep '{actor_group}' ({known})", field="actor")
    found = service.overview(uow, service.Filters(actor_group=actor_group), today)
    items = []
    linked: dict[str, list[int]] = {}
    with uow:
        for row in found.rows:
            number = row.recommendation.number
            history = service.history(uow, number)
            news = tuple(ActionNews(action, _latest(history, action)) for action in row.actions)
            keys = [link.indicator for link in service.catalogue().linked_to(number)]
            keys += [key for action in row.actions for key in action.indicators]
            keys = list(dict.fromkeys(keys))
            for key in keys:
                linked.setdefault(key, []).append(number)
            labels = tuple(
                indicator.label
                for indicator in map(service.catalogue().get, keys)
                if indicator is not None
            )
            items.append(ReportItem(row, news, labels))
        figures = tuple(
            IndicatorFigure(series, tuple(linked[series.indicator.key]), _svg(series))
            for series in service.indicator_series(uow, linked)
        )
    return ActorReport(actor_group, ACTOR_GROUPS[actor_group], found.today, tuple(items), figures)


def _latest(history: list[Event], action: ActionState) -> Event | None:
    for event in reversed(history):
        if event.action == action.number and (event.note or event.status_to):
            return event
    return None


def _svg(series: Series) -> str:
    if not series.points:
        return ""
    from krapte.web.charts import svg

    return svg(indicator_spec(series)).decode("utf-8")


def render_html(report: ActorReport) -> str:
    """The report as one standalone HTML document."""
    from krapte.web.templating import environment

    template = environment.get_template("actionplan/report.html")
    return template.render(report=report, terms=TERMS, status_labels=STATUS_LABELS)


def _pdf_writer() -> Any:
    """WeasyPrint's HTML class; a Dutch error when its system library (Pango) is missing."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise InvalidInput.single(
            "een PDF maken vraagt de systeembibliotheek Pango (Debian: libpango-1.0-0 en "
            f"libpangoft2-1.0-0); kies een .html-bestand of installeer ze ({exc})",
            field="out",
        ) from exc
    return HTML


def write_report(uow: UnitOfWork, actor_group: str, out: Path, today: date | None = None) -> Path:
    """Write the report for ``actor_group`` to ``out`` (.html or .pdf), atomically."""
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise InvalidInput.single(
            "kies een bestand dat eindigt op .html of .pdf", file=out.name, field="out"
        )
    html = render_html(actor_report(uow, actor_group, today))
    staged = out.with_name(f".{out.name}.part")
    try:
        if suffix == ".pdf":
            _pdf_writer()(string=html).write_pdf(staged)
        else:
            staged.write_text(html, encoding="utf-8")
        staged.replace(out)
    except OSError as exc:
        raise InvalidInput.single(os_error(exc), file=out.name) from exc
    finally:
        staged.unlink(missing_ok=True)
    return out

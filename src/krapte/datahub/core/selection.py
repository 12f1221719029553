"""What a visitor of the data explorer asks for: a selection of figures, parsed from a URL.

A :class:`Selection` names one dataset (and optionally a version), filters on its dimensions,
a sort order, a page and, optionally, the dimensions to add figures up by. The web pages, the
downloads and the JSON API all parse their query parameters with :func:`parse_selection`, so a
URL means the same everywhere and is the permalink of what it shows. Bad values are refused
with Dutch messages naming the parameter.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Final, Literal

from krapte.datahub.core.records import MAX_LENGTHS
from krapte.errors import InvalidInput, Problem
from krapte.formatting import number

#: Largest page: a page never holds more figures than this.
MAX_PAGE_SIZE: Final = 500
DEFAULT_PAGE_SIZE: Final = 50
#: Highest page number (deeper pages are no use to a reader and cost the database a long skip).
MAX_PAGE: Final = 100_000
#: Longest period text accepted in the from/to filter.
MAX_PERIOD = MAX_LENGTHS["period"]

#: Dimensions a selection can filter on, with their Dutch label (the form's field names).
FILTERS: Final[dict[str, str]] = {
    "measure": "maatstaf",
    "institution": "instelling",
    "programme": "opleiding",
    "level": "niveau",
    "province": "provincie",
    "category": "categorie",
}
#: Dimensions figures can be added up by ("group"), with their Dutch label.
GROUPS: Final[dict[str, str]] = {
    "measure": "maatstaf",
    "period": "periode",
    "province": "provincie",
    "institution": "instelling",
    "programme": "opleiding",
    "level": "niveau",
    "category": "categorie",
}
#: Dutch names of the URL's parameters, for error messages on pages.
FIELD_LABELS: Final[dict[str, str]] = {
    "dataset": "dataset",
    "release": "versie",
    "from": "van",
    "to": "tot en met",
    "sort": "sorteren",
    "order": "volgorde",
    "page": "pagina",
    "page_size": "rijen per pagina",
    "group": "optellen per",
    "view": "tabel",
    **FILTERS,
}
#: Columns the long table can be sorted on.
SORTS: Final[tuple[str, ...]] = (
    "measure",
    "period",
    "geography",
    "province",
    "institution",
    "programme",
    "level",
    "category",
    "value",
)
View = Literal["wide", "long"]
Direction = Literal["asc", "desc"]


@dataclass(frozen=True, slots=True)
class Selection:
    """One question to the explorer: which figures, in which order, which page."""

    dataset: str
    release: int | None = None
    """The version to show; None means the current (latest) version."""
    measure: str | None = None
    period_from: str | None = None
    period_to: str | None = None
    institution: str | None = None
    programme: str | None = None
    level: str | None = None
    province: str | None = None
    category: str | None = None
    sort: str | None = None
    """A column of :data:`SORTS`, or in the wide view a period (its column)."""
    direction: Direction = "asc"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    group: tuple[str, ...] = ()
    """Dimensions to add up by (counts only); empty: every figure as printed."""
    view: View = "wide"

    @property
    def filters(self) -> dict[str, str]:
        """The dimension filters that are set: name → value."""
        chosen = {name: getattr(self, name) for name in FILTERS}
        return {name: value for name, value in chosen.items() if value is not None}

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    @property
    def aggregated(self) -> bool:
        return bool(self.group)

    def with_page(self, page: int) -> Selection:
        return replace(self, page=page)

    def without_paging(self) -> Selection:
        """The same figures, every page (for downloads): page 1, the size ignored by callers."""
        return replace(self, page=1)

    def query(self, **changes: object) -> list[tuple[str, str]]:
        """The URL parameters of this selection (with ``changes``), defaults left out."""
        chosen = replace(self, **changes)  # type: ignore[arg-type]
        pairs: list[tuple[str, str]] = [("dataset", chosen.dataset)]
        if chosen.release is not None:
            pairs.append(("release", str(chosen.release)))
        for name in FILTERS:
            value = getattr(chosen, name)
            if value is not None:
                pairs.append((name, value))
        if chosen.period_from is not None:
            pairs.append(("from", chosen.period_from))
        if chosen.period_to is not None:
            pairs.append(("to", chosen.period_to))
        if chosen.group:
            pairs.append(("group", ",".join(chosen.group)))
        if chosen.view != "wide":
            pairs.append(("view", chosen.view))
        if chosen.sort is not None:
            pairs.append(("sort", chosen.sort))
            if chosen.direction != "asc":
                pairs.append(("order", chosen.direction))
        if chosen.page != 1:
            pairs.append(("page", str(chosen.page)))
        if chosen.page_size != DEFAULT_PAGE_SIZE:
            pairs.append(("page_size", str(chosen.page_size)))
        return pairs


#: Query parameters the parser knows; others are ignored (tracking tags, a cache buster).
PARAMETERS: Final = frozenset(
    {"dataset", "release", "from", "to", "sort", "order", "page", "page_size", "group", "view"}
    | set(FILTERS)
)


def parse_selection(params: Iterable[tuple[str, str]] | Mapping[str, str]) -> Selection:
    """The selection a URL's query asks for; InvalidInput lists every bad parameter in Dutch.

    Empty values mean "no filter" (a GET form sends every field). ``group`` may be repeated or
    hold names separated by commas.
    """
    pairs = list(params.items()) if isinstance(params, Mapping) else list(params)
    values: dict[str, str] = {}
    groups: list[str] = []
    for name, value in pairs:
        if name == "group":
            groups.extend(part.strip() for part in value.split(",") if part.strip())
        elif name in PARAMETERS:
            values[name] = value.strip()
    problems: list[Problem] = []

    def text(name: str, limit: int) -> str | None:
        value = values.get(name) or None
        if value is not None and len(value) > limit:
            problems.append(Problem(f"mag hoogstens {limit} tekens tellen", field=name))
            return None
        return value

    def whole(name: str, low: int, high: int, default: int | None) -> int | None:
        raw = values.get(name) or ""
        if not raw:
            return default
        if not raw.isdigit() or not low <= int(raw) <= high:
            problems.append(
                Problem(
                    f"moet een geheel getal van {number(low)} tot en met {number(high)} zijn",
                    field=name,
                )
            )
            return default
        return int(raw)

    dataset = text("dataset", MAX_LENGTHS["dataset"])
    if dataset is None and not problems:
        problems.append(Problem("kies een dataset", field="dataset"))
    filters = {name: text(name, MAX_LENGTHS[_COLUMN.get(name, name)]) for name in FILTERS}
    sort = text("sort", MAX_PERIOD)
    if sort is not None and sort not in SORTS and not _looks_like_period(sort):
        problems.append(
            Problem("onbekende kolom om op te sorteren; kies uit " + ", ".join(SORTS), field="sort")
        )
        sort = None
    direction = values.get("order") or "asc"
    if direction not in ("asc", "desc"):
        problems.append(Problem("kies 'asc' (oplopend) of 'desc' (aflopend)", field="order"))
        direction = "asc"
    view = values.get("view") or "wide"
    if view not in ("wide", "long"):
        problems.append(Problem("kies 'wide' (breed) of 'long' (lang)", field="view"))
        view = "wide"
    unknown = [name for name in groups if name not in GROUPS]
    if unknown:
        problems.append(
            Problem(
                f"onbekende dimensie {', '.join(unknown)}; kies uit " + ", ".join(GROUPS),
                field="group",
            )
        )
    selection = Selection(
        dataset=dataset or "",
        release=whole("release", 1, 2**31 - 1, None),
        period_from=text("from", MAX_PERIOD),
        period_to=text("to", MAX_PERIOD),
        sort=sort,
        direction="desc" if direction == "desc" else "asc",
        page=whole("page", 1, MAX_PAGE, 1) or 1,
        page_size=whole("page_size", 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE) or DEFAULT_PAGE_SIZE,
        group=tuple(dict.fromkeys(name for name in groups if name in GROUPS)),
        view="long" if view == "long" else "wide",
        **filters,
    )
    if problems:
        raise InvalidInput(problems, "; ".join(str(problem) for problem in problems))
    return selection


#: The stored column whose width bounds a filter (a province is a region's name).
_COLUMN: Final = {"province": "geography"}


def _looks_like_period(text: str) -> bool:
    """A period column of the wide view (`2024`, `2025-04`, `2014-2023`)."""
    return bool(text) and text[0].isdigit() and all(c.isdigit() or c == "-" for c in text)

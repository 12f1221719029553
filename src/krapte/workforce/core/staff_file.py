"""Reading a file of pseudonymous staff records: every check, whole columns at once.

One row is one employment of one person: ``pseudonym`` (the organisation's own code for the
person, never a name or a national register number), ``function``, ``programme``, ``level``,
``fte``, ``birth_year_band`` (``1965-1969``), ``start_date``, ``end_date`` (the last working day,
empty while employed), ``exit_reason`` (when there is an end date) and ``absences`` (long-term
absence periods ``2023-01-09/2023-06-30``, several separated by ``;`` or ``|``).

Privacy first: a file whose header names a column of names, national register numbers or contact
details, a column this format does not know, or any cell that looks like a national register
number, is refused as a whole before anything else is read, so nothing identifying is ever kept.
Dates are ``2024-03-01`` or ``1/3/2024``. Every problem names file, row and column; the file is
refused as a whole when there is any.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from krapte.errors import InvalidInput, Problem
from krapte.tabular import MAX_PROBLEMS, Table
from krapte.workforce.core.records import (
    BAND_YEARS,
    EXIT_REASONS,
    FUNCTIONS,
    LEVELS,
    MAX_PROGRAMME,
    MAX_PSEUDONYM,
)

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
_Bad = Callable[[BoolArray, str, str], None]
"""The reporter the column checks get: rows (mask), column, Dutch message."""

REQUIRED: tuple[str, ...] = (
    "pseudonym",
    "function",
    "level",
    "fte",
    "birth_year_band",
    "start_date",
)
OPTIONAL: tuple[str, ...] = ("programme", "end_date", "exit_reason", "absences")
COLUMNS: tuple[str, ...] = (*REQUIRED, *OPTIONAL)

_IDENTIFYING = (
    "naam",
    "name",
    "rijksregister",
    "insz",
    "national",
    "register",
    "mail",
    "telefoon",
    "phone",
    "adres",
    "address",
    "geboortedatum",
    "birthdate",
    "dateofbirth",
)
_NATIONAL_NUMBER = r"^[0-9]{2}\.?[0-9]{2}\.?[0-9]{2}[-. ]?[0-9]{3}\.?[0-9]{2}$"
_PSEUDONYM = r"^[A-Za-z0-9._-]+$"
_BAND = re.compile(r"^([0-9]{4})\s*-\s*([0-9]{4})$")
_EPOCH = date(1970, 1, 1)
MIN_YEAR = 1940
MAX_YEAR = 2100
MAX_DAY = (date(MAX_YEAR, 12, 31) - date(1970, 1, 1)).days
NO_DAY = -1_000_000
"""The day stored for "no end date" in :attr:`StaffFile.end` (and absent codes elsewhere)."""


@dataclass(frozen=True)
class StaffFile:
    """The records of a file that passed every check, as columns (days since 1970-01-01)."""

    pseudonym: list[str]
    function: IntArray
    """Positions in :data:`FUNCTIONS`."""
    programme: list[str]
    level: IntArray
    """Positions in :data:`LEVELS`."""
    fte: FloatArray
    birth_first: IntArray
    birth_last: IntArray
    start: IntArray
    end: IntArray
    """:data:`NO_DAY` while employed (days before 1970 are negative)."""
    exit_reason: IntArray
    """Positions in :data:`EXIT_REASONS`; -1 without an end date."""
    absences: list[tuple[int, int, int]]
    """(record index, first day, last day) of every long-term absence period."""

    def __len__(self) -> int:
        return len(self.pseudonym)


def day_number(day: date) -> int:
    """Days since 1970-01-01 (how records store dates)."""
    return (day - _EPOCH).days


def day_date(number: int) -> date:
    return date.fromordinal(_EPOCH.toordinal() + number)


def _key(header: str) -> str:
    return re.sub(r"[^a-z]", "", header.lower())


def check_privacy(table: Table) -> None:
    """Refuse a file with identifying or unknown columns, or national register numbers."""
    import pyarrow.compute as pc

    problems: list[Problem] = []
    row = table.header_row
    for name in table.header:
        key = _key(name)
        if any(word in key for word in _IDENTIFYING) and key != "pseudonym":
            problems.append(
                Problem(
                    "deze kolom lijkt namen, rijksregisternummers of contactgegevens te bevatten; "
                    "laat ze weg: krapte bewaart alleen pseudoniemen",
                    file=table.file,
                    row=row,
                    field=name,
                )
            )
        elif name.strip().lower() not in COLUMNS:
            problems.append(
                Problem(
                    f"onbekende kolom; toegelaten zijn: {', '.join(COLUMNS)}",
                    file=table.file,
                    row=row,
                    field=name,
                )
            )
    for position, name in enumerate(table.header):
        looks = pc.match_substring_regex(table.columns[position], _NATIONAL_NUMBER)
        found = np.flatnonzero(np.asarray(looks.to_numpy(zero_copy_only=False), dtype=np.bool_))
        if len(found):
            problems.append(
                table.problem(
                    int(found[0]),
                    name,
                    "dit lijkt een rijksregisternummer; gebruik een pseudoniem "
                    f"({len(found)} zulke cellen in deze kolom)",
                )
            )
    if problems:
        raise InvalidInput(
            problems,
            f"{table.file}: het bestand is geweigerd om de privacy te beschermen; "
            "er is niets bewaard",
        )


def read_staff(table: Table, as_of: date | None = None) -> StaffFile:
    """Check every row of ``table`` and return its records; raise InvalidInput otherwise.

    ``as_of``: the date the file describes; no start or end date may lie after it.
    """
    check_privacy(table)
    problems = table.missing(REQUIRED)
    if problems:
        raise _refused(table.file, problems)
    problems = []
    keep = ~table.blank()

    def bad(mask: BoolArray, field: str, message: str) -> None:
        for index in np.flatnonzero(mask & keep)[:MAX_PROBLEMS].tolist():
            problems.append(table.problem(index, field, message))

    pseudonym = table.texts("pseudonym")
    pseudo_ok = _matches(table, "pseudonym", _PSEUDONYM)
    bad(~pseudo_ok, "pseudonym", "vul een pseudoniem in: letters, cijfers, '.', '-' of '_'")
    bad(
        table.lengths("pseudonym") > MAX_PSEUDONYM,
        "pseudonym",
        f"een pseudoniem telt hoogstens {MAX_PSEUDONYM} tekens",
    )
    function = _choice(table, "function", FUNCTIONS, bad)
    level = _choice(table, "level", LEVELS, bad)
    programme = table.texts("programme")
    bad(
        table.lengths("programme") > MAX_PROGRAMME,
        "programme",
        f"hoogstens {MAX_PROGRAMME} tekens",
    )
    fte = table.numbers("fte")
    for index, message in fte.errors.items():
        problems.append(table.problem(index, "fte", message))
    fte_bad = np.isnan(fte.values) | (fte.values <= 0) | (fte.values > 1)
    fte_bad[list(fte.errors)] = False
    bad(fte_bad, "fte", "een voltijds equivalent groter dan 0 en hoogstens 1 (bijvoorbeeld 0,8)")
    birth_first, birth_last = _bands(table, bad)
    start = _dates(table, "start_date", bad, required=True)
    end = _dates(table, "end_date", bad, required=False)
    bad(
        (end != NO_DAY) & (start != NO_DAY) & (end < start),
        "end_date",
        "de einddatum ligt voor de begindatum",
    )
    if as_of is not None:
        limit = day_number(as_of)
        after = f"ligt na {as_of.isoformat()}, de datum van de gegevens"
        bad(start > limit, "start_date", after)
        bad(end > limit, "end_date", after)
    reason = _choice(table, "exit_reason", EXIT_REASONS, bad, required=False)
    bad(
        (end != NO_DAY) & (reason < 0) & table.empty("exit_reason"),
        "exit_reason",
        "geef een reden van vertrek bij een einddatum",
    )
    bad(
        (end == NO_DAY) & ~table.empty("exit_reason") & table.empty("end_date"),
        "exit_reason",
        "een reden van vertrek hoort bij een einddatum",
    )
    bad(
        _repeated(table, start) & pseudo_ok,
        "pseudonym",
        "dit pseudoniem staat al op een eerdere rij met dezelfde begindatum",
    )
    absences = _absences(table, start, end, problems)
    if problems:
        raise _refused(table.file, problems)
    rows = np.flatnonzero(keep)
    if len(rows) == len(table):
        rows_list = None
    else:
        rows_list = rows
        renumber = np.full(len(table), -1, dtype=np.int64)
        renumber[rows] = np.arange(len(rows))
        absences = [(int(renumber[i]), a, b) for i, a, b in absences]

    def take(values: npt.NDArray[np.generic]) -> npt.NDArray[np.generic]:
        return values if rows_list is None else values[rows_list]

    def take_list(values: list[str]) -> list[str]:
        return values if rows_list is None else [values[i] for i in rows_list.tolist()]

    return StaffFile(
        pseudonym=take_list(pseudonym),
        function=np.asarray(take(function), dtype=np.int64),
        programme=take_list(programme),
        level=np.asarray(take(level), dtype=np.int64),
        fte=np.asarray(take(fte.values), dtype=np.float64),
        birth_first=np.asarray(take(birth_first), dtype=np.int64),
        birth_last=np.asarray(take(birth_last), dtype=np.int64),
        start=np.asarray(take(start), dtype=np.int64),
        end=np.asarray(take(end), dtype=np.int64),
        exit_reason=np.asarray(take(reason), dtype=np.int64),
        absences=absences,
    )


def _refused(file: str, problems: list[Problem]) -> InvalidInput:
    """The file refused: one problem is the message itself, more are counted."""
    if len(problems) == 1:
        return InvalidInput(problems, str(problems[0]))
    count = (
        f"{len(problems)} fouten"
        if len(problems) <= MAX_PROBLEMS
        else f"meer dan {MAX_PROBLEMS} fouten"
    )
    return InvalidInput(problems[:MAX_PROBLEMS], f"{file}: {count}; er is niets bewaard")


def _repeated(table: Table, start: IntArray) -> BoolArray:
    """Rows whose pseudonym and start day already appeared on an earlier row."""
    codes, _ = table.distinct("pseudonym")
    span = MAX_DAY - NO_DAY + 1
    pairs = codes * span + (start - NO_DAY)
    repeated = np.ones(len(table), dtype=np.bool_)
    if len(pairs):
        _, first = np.unique(pairs, return_index=True)
        repeated[first] = False
    return repeated


def _matches(table: Table, name: str, pattern: str) -> BoolArray:
    import pyarrow.compute as pc

    found = pc.match_substring_regex(table.column(name), pattern)
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=np.bool_)


def _choice(
    table: Table,
    name: str,
    values: tuple[str, ...],
    bad: _Bad,
    *,
    required: bool = True,
) -> IntArray:
    """Positions in ``values`` (compared case-insensitively), -1 for an empty optional cell."""
    import pyarrow.compute as pc

    lowered = pc.utf8_lower(table.column(name))
    codes = np.asarray(
        pc.fill_null(pc.index_in(lowered, value_set=_strings(values)), -1).to_numpy(
            zero_copy_only=False
        ),
        dtype=np.int64,
    )
    wrong = codes < 0
    if not required:
        wrong &= ~table.empty(name)
    bad(wrong, name, f"kies uit: {', '.join(values)}")
    return codes


def _strings(values: tuple[str, ...]) -> object:
    import pyarrow as pa

    return pa.array(list(values), pa.string())


def _bands(table: Table, bad: _Bad) -> tuple[IntArray, IntArray]:
    codes, texts = table.distinct("birth_year_band")
    firsts = np.full(len(texts), -1, dtype=np.int64)
    lasts = np.full(len(texts), -1, dtype=np.int64)
    for position, text in enumerate(texts):
        match = _BAND.match(text)
        if match is None:
            continue
        first, last = int(match.group(1)), int(match.group(2))
        if MIN_YEAR <= first <= MAX_YEAR and first % BAND_YEARS == 0 and last == first + 4:
            firsts[position], lasts[position] = first, last
    first_per_row = firsts[codes] if len(codes) else np.zeros(0, dtype=np.int64)
    bad(
        first_per_row < 0,
        "birth_year_band",
        f"een reeks van {BAND_YEARS} geboortejaren zoals 1965-1969 (begint op een veelvoud "
        "van 5), nooit een exact geboortejaar",
    )
    last_per_row = lasts[codes] if len(codes) else np.zeros(0, dtype=np.int64)
    return first_per_row, last_per_row


def _dates(table: Table, name: str, bad: _Bad, *, required: bool) -> IntArray:
    """Days since 1970 of ISO (``2024-03-01``) or Flemish (``1/3/2024``) dates; NO_DAY if empty.

    ISO dates are parsed column-wise by pyarrow; only the other cells, one distinct text at a
    time, by :func:`parse_date`.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    column = table.column(name)
    empty = table.empty(name)
    iso = pc.match_substring_regex(column, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    stamps = pc.strptime(
        pc.if_else(iso, column, "1970-01-01"), format="%Y-%m-%d", unit="s", error_is_null=True
    )
    days_arrow = pc.cast(pc.cast(stamps, pa.date32()), pa.int32())
    days = np.asarray(
        pc.fill_null(days_arrow, NO_DAY).to_numpy(zero_copy_only=False), dtype=np.int64
    )
    days[~np.asarray(iso.to_numpy(zero_copy_only=False), dtype=np.bool_)] = NO_DAY
    pending = np.flatnonzero((days == NO_DAY) & ~empty)
    if len(pending):
        cells = column.take(pa.array(pending))
        parsed: dict[str, int] = {}
        for position, text in zip(pending.tolist(), cells.to_pylist(), strict=True):
            if text not in parsed:
                found = parse_date(text)
                parsed[text] = NO_DAY if found is None else day_number(found)
            days[position] = parsed[text]
    low, high = day_number(date(MIN_YEAR, 1, 1)), MAX_DAY
    wrong = ((days == NO_DAY) & ~empty) | ((days != NO_DAY) & ((days < low) | (days > high)))
    if required:
        wrong |= empty
    bad(wrong, name, "een datum zoals 2024-03-01 of 1/3/2024")
    return np.where(wrong, NO_DAY, days)


def parse_date(text: str) -> date | None:
    """A date written ``2024-03-01`` or ``1/3/2024`` (``1-3-2024``), or None."""
    text = text.strip()
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            parsed = date.fromisoformat(text)
        elif match := re.fullmatch(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})", text):
            parsed = date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        else:
            return None
    except ValueError:
        return None
    return parsed if MIN_YEAR <= parsed.year <= MAX_YEAR else None


def _absences(
    table: Table, start: IntArray, end: IntArray, problems: list[Problem]
) -> list[tuple[int, int, int]]:
    """The absence periods of every row, column-wise: the cells split into periods by pyarrow,
    ISO dates parsed by pyarrow, only other date texts one distinct text at a time."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not table.has("absences"):
        return []
    rows = np.flatnonzero(~table.empty("absences"))
    if not len(rows):
        return []
    cells = table.column("absences").take(pa.array(rows))
    split = pc.split_pattern_regex(cells, r"[;|]")
    owner = rows[np.asarray(pc.list_parent_indices(split).to_numpy(), dtype=np.int64)]
    parts = pc.utf8_trim_whitespace(pc.list_flatten(split))
    filled = np.asarray(pc.utf8_length(parts).to_numpy(zero_copy_only=False)) > 0
    owner = owner[filled]
    parts = parts.filter(pa.array(filled))
    halves = pc.split_pattern(parts, "/", max_splits=1)
    first = _period_days(pc.list_element(halves, 0))
    has_last = np.asarray(pc.list_value_length(halves).to_numpy(zero_copy_only=False)) > 1
    last = np.full(len(parts), NO_DAY, dtype=np.int64)
    if has_last.any():
        tails = pc.list_element(halves.filter(pa.array(has_last)), 1)
        last[has_last] = _period_days(tails)
    wrong = (first == NO_DAY) | (last == NO_DAY) | (last < first)
    outside = ~wrong & ((first < start[owner]) | ((end[owner] != NO_DAY) & (last > end[owner])))
    texts = parts.to_pylist() if (wrong | outside).any() else []
    for position in np.flatnonzero(wrong | outside).tolist():
        part = texts[position]
        message = (
            f"'{part}' is geen periode zoals 2023-01-09/2023-06-30"
            if wrong[position]
            else f"de periode '{part}' valt buiten de tewerkstelling"
        )
        problems.append(table.problem(int(owner[position]), "absences", message))
    good = ~(wrong | outside)
    return list(zip(owner[good].tolist(), first[good].tolist(), last[good].tolist(), strict=True))


def _period_days(texts: object) -> IntArray:
    """Days since 1970 of the dates of a period (NO_DAY where a text is no date)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    column = pc.utf8_trim_whitespace(texts)
    iso = pc.match_substring_regex(column, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    stamps = pc.strptime(
        pc.if_else(iso, column, "1970-01-01"), format="%Y-%m-%d", unit="s", error_is_null=True
    )
    days = np.asarray(
        pc.fill_null(pc.cast(pc.cast(stamps, pa.date32()), pa.int32()), NO_DAY).to_numpy(
            zero_copy_only=False
        ),
        dtype=np.int64,
    )
    is_iso = np.asarray(pc.fill_null(iso, False).to_numpy(zero_copy_only=False), dtype=np.bool_)
    days[~is_iso] = NO_DAY
    pending = np.flatnonzero(~is_iso)
    if len(pending):
        parsed: dict[str, int] = {}
        values = column.take(pa.array(pending)).to_pylist()
        for position, text in zip(pending.tolist(), values, strict=True):
            if text not in parsed:
                found = parse_date(text or "")
                parsed[text] = NO_DAY if found is None else day_number(found)
            days[position] = parsed[text]
    low, high = day_number(date(MIN_YEAR, 1, 1)), MAX_DAY
    days[(days != NO_DAY) & ((days < low) | (days > high))] = NO_DAY
    return days

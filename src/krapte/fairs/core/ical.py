"""A fair as an iCalendar file (RFC 5545), built with the ``icalendar`` package.

One VEVENT per fair, in UTC, with a stable UID (so that importing it twice updates the same event),
the place as LOCATION, the programme in the DESCRIPTION and the fair's page as URL.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from krapte.fairs.core.records import KIND_LABELS, Fair

PRODUCT = "-//krapte//jobbeurzen//NL"
BRUSSELS = ZoneInfo("Europe/Brussels")


def uid(fair: Fair) -> str:
    return f"jobbeurs-{fair.id}@krapte"


def location(fair: Fair) -> str:
    return f"{fair.venue}, {fair.municipality}"


def description(fair: Fair) -> str:
    """The description with the programme, one line per item, in Belgian time."""
    lines = [fair.description.strip()] if fair.description.strip() else []
    if fair.programme:
        lines.append("Programma:")
        for item in fair.programme:
            at = item.starts_at.astimezone(BRUSSELS).strftime("%H:%M")
            by = f" ({item.organisation})" if item.organisation else ""
            lines.append(f"{at} {KIND_LABELS[item.kind]}: {item.title}{by}")
    if fair.participants:
        lines.append("Organisaties: " + ", ".join(fair.participants))
    return "\n".join(lines)


def fair_calendar(fair: Fair, url: str, stamp: datetime) -> bytes:
    """The fair as a calendar of one event; ``stamp`` is the DTSTAMP (when it was made)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", uid(fair))
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", fair.starts_at.astimezone(UTC))
    event.add("dtend", fair.ends_at.astimezone(UTC))
    event.add("summary", fair.title)
    event.add("location", location(fair))
    event.add("description", description(fair))
    event.add("url", url)
    calendar.add_component(event)
    return bytes(calendar.to_ical())

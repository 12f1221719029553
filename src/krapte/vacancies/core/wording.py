"""The writing aid: warnings about exclusive wording in a vacancy (rec 39), never a refusal.

The report asks for clear, inviting and inclusive vacancies. The aid looks for a title without an
inclusive marker such as "(m/v/x)", wording that shuts people out ("jong en dynamisch",
"moedertaal Nederlands"), and jargon: abbreviations and sector terms that a side-entrant does
not know. It is a list of hints for the writer; the vacancy is published either way.
"""

from __future__ import annotations

import re

INCLUSIVE_MARKER = re.compile(r"\(\s*[mvx]\s*/\s*[mvx]\s*(/\s*[mvx]\s*)?\)", re.IGNORECASE)
"""``(m/v/x)`` in any order; ``(m/v)`` counts as a marker but gets its own hint."""

EXCLUSIVE: dict[str, str] = {
    "jong en dynamisch": "'jong en dynamisch' sluit oudere kandidaten uit",
    "jonge collega": "'jonge collega' sluit oudere kandidaten uit",
    "moedertaal": "vraag een taalniveau (bv. B2 Nederlands) in plaats van een moedertaal",
    "native speaker": "vraag een taalniveau in plaats van 'native speaker'",
    "rijbewijs b is een must": "vraag een rijbewijs alleen als de job het echt nodig heeft",
    "hij zal": "schrijf genderneutraal ('je' of 'jij') in plaats van 'hij'",
    "zij zal": "schrijf genderneutraal ('je' of 'jij') in plaats van 'zij'",
}
"""Phrases that shut people out, with the hint shown (matched ignoring case)."""

JARGON: tuple[str, ...] = (
    "presentiebenadering",
    "krachtgericht",
    "outreachend",
    "casemanagement",
    "empowerment",
    "intersectoraal",
    "vermaatschappelijking",
    "integrale jeugdhulp",
    "rechtstreeks toegankelijke hulp",
)
"""Sector terms to explain in plain words (or leave out) for side-entrants."""

ABBREVIATION = re.compile(r"\b[A-Z]{2,6}\b")
KNOWN_ABBREVIATIONS = frozenset({"CV", "HR", "PC", "IT", "BV", "NV"})
MAX_ABBREVIATIONS = 3
MAX_JARGON = 2


def warnings(title: str, description: str) -> list[str]:
    """The writing aid's hints for a vacancy's title and description (Dutch; may be empty)."""
    found: list[str] = []
    marker = INCLUSIVE_MARKER.search(title)
    if marker is None:
        found.append("zet '(m/v/x)' achter de titel, zodat iedereen zich aangesproken voelt")
    elif "x" not in marker.group(0).casefold():
        found.append("schrijf '(m/v/x)' in plaats van '(m/v)': ook wie zich geen m of v voelt")
    text = f"{title}\n{description}".casefold()
    found.extend(hint for phrase, hint in EXCLUSIVE.items() if phrase in text)
    jargon = [term for term in JARGON if term in text]
    if len(jargon) >= MAX_JARGON:
        found.append("leg vaktermen uit of laat ze weg: " + ", ".join(jargon))
    abbreviations = sorted(
        set(ABBREVIATION.findall(f"{title}\n{description}")) - KNOWN_ABBREVIATIONS
    )
    if len(abbreviations) >= MAX_ABBREVIATIONS:
        found.append("schrijf afkortingen voluit: " + ", ".join(abbreviations))
    return found

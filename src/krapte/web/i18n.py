"""One message catalogue for the website (Babel), and Flemish numbers and dates on every page.

The templates and routes are written in Dutch: their Dutch sentences are the message ids, wrapped
in ``{% trans %}``/``_()`` so that ``pybabel extract`` collects them into ``locale/messages.pot``.
Numbers and dates use :mod:`krapte.formatting`. A French or English catalogue is
``locale/<locale>/LC_MESSAGES/messages.po``; it is compiled in memory when the site starts, so
no binary ``.mo`` file lives in the repository.
"""

from __future__ import annotations

import gettext
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Final

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from krapte.formatting import DEFAULT_LOCALE

LOCALE_DIR: Final = Path(__file__).parent / "locale"


def available_locales() -> list[str]:
    """The default locale and every locale with a catalogue in ``locale/``."""
    found = sorted(po.parent.parent.name for po in LOCALE_DIR.glob("*/LC_MESSAGES/messages.po"))
    return [DEFAULT_LOCALE, *(name for name in found if name != DEFAULT_LOCALE)]


def _(message: str) -> str:
    """A Dutch text of the site in the site's language (Python code; templates have ``_()`` too)."""
    return translations().gettext(message)


def N_(message: str) -> str:  # noqa: N802 (the name Babel's extractor looks for)
    """Mark a Dutch text kept in Python for the catalogue; templates translate it with ``_()``."""
    return message


@cache
def translations(locale: str = DEFAULT_LOCALE) -> gettext.NullTranslations:
    """The compiled catalogue of ``locale``; the Dutch message ids themselves when it has none."""
    po = LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"
    if not po.is_file():
        return gettext.NullTranslations()
    with po.open("rb") as handle:
        catalogue = read_po(handle, locale=locale)
    compiled = BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return Translations(fp=compiled, domain="messages")

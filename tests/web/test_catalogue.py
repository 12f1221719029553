"""The message catalogue holds every Dutch text of the site, so a translation can follow."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from krapte.web.i18n import LOCALE_DIR

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = LOCALE_DIR / "messages.pot"


def _extracted() -> set[str]:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def _committed() -> set[str]:
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id}


def test_the_committed_catalogue_holds_every_text_of_the_templates_and_routes() -> None:
    missing = _extracted() - _committed()
    assert not missing, f"run `make messages`: {sorted(missing)[:10]}"


def test_the_catalogue_holds_no_text_that_is_gone() -> None:
    stale = _committed() - _extracted()
    assert not stale, f"run `make messages`: {sorted(stale)[:10]}"


def test_the_navigation_and_error_sentences_are_in_the_catalogue() -> None:
    committed = _committed()
    assert {"Cijfers", "Over de data", "Pagina niet gevonden.", "Naar de inhoud"} <= committed

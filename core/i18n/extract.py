"""Extract the message ids of naskah's code into its catalogs (``make messages``).

Ids come from :func:`naskah.i18n._`, :func:`~naskah.i18n.ngettext` and :func:`~naskah.i18n.N_`
calls in Python, and from ``_(…)`` in the web pages' Jinja templates. ``update_catalogs`` keeps
every translation whose id is still used, adds new ids with an empty translation, and drops ids
the code no longer uses (their text stays in git history).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from naskah.i18n import DOMAIN, LOCALE_DIR

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIRS = ("core", "plugins", "workers", "settings")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
METHODS = [
    ("**/migrations/**", "ignore"),
    ("**.py", "python"),
    ("**/api/templates/**.html", "jinja2"),
]
FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)
"""Header dates are fixed, and no source locations are written, so that the catalog changes only
when a message does (and parallel branches merge: see .gitattributes)."""
TRANSLATED = ("id",)
"""Catalogs kept in the repository; English needs none (the ids are English)."""


def extract(root: Path = ROOT) -> Catalog:
    """Every message id in the source, with the places it is used."""
    template = Catalog(project="naskah", domain=DOMAIN)
    for folder in SOURCE_DIRS:
        found: Iterator = extract_from_dir(
            root / folder,
            method_map=METHODS,
            options_map={"**/api/templates/**.html": {"extensions": "jinja2.ext.do"}},
            keywords=KEYWORDS,
        )
        for filename, lineno, message, _comments, _context in found:
            template.add(message, locations=[(f"{folder}/{filename}", lineno)])
    return template


def catalog_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(lang: str) -> Catalog:
    path = catalog_path(lang)
    if not path.is_file():
        return Catalog(locale=lang, project="naskah", domain=DOMAIN)
    with path.open("rb") as fh:
        return read_po(fh, locale=lang)


def update_catalogs(root: Path = ROOT) -> dict[str, tuple[int, int]]:
    """Bring every translated catalog in line with the source; returns ``{lang: (ids,
    untranslated)}``."""
    template = extract(root)
    result = {}
    for lang in TRANSLATED:
        catalog = read_catalog(lang)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.creation_date = catalog.revision_date = FIXED_DATE
        catalog.fuzzy = False
        catalog.project, catalog.version = "naskah", "1"
        catalog.last_translator = catalog.language_team = "naskah developers"
        catalog.copyright_holder = "naskah developers"
        path = catalog_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            write_po(fh, catalog, width=100, sort_output=True, no_location=True)
        missing = sum(1 for m in catalog if m.id and not m.string)
        result[lang] = (len([m for m in catalog if m.id]), missing)
    return result


if __name__ == "__main__":
    for lang, (ids, missing) in update_catalogs().items():
        print(f"{lang}: {ids} messages, {missing} without a translation")

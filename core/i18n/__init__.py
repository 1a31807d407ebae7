"""User-facing words through gettext message catalogs (Babel): Indonesian by default, English with
``NASKAH_LANG=en``.

Message ids are English, the language of the code; ``core/i18n/locale/id/LC_MESSAGES/naskah.po``
gives the Indonesian text users read. Wrap every user-facing string (CLI output and help, errors,
warnings, web pages, workbook and formulir texts) in :func:`_`; fields go in as keywords and are
filled after translation, so a translation may move them::

    from naskah.i18n import _

    raise InputError(_("{file} is not a readable Excel workbook", file=path.name))

``make messages`` extracts the ids from the code into the catalog (new ones with an empty
translation); ``tests/test_i18n.py`` fails while an id has no Indonesian text or the catalog keeps
an id the code no longer uses. Official documents are Indonesian whatever the language: their
text lives in the DOCX templates and the plugins, not here.

Logs, identifiers and developer docs stay English.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "N_", "_", "every_language", "language", "ngettext"]

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "naskah"
LANGUAGES = ("id", "en")
"""Languages users can choose: ``id`` (the catalog) and ``en`` (the message ids themselves)."""
DEFAULT_LANGUAGE = "id"


def language() -> str:
    """The language of this process: ``NASKAH_LANG`` (``id``/``en``, also ``en_US.UTF-8`` forms),
    else :data:`DEFAULT_LANGUAGE`. An unknown value falls back to the default."""
    raw = os.environ.get("NASKAH_LANG", "").strip().lower()
    code = raw.replace("-", "_").split("_")[0].split(".")[0]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


@functools.cache
def _catalog(lang: str) -> dict[object, object]:
    """``{msgid: msgstr}`` (plural entries keyed by ``(singular, plural)`` with a list) of the
    ``.po`` catalog of ``lang``; empty for English or a missing catalog. Read once per process."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang == "en" or not path.is_file():
        return {}
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    out: dict[object, object] = {}
    for message in catalog:
        if not message.id or not message.string:
            continue
        if isinstance(message.id, tuple):
            strings = list(message.string)
            if all(strings):
                out[tuple(message.id)] = strings
        elif not message.fuzzy:
            out[message.id] = message.string
    return out


def _fill(text: str, fields: dict[str, object]) -> str:
    return text.format(**fields) if fields else text


def _(message: str, /, **fields: object) -> str:
    """``message`` (an English id) in the user's language, with ``{field}`` placeholders filled
    from ``fields``. An id without a translation is shown as it is (tests keep that from
    happening for Indonesian)."""
    text = _catalog(language()).get(message, message)
    return _fill(str(text), fields)


def ngettext(singular: str, plural: str, n: int, /, **fields: object) -> str:
    """The singular or plural form for ``n`` (Indonesian has one form: its catalog's first),
    with ``n`` and ``fields`` filled in."""
    strings = _catalog(language()).get((singular, plural))
    fallback = singular if n == 1 else plural
    text = str(strings[0]) if strings else fallback  # type: ignore[index]
    return _fill(text, {"n": n, **fields})


def every_language(message: str, /, **fields: object) -> tuple[str, ...]:
    """``message`` in each of :data:`LANGUAGES` (duplicates dropped, the user's first), fields
    filled: for reading back a text naskah wrote into a file under any language setting (the
    formulir's headers and labels). An id without a translation counts as its English text."""
    texts = [_fill(str(_catalog(lang).get(message, message)), fields)
             for lang in (language(), *LANGUAGES)]
    return tuple(dict.fromkeys(texts))


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark ``message`` for the catalog without translating it now (module-level constants:
    translate with :func:`_` where it is shown)."""
    return message

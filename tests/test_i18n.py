"""Every user-facing message has its Indonesian text, and the catalog holds nothing the code lost.

The ids are extracted from the source exactly as ``make messages`` does
(:mod:`naskah.i18n.extract`), so a message added to the code without its translation, or a
translation left behind by a removed message, fails here.
"""

from __future__ import annotations

import re

import pytest

from naskah import i18n
from naskah.i18n import extract

FIELD = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)[^{}]*\}(?!\})")


@pytest.fixture(scope="module")
def source():
    return extract.extract()


@pytest.fixture(scope="module")
def catalog():
    return extract.read_catalog("id")


def _ids(catalog) -> set:
    return {m.id for m in catalog if m.id}


def test_every_message_in_the_code_has_an_indonesian_text(source, catalog):
    translated = {m.id for m in catalog if m.id and all(m.string if isinstance(m.string, tuple)
                                                            else [m.string])}
    missing = sorted(map(str, _ids(source) - translated))
    assert not missing, f"{len(missing)} message(s) without Indonesian text (make messages, then " \
        f"translate in core/i18n/locale/id/LC_MESSAGES/naskah.po): {missing[:20]}"


def test_the_catalog_keeps_no_message_the_code_no_longer_uses(source, catalog):
    orphans = sorted(map(str, _ids(catalog) - _ids(source)))
    assert not orphans, f"orphaned catalog entries (run make messages): {orphans[:20]}"


def test_translations_keep_the_fields_of_their_message(catalog):
    wrong = []
    for m in catalog:
        if not m.id or not m.string:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        wanted = set(FIELD.findall(ids[0]))
        for s in strings:
            if set(FIELD.findall(s)) != wanted:
                wrong.append((ids[0], s))
    assert not wrong, wrong[:10]


def test_no_translation_swallowed_another_english_message(catalog):
    """A merge of two catalog entries once appended an English help text to a warning's msgstr
    ("… periksa kembaliSlug of the agency …"): no msgstr may contain another entry's msgid."""
    ids = [m.id for m in catalog if isinstance(m.id, str) and len(m.id) > 25]
    glued = [(m.id, other) for m in catalog if isinstance(m.id, str) and isinstance(m.string, str)
             for other in ids if other != m.id and other in m.string]
    assert not glued, glued[:5]


def test_the_extractor_finds_messages_of_every_kind(tmp_path):
    pkg = tmp_path / "core"
    pkg.mkdir()
    (pkg / "m.py").write_text(
        "from naskah.i18n import _, N_, ngettext\n"
        "A = N_('Marked')\n"
        "def f(n):\n"
        "    return _('Hello {name}', name='x'), ngettext('{n} file', '{n} files', n)\n"
    )
    found = {m.id for m in extract.extract(tmp_path) if m.id}
    assert found == {"Marked", "Hello {name}", ("{n} file", "{n} files")}


def test_indonesian_by_default_and_english_on_request(monkeypatch, catalog):
    message = next(m for m in catalog if m.id and isinstance(m.id, str) and m.string
                   and m.string != m.id and "{" not in m.id)
    monkeypatch.delenv("NASKAH_LANG", raising=False)
    assert i18n._(message.id) == message.string
    monkeypatch.setenv("NASKAH_LANG", "en")
    assert i18n._(message.id) == message.id
    monkeypatch.setenv("NASKAH_LANG", "xx")  # unknown: the default
    assert i18n._(message.id) == message.string


def test_fields_are_filled_after_translation(monkeypatch):
    monkeypatch.setenv("NASKAH_LANG", "en")
    assert i18n._("{file} is missing", file="a.xlsx") == "a.xlsx is missing"
    assert i18n.ngettext("{n} document", "{n} documents", 1) == "1 document"
    assert i18n.ngettext("{n} document", "{n} documents", 3) == "3 documents"
    assert i18n.language() == "en"
    monkeypatch.setenv("NASKAH_LANG", "id_ID.UTF-8")
    assert i18n.language() == "id"

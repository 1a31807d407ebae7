"""One language on the web pages (issue 9): every word of the templates goes through the
catalog, the pages are Indonesian by default and English with ``NASKAH_LANG=en``."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from naskah.i18n import _catalog
from naskah.i18n.extract import extract
from tests.archive_world import BKPSDM, DINSOS, build_world, close_world, web_login

TEMPLATES = Path(__file__).resolve().parents[1] / "core" / "api" / "templates"
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
SHOWN_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "data-label"}
BUTTON_INPUTS = {"submit", "button", "reset"}  # an <input> of these types shows its value
ALLOWED_WORDS = {"AN", "DOCX", "PDF", "ZIP", "sha", "SHA", "PAdES", "naskah", "ID", "TW"}
"""Words a template may show outside ``_()``: file formats, the product's name, the
checksum's name, ``ID`` and period keys (``2025-TW1``) — the same in every language."""
INDONESIAN = re.compile(
    r"\b(dan|yang|tidak|belum|dokumen|naskah dinas|halaman|semua|cari|unduh|lihat|versi|"
    r"instansi|periode|tanggal|nomor|masuk|keluar|kata|atau|dari|untuk|dengan|oleh|ini)\b",
    re.IGNORECASE)


class _ShownText(HTMLParser):
    """The text a reader sees: text nodes and the shown attributes' values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        button = tag == "input" and dict(attrs).get("type") in BUTTON_INPUTS
        shown = SHOWN_ATTRIBUTES | ({"value"} if button else set())
        for name, value in attrs:
            if name in shown and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def shown_text(html: str) -> str:
    parser = _ShownText()
    parser.feed(html)
    return "\n".join(parser.parts)


def raw_words(template: str) -> list[str]:
    """Words of ``template`` a reader would see that are not inside ``{{ }}``/``{% %}``."""
    text = shown_text(JINJA.sub(" ", template))
    return [w for w in re.findall(r"[^\W\d_]{2,}", text) if w not in ALLOWED_WORDS]


def test_the_raw_text_check_finds_words_outside_the_catalog():
    html = ('<h1>{{ _("Search") }}</h1><p title="Lihat PDF">Tidak ada dokumen</p>'
            '<input placeholder="{{ _(\'e.g. {x}\', x=\'abc\') }}"> DOCX')
    assert raw_words(html) == ["Lihat", "Tidak", "ada", "dokumen"]


@pytest.mark.parametrize("path", sorted(TEMPLATES.glob("*.html")), ids=lambda p: p.name)
def test_no_template_shows_text_outside_the_catalog(path):
    text = path.read_text(encoding="utf-8")
    words = raw_words(text)
    assert not words, f"{path.name}: words outside {{{{ _() }}}}: {words}"
    assert not INDONESIAN.search(shown_text(JINJA.sub(" ", text)))


def _template_messages() -> list[tuple[str, str]]:
    """``(English id, Indonesian text)`` of the templates' messages that differ between the
    two languages, cut at their ``{fields}`` into phrases of two words or more."""
    indonesian = _catalog("id")
    pairs = []
    for message in extract():
        if not any("/templates/" in where for where, _line in message.locations):
            continue
        key = message.id if isinstance(message.id, str) else tuple(message.id)
        english = key if isinstance(key, str) else key[1]
        translated = indonesian.get(key)
        translated = translated if isinstance(translated, str) else (translated or [""])[0]
        for en, id_ in zip(re.split(r"\{\w+\}", english), re.split(r"\{\w+\}", translated),
                           strict=False):
            en, id_ = en.strip(" .:·—()"), id_.strip(" .:·—()")
            if en != id_ and len(en.split()) >= 2 and len(id_.split()) >= 2:
                pairs.append((en, id_))
    return pairs


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    base = tmp_path_factory.mktemp("web-language")
    world = build_world(base / "data", f"sqlite:///{base / 'naskah.db'}")
    yield world
    close_world(world)


def _pages(world, monkeypatch, lang: str | None) -> dict[str, str]:
    """The shown text of the sign-in page, search, document, archive version, SOP cycles,
    audit, admin run and a 404,
    in ``lang`` (``None``: the default)."""
    if lang is None:
        monkeypatch.delenv("NASKAH_LANG", raising=False)
    else:
        monkeypatch.setenv("NASKAH_LANG", lang)
    client = world.client
    client.cookies.clear()
    pages = {"login": client.get("/masuk").text}
    web_login(client, "admin", world.passwords["admin"])
    doc = world.docs[(DINSOS, 1, "laporan_pengukuran")]  # an old version: the banner shows
    for name, url in (("search", "/cari?periode=2025-TW1"), ("document", f"/dokumen/{doc}"),
                      ("run", f"/versi/{world.runs[(BKPSDM, 1)]}"), ("cycles", "/siklus"),
                      ("audit", "/admin/audit"),
                      ("admin run", "/admin/jalankan"), ("missing", "/tidak/ada")):
        response = client.get(url, headers={"Accept": "text/html"})
        assert response.status_code == (404 if name == "missing" else 200), (name, url)
        pages[name] = response.text
    return pages


def test_pages_are_indonesian_by_default(world, monkeypatch):
    pages = _pages(world, monkeypatch, None)
    assert '<html lang="id">' in pages["search"]
    assert "Cari Dokumen" in pages["search"] and "dokumen ditemukan" in pages["search"]
    assert "Triwulan I Tahun 2025" in pages["search"]
    assert "Ini versi lama (1) dokumen ini." in pages["document"]
    assert "Riwayat versi" in pages["document"] and "Dibuat (naskah run)" in pages["document"]
    assert "Masuk dengan nama pengguna" in pages["login"]
    assert "Halaman tidak ditemukan" in pages["missing"]
    shown = {name: shown_text(html) for name, html in pages.items()}
    for english, _indonesian in _template_messages():
        for name, text in shown.items():
            assert english not in text, (name, english)


def test_pages_are_english_with_naskah_lang_en(world, monkeypatch):
    pages = _pages(world, monkeypatch, "en")
    assert '<html lang="en">' in pages["search"]
    assert "Search documents" in pages["search"] and "documents found" in pages["search"]
    assert "Quarter I of 2025" in pages["search"]
    assert "This is an old version (1) of this document." in pages["document"]
    assert "Version history" in pages["document"] and "Made (naskah run)" in pages["document"]
    assert "Sign in with your user name" in pages["login"]
    assert "Page not found" in pages["missing"]
    assert "Audit log" in pages["audit"] and "Upload a data workbook" in pages["admin run"]
    shown = {name: shown_text(html) for name, html in pages.items()}
    phrases = _template_messages()
    assert len(phrases) > 50
    for _english, indonesian in phrases:
        for name, text in shown.items():
            assert indonesian not in text, (name, indonesian)

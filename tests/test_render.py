"""Rendering docxtpl templates (naskah.render): autoescape, images, paper, template checks."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Mm

from naskah.errors import NaskahError, TemplateError
from naskah.render import Image, check_template, render_docx


def write_png(path: Path, w: int = 40, h: int = 20) -> Path:
    """A tiny solid grey RGB PNG, written by hand (no image library needed)."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\x80\x80\x80" * w for _ in range(h))
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    path.write_bytes(png)
    return path


def make_template(path: Path, lines: list[str], *, landscape: bool = False, table=False) -> Path:
    """A docx with one paragraph per line on F4 paper (optionally landscape, with a table)."""
    doc = Document()
    s = doc.sections[0]
    w, h = Mm(215), Mm(330)
    if landscape:
        s.orientation = WD_ORIENT.LANDSCAPE
        w, h = h, w
    s.page_width, s.page_height = w, h
    s.left_margin, s.right_margin = Mm(25), Mm(20)
    for line in lines:
        doc.add_paragraph(line)
    if table:
        t = doc.add_table(rows=1, cols=2)
        t.autofit = False
        for cell in t.rows[0].cells:
            cell.width = Mm(85)
    doc.save(path)
    return path


def texts(path: Path) -> list[str]:
    return [p.text for p in Document(path).paragraphs]


def test_special_characters_are_escaped_and_come_out_right(tmp_path):
    tpl = make_template(tmp_path / "t.docx", ["Hal: {{ hal }}", "{{ a }} {{ b }}"])
    out = tmp_path / "out.docx"
    render_docx(tpl, {"hal": "Sarana & Prasarana <Tahap 1> \"A\" 'B'", "a": "x<y", "b": "R&D"}, out)
    assert texts(out)[:2] == ["Hal: Sarana & Prasarana <Tahap 1> \"A\" 'B'", "x<y R&D"]


def test_newline_in_a_value_becomes_a_line_break(tmp_path):
    tpl = make_template(tmp_path / "t.docx", ["{{ nama }}"])
    out = tmp_path / "out.docx"
    render_docx(tpl, {"nama": "BARIS SATU\nBARIS DUA"}, out)
    assert texts(out)[0] == "BARIS SATU\nBARIS DUA"


def test_formatting_filters_are_available(tmp_path):
    from datetime import date
    from decimal import Decimal

    tpl = make_template(tmp_path / "t.docx", ["{{ d|tanggal }} | {{ p|persen }} | {{ n|nip }}"])
    out = tmp_path / "out.docx"
    render_docx(
        tpl, {"d": date(2025, 1, 15), "p": Decimal("94.444"), "n": "198305232002121002"}, out
    )
    assert texts(out)[0] == "15 Januari 2025 | 94,44% | 19830523 200212 1 002"


def test_images_are_inserted_from_nested_context(tmp_path):
    png = write_png(tmp_path / "logo.png")
    tpl = make_template(
        tmp_path / "t.docx", ["{{ logo }}", "{% for c in charts %}{{ c.img }}{% endfor %}"]
    )
    out = tmp_path / "out.docx"
    render_docx(
        tpl,
        {"logo": Image(png, 22), "charts": [{"img": Image(png, 50)}, {"img": Image(png, 30)}]},
        out,
    )
    shapes = Document(out).inline_shapes
    assert len(shapes) == 3
    assert [round(s.width / Mm(1)) for s in shapes] == [22, 50, 30]


def test_missing_image_is_a_template_error(tmp_path):
    tpl = make_template(tmp_path / "t.docx", ["{{ logo }}"])
    with pytest.raises(TemplateError, match="nope.png"):
        render_docx(tpl, {"logo": Image(tmp_path / "nope.png", 20)}, tmp_path / "out.docx")


def test_template_object_is_fresh_for_every_document(tmp_path):
    tpl = make_template(tmp_path / "t.docx", ["{{ x }}"])
    for value in ("satu", "dua"):
        render_docx(tpl, {"x": value}, tmp_path / f"{value}.docx")
    assert texts(tmp_path / "satu.docx")[0] == "satu"
    assert texts(tmp_path / "dua.docx")[0] == "dua"


def test_edited_template_is_read_again(tmp_path):
    tpl = make_template(tmp_path / "t.docx", ["lama {{ x }}"])
    render_docx(tpl, {"x": 1}, tmp_path / "a.docx")
    make_template(tpl, ["baru {{ x }}"])
    import os

    st = tpl.stat()
    os.utime(tpl, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    render_docx(tpl, {"x": 1}, tmp_path / "b.docx")
    assert texts(tmp_path / "b.docx")[0] == "baru 1"


def test_a4_resizes_every_section_keeping_orientation(tmp_path):
    portrait = make_template(tmp_path / "p.docx", ["{{ x }}"], table=True)
    landscape = make_template(tmp_path / "l.docx", ["{{ x }}"], landscape=True)
    render_docx(portrait, {"x": 1}, tmp_path / "p4.docx", kertas="A4")
    render_docx(landscape, {"x": 1}, tmp_path / "l4.docx", kertas="A4")
    p = Document(tmp_path / "p4.docx")
    s = p.sections[0]
    assert (round(s.page_width / Mm(1)), round(s.page_height / Mm(1))) == (210, 297)
    # the table is scaled with the text width (170 → 165 mm)
    width = sum(c.width for c in p.tables[0].rows[0].cells) / Mm(1)
    assert width == pytest.approx(170 * 165 / 170, abs=0.5)
    s = Document(tmp_path / "l4.docx").sections[0]
    assert (round(s.page_width / Mm(1)), round(s.page_height / Mm(1))) == (297, 210)


def test_f4_is_kept_as_built(tmp_path):
    tpl = make_template(tmp_path / "t.docx", ["{{ x }}"])
    render_docx(tpl, {"x": 1}, tmp_path / "o.docx")
    s = Document(tmp_path / "o.docx").sections[0]
    assert (round(s.page_width / Mm(1)), round(s.page_height / Mm(1))) == (215, 330)


def test_unknown_paper_is_a_template_error(tmp_path):
    tpl = make_template(tmp_path / "t.docx", ["{{ x }}"])
    with pytest.raises(TemplateError, match="B5"):
        render_docx(tpl, {"x": 1}, tmp_path / "o.docx", kertas="B5")


def test_jinja_error_names_template_and_quotes_the_text_around_it(tmp_path):
    tpl = make_template(
        tmp_path / "rusak.docx", ["Pembuka", "Yth. {{ yth }", "{% if x %}tanpa akhir", "Penutup"]
    )
    with pytest.raises(TemplateError) as info:
        render_docx(tpl, {"yth": "A", "x": True}, tmp_path / "o.docx")
    msg = str(info.value)
    assert isinstance(info.value, NaskahError)
    assert "rusak.docx" in msg
    assert "near:" in msg and "Yth." in msg


def test_unreadable_template_is_a_template_error(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(TemplateError, match="bad.docx"):
        render_docx(bad, {}, tmp_path / "o.docx")
    with pytest.raises(TemplateError, match="missing.docx"):
        render_docx(tmp_path / "missing.docx", {}, tmp_path / "o.docx")


def test_check_template_reports_syntax_error_with_line_context(tmp_path):
    tpl = make_template(tmp_path / "t.docx", ["Satu", "Hal: {% if hal %}{{ hal }}", "Tiga"])
    problems = check_template(tpl)
    assert len(problems) == 1
    assert "t.docx" in problems[0]
    assert "TemplateSyntaxError" in problems[0]
    assert "near:" in problems[0] and "Hal:" in problems[0]


def test_check_template_reports_undeclared_and_undefined_variables(tmp_path):
    tpl = make_template(tmp_path / "t.docx", ["{{ kop.nama }} {{ kop.alamt }}", "{{ nomor }}"])
    problems = check_template(tpl, {"kop": {"nama": "DINAS", "alamat": "Jl."}})
    assert any("'nomor'" in p and "tidak ada dalam konteks" in p for p in problems)
    assert any("alamt" in p for p in problems)
    assert check_template(tpl, {"kop": {"nama": "D", "alamt": "x"}, "nomor": "1"}) == []


def test_check_template_without_context_only_checks_syntax(tmp_path):
    tpl = make_template(tmp_path / "t.docx", ["{{ apa_saja }}"])
    assert check_template(tpl) == []


def test_check_template_reports_a_failing_sample_render(tmp_path):
    tpl = make_template(tmp_path / "t.docx", ["{{ x|persen }}"])
    problems = check_template(tpl, {"x": "bukan angka"})
    assert problems and "t.docx" in problems[0]

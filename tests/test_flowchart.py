"""The flowchart matrix of a procedure (SOP AP): layout geometry, pagination, SVG output
(the painter itself: ``tests/test_flowchart_svg.py``).

Geometry is asserted on :func:`naskah.documents.flowchart.layout_flowchart` (pure, in mm), not on
pixels.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from naskah.documents.flowchart import (
    CATATAN_TANPA_PELAKSANA,
    KEPUTUSAN,
    KONEKTOR,
    PAD_MM,
    PROSES,
    TERMINATOR,
    TIDAK,
    TINGGI_STRIP_MM,
    YA,
    Halaman,
    Panah,
    Simbol,
    bagi_halaman,
    bungkus,
    draw_flowchart,
    draw_flowchart_pages,
    layout_flowchart,
    lebar_teks_mm,
    tinggi_baris_teks_mm,
    transisi,
)
from naskah.model import Keputusan, Procedure, Step
from naskah.plugins.dinsos_p3a_pessel.sop import PENGUKURAN, PENGUMPULAN
from naskah.render import svg_size_pt

KADIS = "Kepala Dinas Sosial"
SEK = "Sekretaris"
SEKTIM = "Sek. Tim SAKIP"
ANGGOTA = "Anggota Tim SAKIP"

URAIAN_PANJANG = (
    "Sekretaris menghimpun, memeriksa kelengkapan dan memvalidasi data kinerja dari seluruh "
    "bidang dan sekretariat, apabila data sudah lengkap dan benar dilanjutkan ke langkah "
    "berikutnya, jika tidak maka dikembalikan kepada Anggota Tim SAKIP untuk diperbaiki sesuai "
    "catatan koreksi yang diberikan oleh Sekretaris Dinas Sosial Kabupaten Sumedang"
)


def _s(
    nomor,
    uraian,
    pelaksana,
    *,
    kel=("Draft Dokumen Pengukuran Kinerja",),
    menit=30,
    output="Draft Dokumen Pengukuran Kinerja",
    keputusan=None,
    keterangan="",
):
    return Step(
        nomor, uraian, pelaksana, kel, menit, "", output, keputusan=keputusan, keterangan=keterangan
    )


SINTETIS = Procedure(
    slug="sintetis",
    judul="Pengukuran Kinerja",
    pelaksana=(KADIS, SEK, SEKTIM, ANGGOTA),
    steps=(
        _s(
            1,
            "Memerintahkan penyusunan pengukuran kinerja",
            (KADIS,),
            kel=("Lembar Disposisi",),
            menit=15,
            output="Disposisi Pimpinan",
        ),
        _s(
            2,
            "Membuat format pengumpulan data dan informasi pengukuran kinerja dari "
            "masing-masing bidang dan sekretariat",
            (SEKTIM,),
        ),
        _s(3, "Menyampaikan format kepada masing-masing bidang dan sekretariat", (SEKTIM, ANGGOTA)),
        _s(
            4,
            "Mengundang Kepala Dinas dan pejabat terkait untuk rapat pembahasan",
            (SEKTIM,),
            kel=("Undangan Rapat",),
            output="Undangan Rapat",
        ),
        _s(
            5,
            "Melaksanakan rapat pembahasan pengukuran kinerja",
            (KADIS, SEK, SEKTIM, ANGGOTA),
            menit=120,
            keterangan="SOP Pelaksanaan Rapat",
        ),
        _s(
            6,
            "Menghimpun format data dan informasi pengukuran kinerja masing-masing bidang",
            (ANGGOTA,),
            menit=120,
        ),
        _s(7, URAIAN_PANJANG, (SEK,), menit=240, keputusan=Keputusan(ya=8, tidak=6)),
        _s(8, "Menyampaikan data kinerja kepada Perencana Ahli Muda", (SEK,)),
        _s(
            9,
            "Kepala Dinas mengoreksi dokumen; apabila disetujui ditandatangani, jika tidak "
            "dikembalikan kepada Sek. Tim untuk diperbaiki",
            (KADIS,),
            keputusan=Keputusan(ya=11, tidak=10),
        ),
        _s(10, "Sek. Tim memperbaiki dokumen sesuai koreksi", (SEKTIM,)),
        _s(11, "Penandatanganan dokumen pengukuran kinerja oleh Kepala Dinas", (KADIS,)),
        _s(
            12,
            "Pembuatan surat pengantar pengiriman dan penomoran surat",
            ("Pengadministrasi Umum",),
            output="Surat Pengantar",
        ),
        _s(
            13,
            "Penggandaan dokumen pengukuran kinerja",
            (ANGGOTA,),
            keputusan=Keputusan(ya=14, tidak=2),
        ),
        _s(
            14,
            "Pengarsipan dokumen pengukuran kinerja",
            (),
            kel=("Dokumen Pengukuran Kinerja",),
            menit=None,
            output="",
        ),
    ),
)
"""14 steps, 4 pelaksana (the shape of the Sumedang SOP), decisions looping back (7 → 6 and
13 → 2, across a page break when paginated), a forward TIDAK (9 → 10 while YA skips to 11), a
pelaksana that is no column (12), no pelaksana (14), a long uraian (7)."""


def _arrows(h: Halaman) -> list[Panah]:
    """The transition arrows of a page (not the dashed links of multi-pelaksana steps)."""
    return [a for a in h.panah if a.kepala and not a.putus]


def _on_edge(s: Simbol, pt: tuple[float, float], tol: float = 0.05) -> bool:
    """``pt`` lies on the bounding box edge of ``s`` (top, bottom, left or right side)."""
    x, y = pt
    inside_x = s.kiri - tol <= x <= s.kanan + tol
    inside_y = s.atas - tol <= y <= s.bawah + tol
    on_h = inside_x and (abs(y - s.atas) < tol or abs(y - s.bawah) < tol)
    on_v = inside_y and (abs(x - s.kiri) < tol or abs(x - s.kanan) < tol)
    return on_h or on_v


# --- transitions -------------------------------------------------------------------------------


def test_transitions_follow_steps_and_both_decision_branches():
    t = transisi(PENGUMPULAN)
    assert (t[0].dari, t[0].ke, t[0].label) == (1, 2, "")
    branches = {(x.ke, x.label) for x in t if x.dari == 10}
    assert branches == {(11, YA), (7, TIDAK)}
    assert not any(x.dari == 12 for x in t), "the last step goes nowhere"
    assert len(t) == len(PENGUMPULAN.steps) - 1 + 1  # 11 step→next, one extra branch


def test_decision_to_a_missing_step_is_refused_with_its_numbers():
    bad = Procedure(
        "x",
        "X",
        ("A",),
        (
            _s(1, "a", ("A",)),
            _s(2, "b", ("A",), keputusan=Keputusan(ya=3, tidak=9)),
            _s(3, "c", ("A",)),
        ),
    )
    with pytest.raises(ValueError, match="step 2 branches TIDAK to step 9"):
        transisi(bad)


# --- symbols -----------------------------------------------------------------------------------


def test_first_and_last_steps_are_terminators_decisions_diamonds_others_processes():
    page = layout_flowchart(PENGUMPULAN).halaman[0]
    shapes = {n: page.simbol_langkah(n).bentuk for n in page.langkah}
    assert shapes[1] == TERMINATOR and shapes[12] == TERMINATOR
    assert shapes[10] == KEPUTUSAN
    assert {shapes[n] for n in range(2, 12) if n != 10} == {PROSES}


def test_symbol_stands_in_the_column_of_the_first_pelaksana_with_dashed_copies_for_the_others():
    page = layout_flowchart(PENGUMPULAN).halaman[0]
    cols = {k.indeks: k for k in page.kolom if k.kunci == "pelaksana"}
    step7 = PENGUMPULAN.step(7)  # (Sekretariat, Bidang, Staf)
    main = page.simbol_langkah(7)
    assert cols[main.kolom].judul == step7.pelaksana[0]
    assert main.cx == pytest.approx(cols[main.kolom].tengah)
    ghosts = [s for s in page.simbol if s.nomor == 7 and s.pendamping]
    assert sorted(cols[g.kolom].judul for g in ghosts) == sorted(step7.pelaksana[1:])
    links = [a for a in page.panah if a.dari == 7 and a.putus]
    assert len(links) == len(ghosts) and not any(a.kepala for a in links)


def test_step_without_pelaksana_is_drawn_in_no_column_and_noted():
    layout = layout_flowchart(PENGUMPULAN)
    page = layout.halaman[0]
    s = page.simbol_langkah(12)  # "Pengarsipan Data Kinerja": the seed names no pelaksana
    assert s.kolom is None and s.tanpa_pelaksana
    pel = [k for k in page.kolom if k.kunci == "pelaksana"]
    assert s.kiri > pel[0].x and s.kanan < pel[-1].kanan
    assert s.lebar > pel[0].lebar, "it spans the pelaksana area instead of sitting in one column"
    assert layout.catatan[12] == CATATAN_TANPA_PELAKSANA
    row = next(b for b in page.baris if b.nomor == 12)
    assert " ".join(row.sel["keterangan"]) == CATATAN_TANPA_PELAKSANA


def test_pelaksana_that_is_not_a_column_is_named_in_the_note():
    layout = layout_flowchart(SINTETIS)
    assert layout.catatan[12] == "Pelaksana bukan kolom tabel: Pengadministrasi Umum"
    assert layout.halaman[0].simbol_langkah(12).kolom is None


# --- arrows ------------------------------------------------------------------------------------


@pytest.mark.parametrize("procedure", [PENGUMPULAN, PENGUKURAN, SINTETIS], ids=lambda p: p.slug)
def test_one_arrow_per_transition_from_edge_to_edge(procedure):
    layout = layout_flowchart(procedure)
    (page,) = layout.halaman
    arrows = _arrows(page)
    assert sorted((a.dari, a.ke, a.label) for a in arrows) == sorted(
        (t.dari, t.ke, t.label) for t in layout.transisi
    )
    for a in arrows:
        assert _on_edge(page.simbol_langkah(a.dari), a.titik[0]), (a.dari, a.titik[0])
        assert _on_edge(page.simbol_langkah(a.ke), a.titik[-1]), (a.ke, a.titik[-1])
        for (x0, y0), (x1, y1) in zip(a.titik, a.titik[1:], strict=False):
            assert x0 == pytest.approx(x1) or y0 == pytest.approx(y1), "orthogonal segments"


def test_decision_has_ya_down_and_tidak_sideways_with_labels():
    page = layout_flowchart(PENGUMPULAN).halaman[0]
    diamond = page.simbol_langkah(10)
    ya = next(a for a in _arrows(page) if a.dari == 10 and a.label == YA)
    tidak = next(a for a in _arrows(page) if a.dari == 10 and a.label == TIDAK)
    assert ya.titik[0] == pytest.approx((diamond.cx, diamond.bawah))
    assert ya.ke == 11 and tidak.ke == 7
    assert tidak.titik[0][1] == pytest.approx(diamond.cy)
    assert tidak.titik[0][0] in (pytest.approx(diamond.kiri), pytest.approx(diamond.kanan))
    assert {lb.teks for lb in page.label} >= {YA, TIDAK}
    ya_label = next(lb for lb in page.label if lb.teks == YA)
    assert abs(ya_label.x - diamond.cx) < 3 and ya_label.y >= diamond.bawah


def test_loop_back_runs_up_a_lane_that_crosses_no_symbol():
    page = layout_flowchart(SINTETIS).halaman[0]
    for dari, ke in ((7, 6), (13, 2)):
        arrow = next(a for a in _arrows(page) if a.dari == dari and a.ke == ke)
        assert arrow.label == TIDAK
        lane = [
            (p, q)
            for p, q in zip(arrow.titik, arrow.titik[1:], strict=False)
            if p[0] == pytest.approx(q[0])
        ]
        assert lane, "a vertical segment"
        (x, y0), (_, y1) = max(lane, key=lambda seg: abs(seg[0][1] - seg[1][1]))
        top, bottom = sorted((y0, y1))
        assert top < page.simbol_langkah(ke).bawah, "it goes up to the target"
        for s in page.simbol:
            if s.tanpa_pelaksana or s.nomor in (dari, ke):
                continue
            if top < s.cy < bottom:
                assert not (s.kiri < x < s.kanan), f"lane x={x:.1f} crosses step {s.nomor}"


def test_branch_to_a_later_step_skips_the_next_one():
    page = layout_flowchart(SINTETIS).halaman[0]
    ya = next(a for a in _arrows(page) if a.dari == 9 and a.label == YA)
    tidak = next(a for a in _arrows(page) if a.dari == 9 and a.label == TIDAK)
    assert (ya.ke, tidak.ke) == (11, 10)
    # the branch to the next step leaves the bottom, the jump leaves a side
    d = page.simbol_langkah(9)
    assert tidak.titik[0] == pytest.approx((d.cx, d.bawah))
    assert ya.titik[0][1] == pytest.approx(d.cy)


# --- text --------------------------------------------------------------------------------------


def test_long_uraian_wraps_inside_its_column_and_sets_the_row_height():
    page = layout_flowchart(SINTETIS).halaman[0]
    col = next(k for k in page.kolom if k.kunci == "uraian")
    row = next(b for b in page.baris if b.nomor == 7)
    lines = row.sel["uraian"]
    assert len(lines) >= 5
    assert " ".join(lines) == URAIAN_PANJANG
    assert all(lebar_teks_mm(ln) <= col.lebar - 2 * PAD_MM for ln in lines)
    assert row.tinggi >= len(lines) * tinggi_baris_teks_mm() + 2 * PAD_MM


def test_a_word_wider_than_the_column_is_cut():
    lines = bungkus("x" * 80, 20)
    assert len(lines) > 1 and "".join(ln.removesuffix("-") for ln in lines) == "x" * 80
    assert all(lebar_teks_mm(ln) <= 20 for ln in lines)
    assert all(ln.endswith("-") for ln in lines[:-1])


def test_a_long_word_is_hyphenated_at_a_syllable_break():
    """Issue 11 review: BKPSDM's step 9 keterangan printed "Pengembanga" / "n"."""
    width = lebar_teks_mm('Pengembangan":') - 0.5
    lines = bungkus('Badan Perencanaan Daerah, Penelitian dan Pengembangan":', width)
    assert "Pengemba-" in lines and 'ngan":' in lines  # pe-ngem-ba-ngan: ng stays together
    assert all(lebar_teks_mm(ln) <= width for ln in lines)
    assert bungkus("Pengembangan", lebar_teks_mm("Pengemb-")) == ("Pengem-", "bangan")
    assert bungkus("19790703200212", lebar_teks_mm("1979070")) == ("1979070", "3200212")


def test_mutu_baku_cells_hold_kelengkapan_waktu_and_output():
    page = layout_flowchart(PENGUMPULAN).halaman[0]
    row = next(b for b in page.baris if b.nomor == 4)
    step = PENGUMPULAN.step(4)
    assert " ".join(row.sel["kelengkapan"]) == ", ".join(step.kelengkapan)
    assert row.sel["waktu"] == ("1 hari",)
    assert " ".join(row.sel["output"]) == step.output


# --- pages -------------------------------------------------------------------------------------


def test_pages_fit_the_height_keep_room_for_the_signature_and_hold_every_step_once():
    layout = layout_flowchart(SINTETIS, tinggi_maks_mm=150, cadangan_akhir_mm=50)
    pages = layout.halaman
    assert len(pages) >= 2
    assert all(h.tinggi <= 150 for h in pages)
    assert pages[-1].tinggi + 50 <= 150
    steps = [n for h in pages for n in h.langkah]
    assert steps == [s.nomor for s in SINTETIS.steps]
    assert all(h.header == pages[0].header for h in pages), "header repeated on every page"


def test_an_arrow_across_pages_ends_and_resumes_at_connectors_with_the_same_letter():
    layout = layout_flowchart(SINTETIS, tinggi_maks_mm=150, cadangan_akhir_mm=50)
    page_of = {n: h for h in layout.halaman for n in h.langkah}
    crossing = [t for t in layout.transisi if page_of[t.dari] is not page_of[t.ke]]
    assert any(t.label == TIDAK and t.ke < t.dari for t in crossing), "a loop back across pages"
    letters = set()
    for t in crossing:
        out = next(
            a for a in page_of[t.dari].panah if (a.dari, a.ke, a.bagian) == (t.dari, t.ke, "keluar")
        )
        into = next(
            a for a in page_of[t.ke].panah if (a.dari, a.ke, a.bagian) == (t.dari, t.ke, "masuk")
        )
        c_out = next(
            s for s in page_of[t.dari].simbol if s.bentuk == KONEKTOR and _on_edge(s, out.titik[-1])
        )
        c_in = next(
            s for s in page_of[t.ke].simbol if s.bentuk == KONEKTOR and _on_edge(s, into.titik[0])
        )
        assert c_out.label == c_in.label
        letters.add(c_out.label)
        assert _on_edge(page_of[t.ke].simbol_langkah(t.ke), into.titik[-1])
    assert len(letters) == len(crossing), "one letter per crossing arrow"


def test_pagination_fills_pages_and_never_leaves_one_row_under_the_signature():
    rows = [20.0] * 10
    pages = bagi_halaman(rows, 15, 200, cadangan_akhir_mm=60)
    # the first page as full as it goes (15 + strip + 8 × 20 = 185 ≤ 200), no half-empty page
    assert [len(p) for p in pages] == [8, 2]
    assert 15 + TINGGI_STRIP_MM + 9 * 20 > 200
    # 9 rows: 8 + 1 would leave one row alone above the signature
    assert [len(p) for p in bagi_halaman(rows[:9], 15, 200, cadangan_akhir_mm=60)] == [7, 2]
    assert bagi_halaman(rows, 15, None) == [range(0, 10)]


# --- drawing -----------------------------------------------------------------------------------


def test_draw_flowchart_writes_one_svg_at_the_printed_size(tmp_path: Path):
    out = draw_flowchart(SINTETIS, tmp_path / "f.svg", lebar_mm=250)
    layout = layout_flowchart(SINTETIS, lebar_mm=250)
    w, h = svg_size_pt(out.read_bytes())
    assert w == pytest.approx((250 + 0.8) * 72 / 25.4, abs=0.01)
    assert h == pytest.approx((layout.halaman[0].tinggi + 0.8) * 72 / 25.4, abs=0.01)


def test_draw_flowchart_pages_writes_one_svg_per_page(tmp_path: Path):
    pages = draw_flowchart_pages(SINTETIS, tmp_path, tinggi_maks_mm=150, cadangan_akhir_mm=50)
    assert len(pages) >= 2
    assert [p.name for p, _ in pages] == [f"sintetis-{i}.svg" for i in range(1, len(pages) + 1)]
    assert all(p.is_file() and p.read_bytes().startswith(b"<?xml") for p, _ in pages)


def test_flowchart_pages_are_written_as_svg_only(tmp_path: Path):
    with pytest.raises(ValueError, match="SVG"):
        draw_flowchart(SINTETIS, tmp_path / "f.png")
    with pytest.raises(ValueError, match="SVG"):
        draw_flowchart_pages(SINTETIS, tmp_path, suffix=".png")
    assert not list(tmp_path.iterdir())


def _bundled_procedures():
    from naskah.agencies.manager import get_plugins

    plugins = get_plugins()
    for slug, agency in sorted(plugins.agencies().items()):
        for procedure in plugins.procedures(agency):
            yield pytest.param(procedure, id=f"{slug}:{procedure.slug}")


def _crosses(box, seg) -> bool:
    (x0, y0), (x1, y1) = seg
    left, top, right, bottom = box
    if x0 == pytest.approx(x1):  # vertical
        return left < x0 < right and min(y0, y1) < bottom and max(y0, y1) > top
    return top < y0 < bottom and min(x0, x1) < right and max(x0, x1) > left


@pytest.mark.parametrize("tinggi_maks_mm", [None, 150.0])
@pytest.mark.parametrize("procedure", list(_bundled_procedures()))
def test_no_ya_or_tidak_label_sits_on_a_line(procedure, tinggi_maks_mm):
    """A YA/TIDAK label is drawn on a white box: a line under it looks cut. The TIDAK of a loop
    back whose lane goes up from the diamond's side sat above that side, on the lane (e.g.
    Disdagtrans step 10 → 6 across a page); it now sits under the side the lane leaves."""
    from naskah.documents.flowchart.model import FONT_LABEL_PT
    from naskah.documents.flowchart.text import lebar_teks_mm, tinggi_baris_teks_mm

    layout = layout_flowchart(procedure, tinggi_maks_mm=tinggi_maks_mm)
    for page in layout.halaman:
        for lb in page.label:
            w = lebar_teks_mm(lb.teks, FONT_LABEL_PT, bold=True)
            h = tinggi_baris_teks_mm(FONT_LABEL_PT)
            left = lb.x - {"left": 0.0, "center": 0.5, "right": 1.0}[lb.ha] * w
            top = lb.y - {"top": 0.0, "center": 0.5, "bottom": 1.0}[lb.va] * h
            box = (left, top, left + w, top + h)
            for arrow in page.panah:
                for seg in zip(arrow.titik, arrow.titik[1:], strict=False):
                    assert not _crosses(box, seg), (lb, arrow.dari, arrow.ke, seg)

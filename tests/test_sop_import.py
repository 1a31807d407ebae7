"""`naskah agency import SOP.docx`: an SOP document's SOP AP tables (made here with python-docx,
laid out like the seeds' tables: two header rows, merged PELAKSANA and MUTU BAKU cells, marks in
the pelaksana columns) read back into an agency data file (naskah.agencies.sop_import)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import docx
import pytest
import yaml
from typer.testing import CliRunner

from naskah.agencies.declarative import dump_agency, read_agency_file
from naskah.agencies.sop_import import SopImportError, read_sop_docx

PELAKSANA = ("Kepala Dinas", "Sekretaris", "Tim SAKIP")
ROWS = [
    # no, uraian, marks (per pelaksana), kelengkapan, waktu, output, ket
    ("1", "Memerintahkan pengumpulan data kinerja", (1, 0, 0), "Lembar Disposisi", "15",
     "Disposisi Pimpinan", ""),
    ("2", "Menyusun rencana kegiatan pengumpulan data", (0, 1, 1), "Notulen Rapat\nRenstra",
     "120", "Program Kerja Kegiatan", "SOP Pelaksanaan Rapat"),
    ("3", "Sekretaris menganalisa laporan, apabila setuju akan digunakan, jika tidak "
     "dikembalikan", (0, 1, 0), "Draft Laporan", "30", "Laporan Hasil Pengumpulan", ""),
    ("4", "Pengarsipan data kinerja", (0, 0, 0), "Arsip", "lima menit", "-", ""),
]  # fmt: skip


def sop_docx(path: Path, title: str = "A. PENGUMPULAN DATA KINERJA") -> Path:
    d = docx.Document()
    d.add_paragraph("STANDAR OPERASIONAL PROSEDUR (SOP)")
    d.add_paragraph(title)
    n = len(PELAKSANA)
    table = d.add_table(rows=2 + len(ROWS), cols=2 + n + 3 + 1)
    h1, h2 = table.rows[0].cells, table.rows[1].cells
    h1[0].text, h1[1].text = "NO", "URAIAN PROSEDUR"
    h1[2].merge(h1[1 + n]).text = "PELAKSANA"
    h1[2 + n].merge(h1[4 + n]).text = "MUTU BAKU"
    h1[5 + n].text = "KET"
    for j, name in enumerate(PELAKSANA):
        h2[2 + j].text = name
    h2[2 + n].text, h2[3 + n].text, h2[4 + n].text = "KELENGKAPAN", "WAKTU (MENIT)", "OUTPUT"
    for i, (no, uraian, marks, kel, waktu, output, ket) in enumerate(ROWS, start=2):
        cells = table.rows[i].cells
        cells[0].text, cells[1].text = no, uraian
        for j, mark in enumerate(marks):
            cells[2 + j].text = "\u221a" if mark else ""
        cells[2 + n].text, cells[3 + n].text, cells[4 + n].text = kel, waktu, output
        cells[5 + n].text = ket
    d.save(path)
    return path


def test_sop_table_is_read_into_a_procedure_with_notes(tmp_path):
    read = read_sop_docx(sop_docx(tmp_path / "sop.docx"))
    (proc,) = read.procedures
    assert proc.slug == "pengumpulan" and proc.judul == "Pengumpulan Data Kinerja"
    assert proc.pelaksana == PELAKSANA
    s1, s2, s3, s4 = proc.steps
    assert (s1.nomor, s1.uraian, s1.pelaksana) == (1, ROWS[0][1], ("Kepala Dinas",))
    assert (s1.kelengkapan, s1.waktu_menit, s1.waktu_teks) == (("Lembar Disposisi",), 15,
                                                               "15 menit")  # fmt: skip
    assert s1.output == "Disposisi Pimpinan" and s1.documents is None
    assert s2.pelaksana == ("Sekretaris", "Tim SAKIP")
    assert s2.kelengkapan == ("Notulen Rapat", "Renstra") and s2.keterangan == ROWS[1][6]
    assert s4.pelaksana == () and s4.waktu_menit is None
    notes = " | ".join(read.notes)
    assert "tabel 1 (pengumpulan), langkah 3: uraian menggambarkan keputusan" in notes
    assert "langkah 4: tanda pelaksana tidak terbaca" in notes and "'lima menit'" in notes


def test_import_command_writes_a_data_file_that_loads_after_filling(tmp_path):
    from naskah.cli.main import app

    source = sop_docx(tmp_path / "sop.docx")
    out = CliRunner().invoke(app, ["agency", "import", str(source), "--slug", "dinkes-impor",
                                   "-o", str(tmp_path)])  # fmt: skip
    assert out.exit_code == 0, out.output
    text = " ".join(out.output.split())
    assert "1 prosedur" in text and "4 langkah" in text and "langkah 4" in text
    path = tmp_path / "dinkes-impor.yaml"
    written = path.read_text(encoding="utf-8")
    assert "Tidak terbaca dari dokumen SOP" in written
    assert "# Tabel 'prosedur' dibaca dari sop.docx" in written and "CONTOH" not in written
    assert "tidak terbaca:" in text
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(nama="DINAS IMPOR (FIKTIF)", pemerintah="PEMERINTAH KABUPATEN FIKTIF",
                kabupaten="Kabupaten Fiktif")  # fmt: skip
    data["kepala"]["jabatan"], data["sekretaris"]["jabatan"] = "Kepala Dinas", "Sekretaris"
    path.write_text(dump_agency(data), encoding="utf-8")
    file = read_agency_file(path)
    assert file.procedures == tuple(read_sop_docx(source).procedures)


def test_document_without_sop_table_is_refused(tmp_path):
    d = docx.Document()
    d.add_paragraph("Bukan SOP")
    d.add_table(rows=1, cols=2).rows[0].cells[0].text = "Nama"
    d.save(tmp_path / "lain.docx")
    with pytest.raises(SopImportError, match="lain.docx"):
        read_sop_docx(tmp_path / "lain.docx")
    (tmp_path / "rusak.docx").write_text("bukan docx")
    with pytest.raises(SopImportError, match="rusak.docx"):
        read_sop_docx(tmp_path / "rusak.docx")


# --- the seeds' layouts, read back into the same data ---------------------------------------------

MARK = "\u221a"


def _header_000(table, proc, n):
    """Seed 000 (Dinsos P3A): No | Uraian Prosedur <judul> | Pelaksana ×n | Mutu Baku ×3 |
    Keterangan; the names and Kelengkapan/Waktu (Menit)/Output in row 2; column numbers row 3."""
    r0, r1 = table.rows[0].cells, table.rows[1].cells
    r0[0].merge(r1[0]).text = "No"
    r0[1].merge(r1[1]).text = f"Uraian Prosedur {proc.judul}"
    r0[2].merge(r0[1 + n]).text = "Pelaksana"
    r0[2 + n].merge(r0[4 + n]).text = "Mutu Baku"
    r0[5 + n].merge(r1[5 + n]).text = "Keterangan"
    for j, name in enumerate(proc.pelaksana):
        r1[2 + j].text = name
    r1[2 + n].text, r1[3 + n].text, r1[4 + n].text = "Kelengkapan", "Waktu (Menit)", "Output"
    for j, cell in enumerate(table.rows[2].cells):
        cell.text = str(j + 1)
    return 3


def _header_001(table, proc, n):
    """Seed 001 (BKPSDM): 'URAIAN PROSEDUR' over No, Uraian and the executors in row 1, 'No',
    the title and the names in row 2."""
    r0, r1 = table.rows[0].cells, table.rows[1].cells
    r0[0].merge(r0[1 + n]).text = "URAIAN PROSEDUR"
    r0[2 + n].merge(r0[4 + n]).text = "MUTU BAKU"
    r1[0].text, r1[1].text = "No", proc.judul.upper()
    for j, name in enumerate(proc.pelaksana):
        r1[2 + j].text = name.upper()
    r1[2 + n].text, r1[3 + n].text, r1[4 + n].text = "Kelengkapan", "Waktu (menit)", "Output"
    r1[5 + n].text = "Keterangan"
    for j, cell in enumerate(table.rows[2].cells):
        cell.text = str(j + 1)
    return 3


def _header_003(table, proc, n):
    """Seed 003 (Diskominfo): the names in row 1 (merged down), Kelengkapan … Ket in row 2."""
    r0, r1 = table.rows[0].cells, table.rows[1].cells
    r0[0].merge(r1[0]).text = "NO."
    r0[1].merge(r1[1]).text = f"URAIAN PROSEDUR {proc.judul.upper()}"
    for j, name in enumerate(proc.pelaksana):
        r0[2 + j].merge(r1[2 + j]).text = name.upper()
    r0[2 + n].merge(r0[5 + n]).text = "MUTU BAKU"
    r1[2 + n].text, r1[3 + n].text, r1[4 + n].text = "Kelengkapan", "Waktu (menit)", "Output"
    r1[5 + n].text = "Ket"
    return 2


def _rows(table, proc, n, first, steps, labels):
    for i, step in enumerate(steps, start=first):
        cells = table.rows[i].cells
        cells[0].text, cells[1].text = str(step.nomor), step.uraian
        for j, name in enumerate(proc.pelaksana):
            cells[2 + j].text = MARK if name in step.pelaksana else labels.get(
                (proc.slug, step.nomor, name), "")  # fmt: skip
        cells[2 + n].text = "\n".join(step.kelengkapan)
        cells[3 + n].text = step.waktu_teks
        cells[4 + n].text, cells[5 + n].text = step.output, step.keterangan


def seed_like_docx(path, procedures, header, *, split_at=None, labels=None, before=()):
    """An SOP document whose tables are laid out like a seed's (``header``), one per procedure
    in the given order; ``split_at``: the step where a table breaks into a second table
    without header (a page break); ``labels``: flow-label text put in executor cells;
    ``before``: paragraphs before each table (the step list ends with '10. …')."""
    d = docx.Document()
    d.add_paragraph("STANDAR OPERASIONAL PROSEDUR (SOP)")
    for proc in procedures:
        for text in before:
            d.add_paragraph(text)
        n = len(proc.pelaksana)
        steps = list(proc.steps)
        head = steps if split_at is None else [s for s in steps if s.nomor < split_at]
        rest = [s for s in steps if s not in head]
        table = d.add_table(rows=4 + len(head), cols=2 + n + 4)  # room for any header
        first = header(table, proc, n)
        for _extra in range(4 - first):
            table._tbl.remove(table.rows[first]._tr)
        _rows(table, proc, n, first, head, labels or {})
        if rest:
            d.add_paragraph("")
            cont = d.add_table(rows=len(rest), cols=2 + n + 4)
            _rows(cont, proc, n, 0, rest, labels or {})
    d.save(path)
    return path


def as_imported(procedures):
    """What the import can give back: no documents and decisions (drawings), each step's
    pelaksana in the order of the table's columns."""
    def step(p, s):
        pelaksana = tuple(sorted(s.pelaksana, key=p.pelaksana.index))
        return dataclasses.replace(s, pelaksana=pelaksana, documents=None, keputusan=None)

    return [dataclasses.replace(p, steps=tuple(step(p, s) for s in p.steps)) for p in procedures]


def test_seed_000_layout_reads_back_into_the_same_procedures(tmp_path):
    """Seed 000: the measurement table first, a step list before each table, the column
    numbers row, the collection table broken across pages, a TIDAK label in an executor
    column."""
    from naskah.plugins.dinsos_p3a_pessel.sop import PENGUKURAN, PENGUMPULAN

    labels = {("pengumpulan", 10, "Tim SAKIP"): "TIDAK", ("pengumpulan", 11, "Bidang"): "\u2192"}
    path = seed_like_docx(tmp_path / "sop.docx", (PENGUKURAN, PENGUMPULAN), _header_000,
                          split_at=7, labels=labels, before=("10. Menyimpan data kinerja.",))
    read = read_sop_docx(path)
    assert read.procedures == as_imported((PENGUMPULAN, PENGUKURAN))
    notes = " | ".join(read.notes)
    assert "tabel 4 (pengumpulan): tanpa judul kolom" in notes  # the continuation of table 3
    assert "tabel 4 (pengumpulan), langkah 10: 'TIDAK' pada kolom Tim SAKIP adalah label" in notes
    assert "berada sebelum tabel pengumpulan" in notes  # the order of procedures was changed
    assert "langkah 12: tanda pelaksana tidak terbaca" in notes  # the Pengarsipan row


def test_seed_001_layout_no_in_the_second_header_row(tmp_path):
    from naskah.plugins.bkpsdm_pessel.sop import PROCEDURES

    (pengukuran,) = [p for p in PROCEDURES if p.slug == "pengukuran"]
    read = read_sop_docx(seed_like_docx(tmp_path / "sop.docx", (pengukuran,), _header_001))
    (proc,) = read.procedures
    expected = as_imported((pengukuran,))[0]
    assert proc.pelaksana == tuple(n.upper() for n in pengukuran.pelaksana)
    assert proc.slug == "pengukuran" and proc.judul == "Pengukuran Kinerja"
    upper = {n.upper(): n for n in pengukuran.pelaksana}
    steps = tuple(dataclasses.replace(s, pelaksana=tuple(upper[p] for p in s.pelaksana))
                  for s in proc.steps)  # fmt: skip
    assert steps == expected.steps


def test_seed_003_layout_names_in_the_first_header_row(tmp_path):
    from naskah.plugins.diskominfo_tanjabbar.sop import PROCEDURES

    read = read_sop_docx(seed_like_docx(tmp_path / "sop.docx", PROCEDURES, _header_003))
    assert [p.slug for p in read.procedures] == ["pengumpulan", "pengukuran"]
    for got, want in zip(read.procedures, as_imported(PROCEDURES), strict=True):
        upper = {n.upper(): n for n in want.pelaksana}
        assert got.pelaksana == tuple(upper)
        assert tuple(dataclasses.replace(s, pelaksana=tuple(upper[p] for p in s.pelaksana))
                     for s in got.steps) == want.steps  # fmt: skip
    assert not any("kolom pelaksana tidak dapat dibaca" in n for n in read.notes)

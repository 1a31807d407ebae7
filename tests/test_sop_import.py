"""`naskah agency import SOP.docx`: an SOP document's SOP AP tables (made here with python-docx,
laid out like the seeds' tables: two header rows, merged PELAKSANA and MUTU BAKU cells, marks in
the pelaksana columns) read back into an agency data file (naskah.agencies.sop_import)."""

from __future__ import annotations

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
    assert "tabel 1, langkah 3: uraian menggambarkan keputusan" in notes
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
    assert "Tidak terbaca dari dokumen SOP" in path.read_text(encoding="utf-8")
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

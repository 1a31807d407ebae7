"""``lembar_verifikasi``: the LEMBAR VERIFIKASI DATA KINERJA — the record of a check of a
bidang's data (e.g. the Kepala Bidang's crosscheck of the data entered in an application,
Disdagtrans Pesisir Selatan SOP pengumpulan step 7).

Landscape, kop; fields (Perangkat Daerah, Sekretariat/Bidang, Periode, Sumber data); one row per
indicator of the bidang: No, Kode, Indikator Kinerja, Satuan, Target and Realisasi of the
triwulan as entered, the result of the check to tick by hand (☐ Sesuai ☐ Perlu perbaikan) and
a note; then the signature of whoever checked ("Diperiksa oleh,"). Context:
:func:`naskah.documents.verifikasi.lembar_verifikasi`.
"""

from __future__ import annotations

from pathlib import Path

from common import add_blank, add_fields, add_tag, add_text, text_width_mm
from tables import _doc, _finish, closing_block, data_table, scale, tidy_cell

SLUG = "lembar_verifikasi"


def build_lembar_verifikasi(outdir: Path) -> Path:
    doc = _doc(landscape=True)
    add_text(doc, "LEMBAR VERIFIKASI DATA KINERJA", bold=True, align="center", size=12,
             after=0, keep_with_next=True)  # fmt: skip
    add_text(doc, "{{ periode }}", align="center", after=6, keep_with_next=True)
    add_fields(doc, [
        ("Perangkat Daerah", "{{ agency.nama }}"),
        ("Sekretariat/Bidang", "{{ bidang }}"),
        ("Periode", "{{ periode }}"),
        ("Sumber data", "{{ sumber_data }}"),
    ], label_width_mm=40, size=10)  # fmt: skip
    add_blank(doc, 1, size=4)
    widths = scale([8, 26, 70, 16, 20, 22, 42, 60], text_width_mm(doc))
    data_table(
        doc,
        ["No", "Kode", "Indikator Kinerja", "Satuan", "Target\n{{ tw }}", "Realisasi\n{{ tw }}",
         "Hasil pemeriksaan", "Catatan perbaikan"],
        ["{{ row.no }}", "{{ row.kode }}", "{{ row.indikator }}", "{{ row.satuan }}",
         "{{ row.target_tw }}", "{{ row.realisasi }}", "{{ row.periksa }}", ""],
        widths,
        aligns=["center", "left", "left", "center", "right", "right", "left", "left"],
    )  # fmt: skip
    left = closing_block(doc)
    add_tag(left, "{%p if keterangan %}")
    add_text(left, "{{ keterangan }}", align="left", size=9, after=1)
    add_tag(left, "{%p endif %}")
    tidy_cell(left)
    return _finish(doc, SLUG, outdir)


def build_all(outdir: Path) -> list[Path]:
    return [build_lembar_verifikasi(Path(outdir))]

"""The SOP of Dinas Komunikasi dan Informatika, Kab. Tanjung Jabung Barat.

Source: seed ``003_4aebf9505069e2fc.txt`` (SOP "Pengumpulan Data dan Pengukuran Kinerja", no
year, no nomor), its two tables "SOP Pengumpulan Data Kinerja" (12 steps) and "SOP Pengukuran
Kinerja" (10 steps). Uraian, kelengkapan, waktu and output are the tables' wording, verbatim
(capitals included: ``"5 Menit"``, ``"Draf laporan hasil Pengumpulan data kinerja"``) except
these corrections of the extraction:

- words split at a line end are joined: "dokumen- dokumen" → "dokumen-dokumen", "tiap- tiap" /
  "tiaptiap" → "tiap-tiap", "tujuan/ sasaran/ program/ kegiatan" → "tujuan/sasaran/program/
  kegiatan";
- "Blangko formular" (pengumpulan step 6) → "Blangko formulir" (every other row says formulir);
- "indicator kinerja" (pengukuran step 4) → "indikator kinerja" (the procedure text says so);
- the check marks "✓" before the kelengkapan of pengukuran steps 4–5 are list bullets: dropped.

Choices where the source is silent or contradicts itself:

- **13 text items, 12 table steps** (pengumpulan): the procedure text "IX. a" numbers 13 items,
  but its item 3 ("Dinas Komunikasi dan Informatika … untuk memberikan arahan pelaksanaan
  kegiatan pengumpulan data kinerja") is the tail of item 2 cut in two by the extraction. The
  table's 12 steps are followed; text items 4–13 are table steps 3–12.
- **Measurement table heading**: the second table is headed "URAIAN PROSEDUR PENGUMPULAN DATA
  KINERJA" by mistake (copied from the first); its rows and its title "SOP PENGUKURAN KINERJA"
  are the measurement procedure, so it is :data:`PENGUKURAN`.
- **Pelaksana**: the columns are KEPALA, SEKRETARIS, BIDANG, TIM SAKIP, STAF; the flow marks
  are lost in the extraction (only the arrow of step 1 survives, in the SEKRETARIS column), so
  each step's pelaksana is read from its uraian: the one who acts and the one the uraian sends
  the work to ("Kepala Dinas memerintahkan Sekretaris" → Kepala, Sekretaris). The uraian's
  "Sekretariat" (steps 6–7) is the SEKRETARIS column. "Pengarsipan" names no one: none.
- **Missing waktu**: pengumpulan step 11 and pengukuran step 8 have no waktu in their table
  row (pengukuran 8: kelengkapan "Draft Laporan Hasil Pengukuran Data Kinerja", then the output
  "Laporan Hasil Pengukuran Kinerja, Lembar Disposisi", no waktu between them): ``None``, not
  invented. Pengarsipan has neither waktu nor output in either table.
- **Decisions**: pengumpulan step 10 and pengukuran step 8 carry "Tidak" (written "Ti lak" in
  the first table) and the next row "Ya"; YA goes to that next row. The TIDAK target,
  "dikembalikan untuk dilengkapi sesuai arahan", is not drawn: pengumpulan goes back to step 7
  (Sekretariat and Bidang complete the formulir), pengukuran to step 5 (the Tim measures
  again) — as for the first agency.
- **Lembar disposisi**: pengukuran step 8's output names "Lembar Disposisi" and step 9 takes it
  as kelengkapan with output "Disposisi Kepala Dinas": the sheet is rendered once, at step 8.
  In the collection table the sheet appears only as step 11's output "Disposisi kepala dinas":
  it is rendered at step 11.
- Pengukuran step 5's kelengkapan "Dokumen Pengukuran Data Kinerja" is kept as written (the
  first agency's table says "Dokumen Pengumpulan Data Kinerja").
"""

from __future__ import annotations

from naskah.model import DocumentSpec, Keputusan, Procedure, Step

KEPALA = "Kepala"
SEKRETARIS = "Sekretaris"
BIDANG = "Bidang"
TIM = "Tim SAKIP"
STAF = "Staf"
PELAKSANA = (KEPALA, SEKRETARIS, BIDANG, TIM, STAF)
"""The pelaksana columns of both tables, in table order."""

HARI = 300  # "1 Hari": one working day, see naskah.model.MENIT_PER_HARI_KERJA


def _doc(kind: str, variant: str = "", per_bidang: bool = False) -> DocumentSpec:
    return DocumentSpec(kind, variant, per_bidang)


# The step tables, one Step per table row: kept in table layout.
# fmt: off
PENGUMPULAN = Procedure(
    slug="pengumpulan",
    judul="Pengumpulan Data Kinerja",
    pelaksana=PELAKSANA,
    steps=(
        Step(1, "Kepala Dinas memerintahkan Sekretaris untuk melakukan pengumpulan data kinerja",
             (KEPALA, SEKRETARIS), ("Blangko Nota Dinas",), 5, "5 Menit", "Nota Dinas",
             (_doc("nota_dinas"),)),
        Step(2, "Sekretaris melakukan rapat dengan Tim SAKIP untuk memberikan arahan pelaksanaan "
                "kegiatan pengumpulan data kinerja",
             (SEKRETARIS, TIM), ("Nota Dinas",), 60, "60 Menit", "Notulen Rapat",
             (_doc("notulen_rapat"),)),
        Step(3, "Tim SAKIP menyusun rencana kegiatan pengumpulan kinerja",
             (TIM,), ("Notulen Rapat",), 120, "120 Menit", "Program Kerja Kegiatan",
             (_doc("program_kerja"),)),
        Step(4, "Tim SAKIP mengumpulkan dokumen-dokumen yang diperlukan untuk kegiatan "
                "pengumpulan data",
             (TIM,), ("Program Kerja Kegiatan", "RENSTRA", "Hasil Survey",
                      "Laporan Hasil Evaluasi", "SAKIP MENPAN RB"),
             HARI, "1 Hari", "Checklist Dokumen", (_doc("checklist_dokumen"),)),
        Step(5, "Tim SAKIP menyiapkan formulir pengumpulan data capaian kinerja",
             (TIM,), ("Draft Formulir pengumpulan data capaian kinerja",), 120, "120 Menit",
             "Formulir Pengumpulan Data capaian kinerja",
             (_doc("formulir_pengumpulan", per_bidang=True),)),
        Step(6, "Formulir pengumpulan data capaian kinerja didistribusikan kepada Sekretariat "
                "dan Bidang",
             (TIM, SEKRETARIS, BIDANG), ("Blangko formulir pengumpulan data capaian kinerja",),
             5, "5 Menit", "Bukti tanda terima formulir",
             (_doc("tanda_terima", per_bidang=True),)),
        Step(7, "Sekretariat dan Bidang dengan dibantu staf mengisi formulir pengumpulan data "
                "capaian kinerja selanjutnya menyerahkan formulir yang telah diisi kepada Tim "
                "SAKIP",
             (SEKRETARIS, BIDANG, STAF, TIM),
             ("Blangko formulir pengumpulan data capaian kinerja",), HARI, "1 Hari",
             "Formulir Pengumpulan Data capaian Kinerja yang sudah diisi",
             (_doc("formulir_pengumpulan", "terisi", per_bidang=True),)),
        Step(8, "Tim SAKIP merekap data capaian kinerja",
             (TIM,), ("Formulir pengumpulan data capaian kinerja yang sudah diisi",), 120,
             "120 Menit", "Rekapitulasi hasil pengumpulan data kinerja",
             (_doc("rekapitulasi_pengumpulan"),)),
        Step(9, "Tim SAKIP melaporkan hasil rekapitulasi data kinerja kepada Sekretaris",
             (TIM, SEKRETARIS), ("Rekapitulasi hasil pengumpulan data kinerja",), 30,
             "30 Menit", "Draf laporan hasil Pengumpulan data kinerja",
             (_doc("laporan_pengumpulan", "draft"),)),
        Step(10, "Sekretaris menganalisa laporan hasil pengumpulan data kinerja. Apabila setuju, "
                 "akan digunakan sebagai bahan untuk penyusunan Laporan Kinerja. Jika tidak, "
                 "maka dikembalikan untuk dilengkapi sesuai arahan.",
             (SEKRETARIS,), ("Draf laporan hasil Pengumpulan data kinerja",), 90, "90 Menit",
             "Laporan hasil Pengumpulan data kinerja", (_doc("laporan_pengumpulan"),),
             Keputusan(ya=11, tidak=7, pertanyaan="Setuju?")),
        Step(11, "Sekretaris melaporkan hasil pengumpulan data kinerja kepada Kepala Dinas",
             (SEKRETARIS, KEPALA), ("Laporan hasil Pengumpulan data kinerja",), None, "",
             "Disposisi kepala dinas", (_doc("lembar_disposisi"),)),
        Step(12, "Pengarsipan Data Kinerja",
             (), ("Arsip hasil Pengumpulan data kinerja",), None, "", "", ()),
    ),
)

PENGUKURAN = Procedure(
    slug="pengukuran",
    judul="Pengukuran Kinerja",
    pelaksana=PELAKSANA,
    steps=(
        Step(1, "Kepala Dinas memerintahkan Sekretaris untuk melakukan pengukuran kinerja",
             (KEPALA, SEKRETARIS), ("Blangko Nota Dinas",), 5, "5 Menit", "Nota Dinas",
             (_doc("nota_dinas"),)),
        Step(2, "Sekretaris melakukan rapat dengan Tim SAKIP untuk memberikan arahan pelaksanaan "
                "kegiatan pengukuran kinerja",
             (SEKRETARIS, TIM), ("Nota Dinas",), 60, "60 Menit", "Notulen Rapat",
             (_doc("notulen_rapat"),)),
        Step(3, "Tim SAKIP menyusun rencana kegiatan pengukuran kinerja",
             (TIM,), ("Notulen Rapat",), 120, "120 Menit", "Program Kerja Kegiatan",
             (_doc("program_kerja"),)),
        Step(4, "Tim SAKIP menyiapkan metodologi pengukuran capaian kinerja untuk tiap-tiap "
                "tujuan/sasaran/program/kegiatan berdasarkan indikator kinerja yang SMART",
             (TIM,), ("Juknis Pengukuran Kinerja MenPAN", "RENSTRA", "Program Kerja Kegiatan"),
             120, "120 Menit", "Kertas Kerja Pengukuran Kinerja",
             (_doc("kertas_kerja", "metodologi"),)),
        Step(5, "Tim SAKIP melakukan pengukuran capaian kinerja menggunakan metodologi yang telah "
                "ditetapkan",
             (TIM,), ("Kertas Kerja Pengukuran", "Dokumen Pengukuran Data Kinerja"), HARI,
             "1 Hari", "Kertas Kerja Pengukuran Kinerja", (_doc("kertas_kerja"),)),
        Step(6, "Tim SAKIP merekap seluruh hasil pengukuran capaian kinerja untuk tiap-tiap "
                "tujuan/sasaran/program/kegiatan",
             (TIM,), ("Kertas Kerja Pengukuran Kinerja",), 120, "120 Menit",
             "Rekapitulasi Hasil Pengukuran Kinerja", (_doc("rekapitulasi_pengukuran"),)),
        Step(7, "Tim SAKIP melaporkan hasil rekapitulasi pengukuran kinerja kepada Sekretaris",
             (TIM, SEKRETARIS), ("Rekapitulasi Hasil Pengukuran Kinerja",), 30, "30 Menit",
             "Draft Laporan Hasil Pengukuran Data Kinerja",
             (_doc("laporan_pengukuran", "draft"),)),
        Step(8, "Sekretaris menganalisa hasil rekapitulasi pengukuran kinerja. Apabila setuju, "
                "akan digunakan sebagai bahan untuk penyusunan Laporan Kinerja dan Evaluasi. "
                "Jika tidak, maka dikembalikan untuk dilengkapi sesuai arahan",
             (SEKRETARIS,), ("Draft Laporan Hasil Pengukuran Data Kinerja",), None, "",
             "Laporan Hasil Pengukuran Kinerja, Lembar Disposisi",
             (_doc("laporan_pengukuran"), _doc("lembar_disposisi")),
             Keputusan(ya=9, tidak=5, pertanyaan="Setuju?")),
        Step(9, "Sekretaris melaporkan data pengukuran kinerja kepada Kepala Dinas",
             (SEKRETARIS, KEPALA), ("Laporan Hasil Pengukuran Kinerja", "Lembar Disposisi"), 30,
             "30 menit", "Disposisi Kepala Dinas", ()),
        Step(10, "Pengarsipan pengukuran kinerja",
             (), ("Arsip Hasil Pengukuran Data Kinerja",), None, "", "", ()),
    ),
)

# fmt: on

PROCEDURES = (PENGUMPULAN, PENGUKURAN)
